// /v3/services through the HTTP API: CRUD, filters, the catalog of new tokens, and refusals that change nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Harness, startHarness } from '../../test/harness.js';

type Json = Record<string, unknown>;

describe('/v3/services', () => {
  let h: Harness;
  let admin: string;
  let demo: string;

  before(async () => {
    h = await startHarness();
    admin = await h.adminToken();
    demo = await h.token('demo', h.credentials.demo.password, 'demo');
  });
  after(() => h.close());

  const services = async () => (await h.call(admin, 'GET', '/v3/services')).data.services as Json[];
  /** The catalog of a token issued now. */
  const catalog = async () => {
    const response = await h.call(undefined, 'POST', '/v3/auth/tokens', {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'admin', domain: { id: 'default' }, password: h.credentials.admin.password } },
        },
        scope: { project: { name: 'admin', domain: { id: 'default' } } },
      },
    });
    return (response.data.token as Json).catalog as Json[];
  };

  test('create, read, list with filters, update and delete', async () => {
    const created = await h.call(admin, 'POST', '/v3/services', {
      service: { type: 'compute', name: 'nova', description: 'Compute', id: 'ignored', flavor: 'extra' },
    });
    assert.equal(created.statusCode, 201);
    const service = created.data.service as Json;
    assert.match(String(service.id), /^[0-9a-f]{32}$/, 'Keystone assigns the id whatever the body says');
    assert.deepEqual(
      {
        type: service.type,
        name: service.name,
        description: service.description,
        enabled: service.enabled,
        flavor: service.flavor,
      },
      { type: 'compute', name: 'nova', description: 'Compute', enabled: true, flavor: 'extra' },
    );
    assert.match(String((service.links as Json).self), new RegExp(`/identity/v3/services/${service.id}$`));

    const bare = await h.call(admin, 'POST', '/v3/services', { service: { type: 'image', enabled: false } });
    assert.equal(bare.statusCode, 201);
    assert.equal((bare.data.service as Json).name, '', 'a service without a name gets "" as in Keystone');
    assert.equal('description' in (bare.data.service as Json), false);
    assert.equal((bare.data.service as Json).enabled, false);

    assert.equal(((await h.call(admin, 'GET', `/v3/services/${service.id}`)).data.service as Json).name, 'nova');
    const byType = (await h.call(admin, 'GET', '/v3/services?type=compute')).data.services as Json[];
    assert.deepEqual(
      byType.map((s) => s.id),
      [service.id],
    );
    const byName = (await h.call(admin, 'GET', '/v3/services?name=keystone')).data.services as Json[];
    assert.deepEqual(
      byName.map((s) => s.type),
      ['identity'],
    );
    assert.equal((await services()).length, 3);

    const patched = await h.call(admin, 'PATCH', `/v3/services/${service.id}`, {
      service: { name: 'nova2', enabled: false, id: service.id },
    });
    assert.equal(patched.statusCode, 200);
    assert.deepEqual(
      {
        name: (patched.data.service as Json).name,
        enabled: (patched.data.service as Json).enabled,
        flavor: (patched.data.service as Json).flavor,
      },
      { name: 'nova2', enabled: false, flavor: 'extra' },
    );

    for (const id of [service.id, (bare.data.service as Json).id]) {
      assert.equal((await h.call(admin, 'DELETE', `/v3/services/${id}`)).statusCode, 204);
      assert.equal((await h.call(admin, 'GET', `/v3/services/${id}`)).statusCode, 404);
    }
  });

  test('a new token lists enabled services only, and deleting a service removes its endpoints', async () => {
    const created = await h.call(admin, 'POST', '/v3/services', { service: { type: 'volumev3', name: 'cinder' } });
    const id = String((created.data.service as Json).id);
    const endpoint = await h.call(admin, 'POST', '/v3/endpoints', {
      endpoint: { service_id: id, interface: 'public', url: 'http://cinder.example/v3', region_id: 'RegionOne' },
    });
    assert.equal(endpoint.statusCode, 201);
    const entry = (await catalog()).find((s) => s.id === id);
    assert.deepEqual(
      { type: entry?.type, name: entry?.name, urls: ((entry?.endpoints ?? []) as Json[]).map((e) => e.url) },
      { type: 'volumev3', name: 'cinder', urls: ['http://cinder.example/v3'] },
    );

    await h.call(admin, 'PATCH', `/v3/services/${id}`, { service: { enabled: false } });
    assert.equal(
      (await catalog()).some((s) => s.id === id),
      false,
      'a disabled service leaves the catalog',
    );
    await h.call(admin, 'PATCH', `/v3/services/${id}`, { service: { enabled: true, name: 'block' } });
    assert.equal((await catalog()).find((s) => s.id === id)?.name, 'block');

    assert.equal((await h.call(admin, 'DELETE', `/v3/services/${id}`)).statusCode, 204);
    const endpointId = (endpoint.data.endpoint as Json).id;
    assert.equal((await h.call(admin, 'GET', `/v3/endpoints/${endpointId}`)).statusCode, 404);
    assert.equal(
      (await catalog()).some((s) => s.id === id),
      false,
    );
  });

  test('refusals change nothing', async (t) => {
    const identity = (await services()).find((s) => s.type === 'identity')!;
    const cases: {
      name: string;
      as?: 'demo' | 'none';
      method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
      path: string;
      body?: unknown;
      status: number;
      message?: RegExp;
    }[] = [
      { name: 'no token', as: 'none', method: 'GET', path: '/v3/services', status: 401 },
      {
        name: 'member lists',
        as: 'demo',
        method: 'GET',
        path: '/v3/services',
        status: 403,
        message: /identity:list_services/,
      },
      {
        name: 'member reads',
        as: 'demo',
        method: 'GET',
        path: `/v3/services/${identity.id}`,
        status: 403,
        message: /identity:get_service/,
      },
      {
        name: 'member creates',
        as: 'demo',
        method: 'POST',
        path: '/v3/services',
        body: { service: { type: 'x' } },
        status: 403,
      },
      {
        name: 'member updates',
        as: 'demo',
        method: 'PATCH',
        path: `/v3/services/${identity.id}`,
        body: { service: { name: 'x' } },
        status: 403,
      },
      { name: 'member deletes', as: 'demo', method: 'DELETE', path: `/v3/services/${identity.id}`, status: 403 },
      { name: 'type missing', method: 'POST', path: '/v3/services', body: { service: { name: 'x' } }, status: 400 },
      { name: 'type empty', method: 'POST', path: '/v3/services', body: { service: { type: '' } }, status: 400 },
      {
        name: 'enabled not boolean',
        method: 'POST',
        path: '/v3/services',
        body: { service: { type: 'x', enabled: 'yes' } },
        status: 400,
      },
      { name: 'no service member', method: 'POST', path: '/v3/services', body: { type: 'x' }, status: 400 },
      {
        name: 'empty update',
        method: 'PATCH',
        path: `/v3/services/${identity.id}`,
        body: { service: {} },
        status: 400,
      },
      {
        name: 'id change',
        method: 'PATCH',
        path: `/v3/services/${identity.id}`,
        body: { service: { id: 'x' } },
        status: 400,
        message: /Cannot change ID/,
      },
      {
        name: 'get of a missing service',
        method: 'GET',
        path: '/v3/services/nope',
        status: 404,
        message: /Could not find service: nope\./,
      },
      {
        name: 'update of a missing service',
        method: 'PATCH',
        path: '/v3/services/nope',
        body: { service: { name: 'x' } },
        status: 404,
      },
      { name: 'delete of a missing service', method: 'DELETE', path: '/v3/services/nope', status: 404 },
    ];
    for (const c of cases) {
      await t.test(`${c.name} → ${c.status}`, async () => {
        const token = c.as === 'none' ? undefined : c.as === 'demo' ? demo : admin;
        const before = await services();
        const response = await h.call(token, c.method, c.path, c.body);
        assert.equal(response.statusCode, c.status, response.body);
        const error = response.data.error as { code: number; message: string };
        assert.equal(error.code, c.status);
        if (c.message) assert.match(error.message, c.message);
        assert.deepEqual(await services(), before);
      });
    }
  });
});
