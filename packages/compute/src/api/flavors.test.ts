// /flavors through the HTTP API: CRUD by microversion, visibility of private flavors, access, extra specs, paging.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertFault, type Harness, startHarness } from '../../test/harness.js';

describe('/flavors', () => {
  let h: Harness;
  let admin: string;
  let demo: string;

  before(async () => {
    h = await startHarness();
    admin = await h.adminToken();
    demo = await h.demoToken();
  });
  after(() => h.close());

  const create = (flavor: Record<string, unknown>, version?: string) =>
    h.call(admin, 'POST', '/v2.1/flavors', { flavor }, version);

  test('create, show, list, update description, delete', async () => {
    const created = await create({ name: 'f.small', ram: 512, vcpus: 1, disk: 1, id: 'f1' });
    assert.equal(created.statusCode, 200, created.body);
    const flavor = created.data.flavor as Record<string, unknown>;
    assert.deepEqual(
      { id: flavor.id, swap: flavor.swap, public: flavor['os-flavor-access:is_public'], rxtx: flavor.rxtx_factor },
      { id: 'f1', swap: '', public: true, rxtx: 1 },
      'before 2.75 a zero swap is ""',
    );
    assert.equal('description' in flavor, false, 'no description before 2.55');

    const numeric = await create({ name: 'f.num', ram: '1024', vcpus: '2', disk: 0, id: 42, swap: 512 });
    assert.equal(numeric.statusCode, 200, numeric.body);
    assert.equal((numeric.data.flavor as Record<string, unknown>).id, '42', 'a numeric id becomes a string');
    const generated = await create({ name: 'f.gen', ram: 64, vcpus: 1, disk: 1 }, '2.55');
    assert.match(String((generated.data.flavor as Record<string, unknown>).id), /^[0-9a-f-]{36}$/);
    assert.equal((generated.data.flavor as Record<string, unknown>).description, null);

    const shown = await h.call(demo, 'GET', '/v2.1/flavors/f1', undefined, '2.75');
    assert.equal(shown.statusCode, 200);
    const detail = shown.data.flavor as Record<string, unknown>;
    assert.equal(detail.swap, 0, 'from 2.75 swap is a number');
    assert.deepEqual(detail.extra_specs, {}, 'readers see extra specs from 2.61');

    const list = await h.call(demo, 'GET', '/v2.1/flavors');
    const ids = (list.data.flavors as Record<string, unknown>[]).map((f) => f.id);
    assert.ok(ids.includes('f1') && ids.includes('42'));
    assert.deepEqual(Object.keys((list.data.flavors as Record<string, unknown>[])[0]!).sort(), ['id', 'links', 'name']);

    const updated = await h.call(admin, 'PUT', '/v2.1/flavors/f1', { flavor: { description: 'small one' } }, '2.55');
    assert.equal(updated.statusCode, 200, updated.body);
    assert.equal((updated.data.flavor as Record<string, unknown>).description, 'small one');
    assertFault(await h.call(admin, 'PUT', '/v2.1/flavors/f1', { flavor: { description: 'x' } }, '2.54'), 404);

    assertFault(
      await create({ name: 'f.small', ram: 1, vcpus: 1, disk: 1 }),
      409,
      'Flavor with name f.small already exists.',
    );
    assertFault(
      await create({ name: 'other', ram: 1, vcpus: 1, disk: 1, id: 'f1' }),
      409,
      'Flavor with ID f1 already exists.',
    );

    const removed = await h.call(admin, 'DELETE', '/v2.1/flavors/42');
    assert.equal(removed.statusCode, 202);
    assertFault(await h.call(admin, 'GET', '/v2.1/flavors/42'), 404, 'Flavor 42 could not be found.');
  });

  test('members may not manage flavors', async () => {
    assertFault(await h.call(demo, 'POST', '/v2.1/flavors', { flavor: { name: 'x', ram: 1, vcpus: 1, disk: 1 } }), 403);
    assertFault(await h.call(demo, 'DELETE', '/v2.1/flavors/f1'), 403);
    assertFault(await h.call(demo, 'POST', '/v2.1/flavors/f1/os-extra_specs', { extra_specs: { a: 'b' } }), 403);
  });

  test('private flavors are visible to granted projects only', async () => {
    const created = await create({
      name: 'private',
      ram: 128,
      vcpus: 1,
      disk: 1,
      id: 'p1',
      'os-flavor-access:is_public': false,
    });
    assert.equal(created.statusCode, 200, created.body);
    assertFault(await h.call(demo, 'GET', '/v2.1/flavors/p1'), 404);
    const demoIds = async () =>
      ((await h.call(demo, 'GET', '/v2.1/flavors')).data.flavors as { id: string }[]).map((f) => f.id);
    assert.equal((await demoIds()).includes('p1'), false);

    const access = await h.call(admin, 'GET', '/v2.1/flavors/p1/os-flavor-access');
    assert.deepEqual(access.data, { flavor_access: [] });
    assertFault(
      await h.call(admin, 'GET', '/v2.1/flavors/f1/os-flavor-access'),
      404,
      'Access list not available for public flavors.',
    );

    const granted = await h.call(admin, 'POST', '/v2.1/flavors/p1/action', {
      addTenantAccess: { tenant: h.projects.demo },
    });
    assert.equal(granted.statusCode, 200, granted.body);
    assert.deepEqual(granted.data, { flavor_access: [{ flavor_id: 'p1', tenant_id: h.projects.demo }] });
    assertFault(
      await h.call(admin, 'POST', '/v2.1/flavors/p1/action', { addTenantAccess: { tenant: h.projects.demo } }),
      409,
    );
    assertFault(
      await h.call(admin, 'POST', '/v2.1/flavors/p1/action', { addTenantAccess: { tenant: 'no-such-project' } }),
      400,
      'Project ID no-such-project is not a valid project.',
    );
    assertFault(
      await h.call(admin, 'POST', '/v2.1/flavors/f1/action', { addTenantAccess: { tenant: h.projects.demo } }, '2.7'),
      409,
      'Can not add access to a public flavor.',
    );
    assert.ok((await demoIds()).includes('p1'));
    assert.equal((await h.call(demo, 'GET', '/v2.1/flavors/p1')).statusCode, 200);

    const revoked = await h.call(admin, 'POST', '/v2.1/flavors/p1/action', {
      removeTenantAccess: { tenant: h.projects.demo },
    });
    assert.deepEqual(revoked.data, { flavor_access: [] });
    assertFault(
      await h.call(admin, 'POST', '/v2.1/flavors/p1/action', { removeTenantAccess: { tenant: h.projects.demo } }),
      404,
    );

    const adminDefault = ((await h.call(admin, 'GET', '/v2.1/flavors')).data.flavors as { id: string }[]).map(
      (f) => f.id,
    );
    assert.equal(adminDefault.includes('p1'), false, 'is_public defaults to true for admins too');
    const adminAll = (
      (await h.call(admin, 'GET', '/v2.1/flavors?is_public=none')).data.flavors as { id: string }[]
    ).map((f) => f.id);
    assert.ok(adminAll.includes('p1'));
    const adminPrivate = (
      (await h.call(admin, 'GET', '/v2.1/flavors?is_public=false')).data.flavors as { id: string }[]
    ).map((f) => f.id);
    assert.deepEqual(adminPrivate, ['p1']);
    assertFault(await h.call(admin, 'GET', '/v2.1/flavors?is_public=maybe'), 400, 'Invalid is_public filter [maybe]');
  });

  test('extra specs', async () => {
    const set = await h.call(admin, 'POST', '/v2.1/flavors/f1/os-extra_specs', {
      extra_specs: { 'hw:cpu_policy': 'shared', n: 4 },
    });
    assert.equal(set.statusCode, 200, set.body);
    const list = await h.call(demo, 'GET', '/v2.1/flavors/f1/os-extra_specs');
    assert.deepEqual(list.data, { extra_specs: { 'hw:cpu_policy': 'shared', n: '4' } });
    const one = await h.call(demo, 'GET', '/v2.1/flavors/f1/os-extra_specs/n');
    assert.deepEqual(one.data, { n: '4' });
    const put = await h.call(admin, 'PUT', '/v2.1/flavors/f1/os-extra_specs/n', { n: '8' });
    assert.deepEqual(put.data, { n: '8' });
    assertFault(
      await h.call(admin, 'PUT', '/v2.1/flavors/f1/os-extra_specs/n', { m: '8' }),
      400,
      'Request body and URI mismatch',
    );
    assert.equal((await h.call(admin, 'DELETE', '/v2.1/flavors/f1/os-extra_specs/n')).statusCode, 200);
    assertFault(
      await h.call(demo, 'GET', '/v2.1/flavors/f1/os-extra_specs/n'),
      404,
      'Flavor f1 has no extra specs with key n.',
    );
    const detail = await h.call(demo, 'GET', '/v2.1/flavors/detail', undefined, '2.61');
    const f1 = (detail.data.flavors as Record<string, unknown>[]).find((f) => f.id === 'f1')!;
    assert.deepEqual(f1.extra_specs, { 'hw:cpu_policy': 'shared' });
  });

  test('filters, sorting and paging', async () => {
    for (const [id, ram, disk] of [
      ['z1', 2048, 20],
      ['z2', 4096, 40],
      ['z3', 8192, 80],
    ] as const) {
      assert.equal((await create({ name: `zz-${id}`, ram, vcpus: 1, disk, id })).statusCode, 200);
    }
    const big = await h.call(demo, 'GET', '/v2.1/flavors?minRam=4000&minDisk=50');
    assert.deepEqual(
      (big.data.flavors as { id: string }[]).map((f) => f.id),
      ['z3'],
    );
    assertFault(await h.call(demo, 'GET', '/v2.1/flavors?minRam=lots'), 400, 'Invalid minRam filter [lots]');

    const page = await h.call(demo, 'GET', '/v2.1/flavors?sort_key=memory_mb&sort_dir=desc&limit=2');
    assert.deepEqual(
      (page.data.flavors as { id: string }[]).map((f) => f.id),
      ['z3', 'z2'],
    );
    const next = (page.data.flavors_links as { rel: string; href: string }[])[0]!;
    assert.equal(next.rel, 'next');
    const href = new URL(next.href);
    assert.equal(href.searchParams.get('marker'), 'z2');
    const rest = await h.call(demo, 'GET', `/v2.1/flavors${href.search}`);
    assert.equal((rest.data.flavors as { id: string }[])[0]!.id, 'z1');
    assertFault(await h.call(demo, 'GET', '/v2.1/flavors?marker=nope'), 400, 'marker [nope] not found');
    assertFault(await h.call(demo, 'GET', '/v2.1/flavors?sort_key=colour'), 400);
    assert.equal((await h.call(demo, 'GET', '/v2.1/flavors?colour=red', undefined, '2.74')).statusCode, 200);
    assertFault(await h.call(demo, 'GET', '/v2.1/flavors?colour=red', undefined, '2.75'), 400);
  });
});
