// /v3/regions through the HTTP API: CRUD, the hierarchy rules, and refusals that change nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Harness, startHarness } from '../../test/harness.js';

describe('/v3/regions', () => {
  let h: Harness;
  let admin: string;
  let demo: string;

  before(async () => {
    h = await startHarness();
    admin = await h.adminToken();
    demo = await h.token('demo', h.credentials.demo.password, 'demo');
  });
  after(() => h.close());

  const regions = async () => (await h.call(admin, 'GET', '/v3/regions')).data.regions as Record<string, unknown>[];

  test('create, read, list, update and delete', async () => {
    const generated = await h.call(admin, 'POST', '/v3/regions', { region: { description: 'generated id' } });
    assert.equal(generated.statusCode, 201);
    const region = generated.data.region as Record<string, unknown>;
    assert.match(String(region.id), /^[0-9a-f]{32}$/);
    assert.deepEqual(
      { description: region.description, parent_region_id: region.parent_region_id },
      { description: 'generated id', parent_region_id: null },
    );
    assert.match(
      String((region.links as Record<string, string>).self),
      new RegExp(`/identity/v3/regions/${region.id}$`),
    );

    const emptyId = await h.call(admin, 'POST', '/v3/regions', { region: { id: '' } });
    assert.equal(emptyId.statusCode, 201);
    assert.match(String((emptyId.data.region as Record<string, unknown>).id), /^[0-9a-f]{32}$/);
    assert.equal((emptyId.data.region as Record<string, unknown>).description, '');

    const chosen = await h.call(admin, 'POST', '/v3/regions', { region: { id: 'RegionTwo', custom: 'kept' } });
    assert.equal(chosen.statusCode, 201);
    assert.equal((chosen.data.region as Record<string, unknown>).custom, 'kept');

    const put = await h.call(admin, 'PUT', '/v3/regions/RegionTwo-a', { region: { parent_region_id: 'RegionTwo' } });
    assert.equal(put.statusCode, 201);
    assert.deepEqual(
      {
        id: (put.data.region as Record<string, unknown>).id,
        parent: (put.data.region as Record<string, unknown>).parent_region_id,
      },
      { id: 'RegionTwo-a', parent: 'RegionTwo' },
    );

    const shown = await h.call(demo, 'GET', '/v3/regions/RegionTwo-a');
    assert.equal(shown.statusCode, 200, 'any token may read regions');
    assert.equal((shown.data.region as Record<string, unknown>).parent_region_id, 'RegionTwo');

    const children = await h.call(demo, 'GET', '/v3/regions?parent_region_id=RegionTwo');
    assert.deepEqual(
      (children.data.regions as Record<string, unknown>[]).map((r) => r.id),
      ['RegionTwo-a'],
    );
    assert.ok((children.data.links as Record<string, unknown>).self);
    const all = await regions();
    assert.ok(['RegionOne', 'RegionTwo', 'RegionTwo-a', region.id].every((id) => all.some((r) => r.id === id)));

    const patched = await h.call(admin, 'PATCH', '/v3/regions/RegionTwo-a', {
      region: { description: 'child', parent_region_id: null, custom: 'x' },
    });
    assert.equal(patched.statusCode, 200);
    assert.deepEqual(
      {
        description: (patched.data.region as Record<string, unknown>).description,
        parent: (patched.data.region as Record<string, unknown>).parent_region_id,
        custom: (patched.data.region as Record<string, unknown>).custom,
      },
      { description: 'child', parent: null, custom: 'x' },
    );
    const nulled = await h.call(admin, 'PATCH', '/v3/regions/RegionTwo-a', { region: { description: null } });
    assert.equal((nulled.data.region as Record<string, unknown>).description, '', 'a null description is stored as ""');

    for (const id of ['RegionTwo-a', 'RegionTwo', String(region.id)]) {
      assert.equal((await h.call(admin, 'DELETE', `/v3/regions/${id}`)).statusCode, 204);
      assert.equal((await h.call(admin, 'GET', `/v3/regions/${id}`)).statusCode, 404);
    }
  });

  describe('refusals change nothing', async () => {
    before(async () => {
      for (const [id, parent] of [
        ['top', null],
        ['mid', 'top'],
        ['leaf', 'mid'],
      ] as const) {
        const created = await h.call(admin, 'PUT', `/v3/regions/${id}`, { region: { parent_region_id: parent } });
        assert.equal(created.statusCode, 201);
      }
    });

    const cases: {
      name: string;
      as?: 'admin' | 'demo' | 'none';
      method: 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'GET';
      path: string;
      body?: unknown;
      status: number;
      message?: RegExp;
    }[] = [
      { name: 'no token', as: 'none', method: 'GET', path: '/v3/regions', status: 401 },
      {
        name: 'member creates',
        as: 'demo',
        method: 'POST',
        path: '/v3/regions',
        body: { region: { id: 'x' } },
        status: 403,
        message: /identity:create_region/,
      },
      { name: 'member puts', as: 'demo', method: 'PUT', path: '/v3/regions/x', body: { region: {} }, status: 403 },
      {
        name: 'member updates',
        as: 'demo',
        method: 'PATCH',
        path: '/v3/regions/top',
        body: { region: { description: 'x' } },
        status: 403,
        message: /identity:update_region/,
      },
      {
        name: 'member deletes',
        as: 'demo',
        method: 'DELETE',
        path: '/v3/regions/leaf',
        status: 403,
        message: /identity:delete_region/,
      },
      {
        name: 'duplicate id by POST',
        method: 'POST',
        path: '/v3/regions',
        body: { region: { id: 'top' } },
        status: 409,
        message: /Duplicate ID, top/,
      },
      { name: 'duplicate id by PUT', method: 'PUT', path: '/v3/regions/mid', body: { region: {} }, status: 409 },
      {
        name: 'missing parent on create',
        method: 'POST',
        path: '/v3/regions',
        body: { region: { id: 'y', parent_region_id: 'nope' } },
        status: 404,
        message: /Could not find region: nope/,
      },
      {
        name: 'PUT with a different body id',
        method: 'PUT',
        path: '/v3/regions/z',
        body: { region: { id: 'w' } },
        status: 400,
        message: /Conflicting region IDs/,
      },
      { name: 'no region member', method: 'POST', path: '/v3/regions', body: { regions: {} }, status: 400 },
      {
        name: 'description too long',
        method: 'POST',
        path: '/v3/regions',
        body: { region: { description: 'd'.repeat(256) } },
        status: 400,
      },
      {
        name: 'parent not a string',
        method: 'POST',
        path: '/v3/regions',
        body: { region: { parent_region_id: 5 } },
        status: 400,
      },
      {
        name: 'cycle through a descendant',
        method: 'PATCH',
        path: '/v3/regions/top',
        body: { region: { parent_region_id: 'leaf' } },
        status: 400,
        message: /circular region hierarchy/,
      },
      {
        name: 'own parent',
        method: 'PATCH',
        path: '/v3/regions/mid',
        body: { region: { parent_region_id: 'mid' } },
        status: 400,
      },
      {
        name: 'missing parent on update',
        method: 'PATCH',
        path: '/v3/regions/mid',
        body: { region: { parent_region_id: 'nope' } },
        status: 404,
      },
      {
        name: 'id change',
        method: 'PATCH',
        path: '/v3/regions/mid',
        body: { region: { id: 'other' } },
        status: 400,
        message: /Cannot change ID/,
      },
      { name: 'empty update', method: 'PATCH', path: '/v3/regions/mid', body: { region: {} }, status: 400 },
      {
        name: 'update of a missing region',
        method: 'PATCH',
        path: '/v3/regions/nope',
        body: { region: { description: 'x' } },
        status: 404,
      },
      {
        name: 'get of a missing region',
        method: 'GET',
        path: '/v3/regions/nope',
        status: 404,
        message: /Could not find region: nope\./,
      },
      { name: 'delete of a missing region', method: 'DELETE', path: '/v3/regions/nope', status: 404 },
      { name: 'delete of a region with children', method: 'DELETE', path: '/v3/regions/mid', status: 403 },
      {
        name: 'delete of a region with endpoints',
        method: 'DELETE',
        path: '/v3/regions/RegionOne',
        status: 403,
        message: /associated endpoints/,
      },
    ];
    for (const c of cases) {
      test(`${c.name} → ${c.status}`, async () => {
        const token = c.as === 'none' ? undefined : c.as === 'demo' ? demo : admin;
        const before = await regions();
        const response = await h.call(token, c.method, c.path, c.body);
        assert.equal(response.statusCode, c.status, response.body);
        const error = response.data.error as { code: number; title: string; message: string };
        assert.equal(error.code, c.status);
        assert.equal(typeof error.title, 'string');
        if (c.message) assert.match(error.message, c.message);
        assert.deepEqual(await regions(), before);
      });
    }
  });
});
