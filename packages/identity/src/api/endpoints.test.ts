// /v3/endpoints through the HTTP API: CRUD, filters, the legacy `region`, the catalog, and refusals that change nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Harness, startHarness } from '../../test/harness.js';

type Json = Record<string, unknown>;

describe('/v3/endpoints', () => {
  let h: Harness;
  let admin: string;
  let demo: string;
  let serviceId: string;

  before(async () => {
    h = await startHarness();
    admin = await h.adminToken();
    demo = await h.token('demo', h.credentials.demo.password, 'demo');
    const service = await h.call(admin, 'POST', '/v3/services', { service: { type: 'image', name: 'glance' } });
    serviceId = String((service.data.service as Json).id);
  });
  after(() => h.close());

  const endpoints = async () => (await h.call(admin, 'GET', '/v3/endpoints')).data.endpoints as Json[];
  const regionIds = async () => ((await h.call(admin, 'GET', '/v3/regions')).data.regions as Json[]).map((r) => r.id);
  const catalogEntry = async () => {
    const response = await h.call(undefined, 'POST', '/v3/auth/tokens', {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'demo', domain: { id: 'default' }, password: h.credentials.demo.password } },
        },
        scope: { project: { name: 'demo', domain: { id: 'default' } } },
      },
    });
    return ((response.data.token as Json).catalog as Json[]).find((s) => s.id === serviceId);
  };

  test('create, read, list with filters, update and delete', async () => {
    const created = await h.call(admin, 'POST', '/v3/endpoints', {
      endpoint: {
        service_id: serviceId,
        interface: 'public',
        url: 'http://glance.example:9292',
        region_id: 'RegionOne',
        name: 'img',
      },
    });
    assert.equal(created.statusCode, 201);
    const endpoint = created.data.endpoint as Json;
    assert.deepEqual(
      {
        interface: endpoint.interface,
        url: endpoint.url,
        service_id: endpoint.service_id,
        region_id: endpoint.region_id,
        region: endpoint.region,
        enabled: endpoint.enabled,
        name: endpoint.name,
      },
      {
        interface: 'public',
        url: 'http://glance.example:9292',
        service_id: serviceId,
        region_id: 'RegionOne',
        region: 'RegionOne',
        enabled: true,
        name: 'img',
      },
    );
    assert.match(String((endpoint.links as Json).self), new RegExp(`/identity/v3/endpoints/${endpoint.id}$`));

    const internal = await h.call(admin, 'POST', '/v3/endpoints', {
      endpoint: {
        service_id: serviceId,
        interface: 'internal',
        url: 'http://glance.internal:9292/$(project_id)s',
        enabled: false,
      },
    });
    assert.equal(internal.statusCode, 201);
    assert.deepEqual(
      { region_id: (internal.data.endpoint as Json).region_id, region: (internal.data.endpoint as Json).region },
      { region_id: null, region: null },
    );

    assert.equal(
      ((await h.call(admin, 'GET', `/v3/endpoints/${endpoint.id}`)).data.endpoint as Json).url,
      'http://glance.example:9292',
    );
    const ids = async (query: string) =>
      ((await h.call(admin, 'GET', `/v3/endpoints?${query}`)).data.endpoints as Json[]).map((e) => e.id).sort();
    assert.deepEqual(await ids(`service_id=${serviceId}`), [endpoint.id, (internal.data.endpoint as Json).id].sort());
    assert.deepEqual(await ids(`service_id=${serviceId}&interface=internal`), [(internal.data.endpoint as Json).id]);
    assert.deepEqual(await ids(`service_id=${serviceId}&region_id=RegionOne`), [endpoint.id]);
    assert.equal((await endpoints()).length, 5, 'the three identity endpoints of bootstrap and these two');

    const patched = await h.call(admin, 'PATCH', `/v3/endpoints/${endpoint.id}`, {
      endpoint: { url: 'https://glance.example', interface: 'admin', region_id: null, description: 'images' },
    });
    assert.equal(patched.statusCode, 200);
    assert.deepEqual(
      {
        url: (patched.data.endpoint as Json).url,
        interface: (patched.data.endpoint as Json).interface,
        region: (patched.data.endpoint as Json).region,
        description: (patched.data.endpoint as Json).description,
        name: (patched.data.endpoint as Json).name,
      },
      { url: 'https://glance.example', interface: 'admin', region: null, description: 'images', name: 'img' },
    );

    for (const id of [endpoint.id, (internal.data.endpoint as Json).id]) {
      assert.equal((await h.call(admin, 'DELETE', `/v3/endpoints/${id}`)).statusCode, 204);
      assert.equal((await h.call(admin, 'GET', `/v3/endpoints/${id}`)).statusCode, 404);
    }
  });

  test('the legacy `region` attribute names a region, created when missing', async () => {
    const created = await h.call(admin, 'POST', '/v3/endpoints', {
      endpoint: { service_id: serviceId, interface: 'public', url: 'http://legacy.example', region: 'LegacyRegion' },
    });
    assert.equal(created.statusCode, 201);
    assert.deepEqual(
      { region_id: (created.data.endpoint as Json).region_id, region: (created.data.endpoint as Json).region },
      { region_id: 'LegacyRegion', region: 'LegacyRegion' },
    );
    assert.ok((await regionIds()).includes('LegacyRegion'));
    assert.equal(
      (await h.call(admin, 'DELETE', `/v3/endpoints/${(created.data.endpoint as Json).id}`)).statusCode,
      204,
    );
    assert.equal((await h.call(admin, 'DELETE', '/v3/regions/LegacyRegion')).statusCode, 204);
  });

  test('new tokens show created, disabled and deleted endpoints as they are now', async () => {
    const created = await h.call(admin, 'POST', '/v3/endpoints', {
      endpoint: { service_id: serviceId, interface: 'public', url: 'http://catalog.example', region_id: 'RegionOne' },
    });
    const id = (created.data.endpoint as Json).id;
    assert.deepEqual((await catalogEntry())?.endpoints, [
      { id, interface: 'public', region: 'RegionOne', region_id: 'RegionOne', url: 'http://catalog.example' },
    ]);
    await h.call(admin, 'PATCH', `/v3/endpoints/${id}`, { endpoint: { url: 'http://moved.example' } });
    assert.equal(((await catalogEntry())?.endpoints as Json[] | undefined)?.[0]?.url, 'http://moved.example');
    await h.call(admin, 'PATCH', `/v3/endpoints/${id}`, { endpoint: { enabled: false } });
    assert.deepEqual((await catalogEntry())?.endpoints, []);
    await h.call(admin, 'DELETE', `/v3/endpoints/${id}`);
    assert.deepEqual((await catalogEntry())?.endpoints, []);
  });

  test('refusals change nothing', async (t) => {
    const identity = (await endpoints())[0]!;
    const body = (endpoint: Json) => ({
      endpoint: { service_id: serviceId, interface: 'public', url: 'http://x.example', ...endpoint },
    });
    const cases: {
      name: string;
      as?: 'demo' | 'none';
      method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
      path: string;
      body?: unknown;
      status: number;
      message?: RegExp;
    }[] = [
      { name: 'no token', as: 'none', method: 'GET', path: '/v3/endpoints', status: 401 },
      {
        name: 'member lists',
        as: 'demo',
        method: 'GET',
        path: '/v3/endpoints',
        status: 403,
        message: /identity:list_endpoints/,
      },
      { name: 'member reads', as: 'demo', method: 'GET', path: `/v3/endpoints/${identity.id}`, status: 403 },
      {
        name: 'member creates',
        as: 'demo',
        method: 'POST',
        path: '/v3/endpoints',
        body: body({}),
        status: 403,
        message: /identity:create_endpoint/,
      },
      {
        name: 'member updates',
        as: 'demo',
        method: 'PATCH',
        path: `/v3/endpoints/${identity.id}`,
        body: { endpoint: { url: 'http://y' } },
        status: 403,
      },
      { name: 'member deletes', as: 'demo', method: 'DELETE', path: `/v3/endpoints/${identity.id}`, status: 403 },
      {
        name: 'unknown interface',
        method: 'POST',
        path: '/v3/endpoints',
        body: body({ interface: 'private' }),
        status: 400,
      },
      {
        name: 'url missing',
        method: 'POST',
        path: '/v3/endpoints',
        body: { endpoint: { service_id: serviceId, interface: 'public' } },
        status: 400,
      },
      {
        name: 'url without a scheme',
        method: 'POST',
        path: '/v3/endpoints',
        body: body({ url: 'glance.example' }),
        status: 400,
      },
      {
        name: 'url with an unknown substitution',
        method: 'POST',
        path: '/v3/endpoints',
        body: body({ url: 'http://x/$(tenant)s' }),
        status: 400,
        message: /invalid URL/,
      },
      {
        name: 'service missing',
        method: 'POST',
        path: '/v3/endpoints',
        body: body({ service_id: 'nope' }),
        status: 400,
        message: /endpoint service_id in service table/,
      },
      {
        name: 'region_id missing',
        method: 'POST',
        path: '/v3/endpoints',
        body: body({ region_id: 'nope' }),
        status: 400,
        message: /endpoint region_id in region table/,
      },
      {
        name: 'legacy region with a missing service',
        method: 'POST',
        path: '/v3/endpoints',
        body: body({ service_id: 'nope', region: 'NewRegion' }),
        status: 400,
      },
      {
        name: 'enabled not boolean',
        method: 'POST',
        path: '/v3/endpoints',
        body: body({ enabled: 'true' }),
        status: 400,
      },
      { name: 'unknown interface filter', method: 'GET', path: '/v3/endpoints?interface=private', status: 400 },
      {
        name: 'update to a missing service',
        method: 'PATCH',
        path: `/v3/endpoints/${identity.id}`,
        body: { endpoint: { service_id: 'nope' } },
        status: 400,
      },
      {
        name: 'update to a missing region_id',
        method: 'PATCH',
        path: `/v3/endpoints/${identity.id}`,
        body: { endpoint: { region_id: 'nope' } },
        status: 400,
      },
      {
        name: 'update to an unknown interface',
        method: 'PATCH',
        path: `/v3/endpoints/${identity.id}`,
        body: { endpoint: { interface: 'x' } },
        status: 400,
      },
      {
        name: 'id change',
        method: 'PATCH',
        path: `/v3/endpoints/${identity.id}`,
        body: { endpoint: { id: 'x' } },
        status: 400,
        message: /Cannot change ID/,
      },
      {
        name: 'empty update',
        method: 'PATCH',
        path: `/v3/endpoints/${identity.id}`,
        body: { endpoint: {} },
        status: 400,
      },
      {
        name: 'get of a missing endpoint',
        method: 'GET',
        path: '/v3/endpoints/nope',
        status: 404,
        message: /Could not find endpoint: nope\./,
      },
      {
        name: 'update of a missing endpoint',
        method: 'PATCH',
        path: '/v3/endpoints/nope',
        body: { endpoint: { url: 'http://y' } },
        status: 404,
      },
      { name: 'delete of a missing endpoint', method: 'DELETE', path: '/v3/endpoints/nope', status: 404 },
    ];
    for (const c of cases) {
      await t.test(`${c.name} → ${c.status}`, async () => {
        const token = c.as === 'none' ? undefined : c.as === 'demo' ? demo : admin;
        const before = [await endpoints(), await regionIds()];
        const response = await h.call(token, c.method, c.path, c.body);
        assert.equal(response.statusCode, c.status, response.body);
        const error = response.data.error as { code: number; message: string };
        assert.equal(error.code, c.status);
        if (c.message) assert.match(error.message, c.message);
        assert.deepEqual([await endpoints(), await regionIds()], before);
      });
    }
  });
});
