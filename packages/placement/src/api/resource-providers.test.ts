// /resource_providers: create at every response form, show, list filters, rename, nesting and re-parenting,
// delete refusals (resource-provider.yaml, resource-provider-links.yaml, resource-provider-resources-query.yaml).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createProvider, type Harness, setInventory, startHarness } from '../../test/harness.js';

const V = { version: '1.39' };

describe('/resource_providers', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  const list = async (query = '', version = '1.39') =>
    (await h.call('admin', 'GET', `/resource_providers${query}`, undefined, { version })).data.resource_providers as {
      uuid: string;
      name: string;
    }[];

  test('create: 201 without a body before 1.20, 200 with the provider from 1.20; a given uuid is normalised', async () => {
    const uuid = randomUUID();
    const old = await h.call('admin', 'POST', '/resource_providers', { name: 'rp-old', uuid }, { version: '1.19' });
    assert.equal(old.statusCode, 201);
    assert.equal(old.body, '');
    assert.equal(old.headers.location, `http://localhost:80/placement/resource_providers/${uuid}`);
    const dashless = randomUUID();
    const created = await h.call(
      'admin',
      'POST',
      '/resource_providers',
      { name: 'rp-new', uuid: dashless.replaceAll('-', '').toUpperCase() },
      V,
    );
    assert.equal(created.statusCode, 200, created.body);
    assert.equal(created.data.uuid, dashless);
    assert.equal(created.data.generation, 0);
    assert.equal(created.data.parent_provider_uuid, null);
    assert.equal(created.data.root_provider_uuid, dashless);
    assert.equal(created.headers['cache-control'], 'no-cache');
    const generated = await h.call('admin', 'POST', '/resource_providers', { name: 'rp-generated' }, V);
    assert.match(generated.data.uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  test('show: links grow with the microversion; nesting fields from 1.14', async () => {
    const uuid = await createProvider(h, 'rp-links');
    const at = async (version: string) =>
      (await h.call('admin', 'GET', `/resource_providers/${uuid}`, undefined, { version })).data;
    const rels = (body: Record<string, any>) => (body.links as { rel: string }[]).map((l) => l.rel);
    assert.deepEqual(rels(await at('1.0')), ['self', 'inventories', 'usages']);
    assert.deepEqual(rels(await at('1.1')), ['self', 'inventories', 'usages', 'aggregates']);
    assert.deepEqual(rels(await at('1.6')), ['self', 'inventories', 'usages', 'aggregates', 'traits']);
    const full = await at('1.11');
    assert.deepEqual(rels(full), ['self', 'inventories', 'usages', 'aggregates', 'traits', 'allocations']);
    assert.equal(full.links[0].href, `/placement/resource_providers/${uuid}`);
    assert.equal('root_provider_uuid' in full, false);
    assert.equal((await at('1.14')).root_provider_uuid, uuid);
    const missing = await h.call('admin', 'GET', `/resource_providers/${randomUUID()}`, undefined, V);
    assert.equal(missing.statusCode, 404);
    assert.match(missing.data.errors[0].detail, /No resource provider with uuid/);
  });

  test('names and uuids are unique: 409 placement.duplicate_name', async () => {
    const uuid = await createProvider(h, 'rp-unique');
    const byName = await h.call('admin', 'POST', '/resource_providers', { name: 'rp-unique' }, V);
    assert.equal(byName.statusCode, 409);
    assert.equal(byName.data.errors[0].code, 'placement.duplicate_name');
    assert.match(byName.data.errors[0].detail, /Conflicting resource provider name: rp-unique already exists/);
    const byUuid = await h.call('admin', 'POST', '/resource_providers', { name: 'rp-other', uuid }, V);
    assert.equal(byUuid.statusCode, 409);
    assert.match(byUuid.data.errors[0].detail, new RegExp(`uuid: ${uuid}`));
    const other = await createProvider(h, 'rp-unique-2');
    const rename = await h.call('admin', 'PUT', `/resource_providers/${other}`, { name: 'rp-unique' }, V);
    assert.equal(rename.statusCode, 409);
    assert.equal(rename.data.errors[0].code, 'placement.duplicate_name');
  });

  test('rename keeps the generation; PUT needs a name', async () => {
    const uuid = await createProvider(h, 'rp-rename');
    const renamed = await h.call('admin', 'PUT', `/resource_providers/${uuid}`, { name: 'rp-renamed' }, V);
    assert.equal(renamed.statusCode, 200);
    assert.equal(renamed.data.name, 'rp-renamed');
    assert.equal(renamed.data.generation, 0);
    const nameless = await h.call('admin', 'PUT', `/resource_providers/${uuid}`, {}, V);
    assert.equal(nameless.statusCode, 400);
    assert.match(nameless.data.errors[0].detail, /'name' is a required property/);
    const missing = await h.call('admin', 'PUT', `/resource_providers/${randomUUID()}`, { name: 'x' }, V);
    assert.equal(missing.statusCode, 404);
  });

  test('nesting: children join the root of their parent; parent fields are refused before 1.14', async () => {
    const root = await createProvider(h, 'tree-root');
    const child = await createProvider(h, 'tree-child', { parent_provider_uuid: root });
    const grandchild = await createProvider(h, 'tree-grandchild', { parent_provider_uuid: child });
    const shown = (await h.call('admin', 'GET', `/resource_providers/${grandchild}`, undefined, V)).data;
    assert.equal(shown.parent_provider_uuid, child);
    assert.equal(shown.root_provider_uuid, root);
    const tree = await list(`?in_tree=${grandchild}`);
    assert.deepEqual(tree.map((p) => p.name).sort(), ['tree-child', 'tree-grandchild', 'tree-root']);
    assert.deepEqual(await list(`?in_tree=${randomUUID()}`), [], 'an unknown in_tree is an empty list');
    const old = await h.call(
      'admin',
      'POST',
      '/resource_providers',
      { name: 'old-child', parent_provider_uuid: root },
      { version: '1.13' },
    );
    assert.equal(old.statusCode, 400);
    const noParent = await h.call(
      'admin',
      'POST',
      '/resource_providers',
      { name: 'orphan', parent_provider_uuid: randomUUID() },
      V,
    );
    assert.equal(noParent.statusCode, 400);
    assert.match(noParent.data.errors[0].detail, /parent provider UUID does not exist/);
    const self = randomUUID();
    const selfParent = await h.call(
      'admin',
      'POST',
      '/resource_providers',
      { name: 'self', uuid: self, parent_provider_uuid: self },
      V,
    );
    assert.equal(selfParent.statusCode, 400);
  });

  test('re-parenting: refused before 1.37, then allowed except into its own subtree; un-parenting too', async () => {
    const a = await createProvider(h, 'move-a');
    const b = await createProvider(h, 'move-b');
    const child = await createProvider(h, 'move-child', { parent_provider_uuid: a });
    const leaf = await createProvider(h, 'move-leaf', { parent_provider_uuid: child });
    const put = (uuid: string, body: Record<string, unknown>, version: string) =>
      h.call('admin', 'PUT', `/resource_providers/${uuid}`, body, { version });
    const refused = await put(child, { name: 'move-child', parent_provider_uuid: b }, '1.36');
    assert.equal(refused.statusCode, 400);
    assert.match(refused.data.errors[0].detail, /re-parenting a provider is not currently allowed/);
    assert.equal((await put(child, { name: 'move-child', parent_provider_uuid: null }, '1.36')).statusCode, 400);
    // Adopting a root with no parent yet is allowed at any version from 1.14.
    const adopted = await put(b, { name: 'move-b', parent_provider_uuid: a }, '1.14');
    assert.equal(adopted.statusCode, 200, adopted.body);
    assert.equal(adopted.data.root_provider_uuid, a);
    const loop = await put(a, { name: 'move-a', parent_provider_uuid: leaf }, '1.37');
    assert.equal(loop.statusCode, 400);
    assert.match(loop.data.errors[0].detail, /creating loop in the provider tree is not allowed/);
    const moved = await put(child, { name: 'move-child', parent_provider_uuid: b }, '1.37');
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal(moved.data.parent_provider_uuid, b);
    const unparented = await put(child, { name: 'move-child', parent_provider_uuid: null }, '1.37');
    assert.equal(unparented.data.root_provider_uuid, child);
    const leafNow = (await h.call('admin', 'GET', `/resource_providers/${leaf}`, undefined, V)).data;
    assert.equal(leafNow.root_provider_uuid, child, 'the subtree follows its new root');
  });

  test('delete: 409 for a parent or a provider with allocations, 404 twice', async () => {
    const parent = await createProvider(h, 'del-parent');
    const child = await createProvider(h, 'del-child', { parent_provider_uuid: parent });
    const refused = await h.call('admin', 'DELETE', `/resource_providers/${parent}`, undefined, V);
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.data.errors[0].code, 'placement.resource_provider.cannot_delete_parent');
    await setInventory(h, child, { VCPU: { total: 2 } });
    const consumer = randomUUID();
    const claim = await h.call(
      'admin',
      'PUT',
      `/allocations/${consumer}`,
      {
        allocations: { [child]: { resources: { VCPU: 1 } } },
        project_id: 'p',
        user_id: 'u',
        consumer_generation: null,
        consumer_type: 'INSTANCE',
      },
      V,
    );
    assert.equal(claim.statusCode, 204, claim.body);
    const inUse = await h.call('admin', 'DELETE', `/resource_providers/${child}`, undefined, V);
    assert.equal(inUse.statusCode, 409);
    assert.equal(inUse.data.errors[0].code, 'placement.resource_provider.inuse');
    assert.equal((await h.call('admin', 'DELETE', `/allocations/${consumer}`)).statusCode, 204);
    assert.equal((await h.call('admin', 'DELETE', `/resource_providers/${child}`)).statusCode, 204);
    assert.equal((await h.call('admin', 'DELETE', `/resource_providers/${parent}`)).statusCode, 204);
    const again = await h.call('admin', 'DELETE', `/resource_providers/${parent}`);
    assert.equal(again.statusCode, 404);
    assert.match(again.data.errors[0].detail, /found for delete/);
  });

  test('list filters: name, uuid, resources (1.4), member_of (1.3/1.24/1.32), required (1.18/1.22/1.39)', async () => {
    const big = await createProvider(h, 'filter-big');
    const small = await createProvider(h, 'filter-small');
    await setInventory(h, big, { VCPU: { total: 16 }, DISK_GB: { total: 1000, max_unit: 100 } });
    await setInventory(h, small, { VCPU: { total: 2 } });
    const names = async (query: string, version = '1.39') => (await list(query, version)).map((p) => p.name).sort();
    assert.deepEqual(await names('?name=filter-big'), ['filter-big']);
    assert.deepEqual(await names(`?uuid=${small}`), ['filter-small']);
    assert.deepEqual(await names('?resources=VCPU:4'), ['filter-big']);
    assert.deepEqual(await names('?resources=VCPU:1'), ['filter-big', 'filter-small']);
    assert.deepEqual(await names('?resources=DISK_GB:200'), [], 'above max_unit');
    const agg1 = randomUUID();
    const agg2 = randomUUID();
    for (const [rp, aggs] of [
      [big, [agg1, agg2]],
      [small, [agg1]],
    ] as const) {
      const current = (await h.call('admin', 'GET', `/resource_providers/${rp}`, undefined, V)).data;
      await h.call(
        'admin',
        'PUT',
        `/resource_providers/${rp}/aggregates`,
        { aggregates: aggs, resource_provider_generation: current.generation },
        V,
      );
    }
    assert.deepEqual(await names(`?member_of=${agg2}`, '1.3'), ['filter-big']);
    assert.deepEqual(await names(`?member_of=in:${agg1},${agg2}`), ['filter-big', 'filter-small']);
    assert.deepEqual(await names(`?member_of=${agg1}&member_of=${agg2}`), ['filter-big']);
    assert.deepEqual(await names(`?member_of=${agg1}&member_of=!${agg2}`), ['filter-small']);
    const multi = await h.call('admin', 'GET', `/resource_providers?member_of=${agg1}&member_of=${agg2}`, undefined, {
      version: '1.23',
    });
    assert.equal(multi.statusCode, 400, 'repeated member_of before 1.24');
    const forbidden = await h.call('admin', 'GET', `/resource_providers?member_of=!${agg1}`, undefined, {
      version: '1.31',
    });
    assert.equal(forbidden.statusCode, 400, 'forbidden aggregates before 1.32');
    const rpTraits = async (rp: string, traits: string[]) => {
      const current = (await h.call('admin', 'GET', `/resource_providers/${rp}`, undefined, V)).data;
      await h.call(
        'admin',
        'PUT',
        `/resource_providers/${rp}/traits`,
        { traits, resource_provider_generation: current.generation },
        V,
      );
    };
    await rpTraits(big, ['HW_CPU_X86_AVX2', 'STORAGE_DISK_SSD']);
    await rpTraits(small, ['HW_CPU_X86_AVX2']);
    assert.deepEqual(await names('?required=STORAGE_DISK_SSD', '1.18'), ['filter-big']);
    assert.deepEqual(await names('?required=HW_CPU_X86_AVX2,!STORAGE_DISK_SSD', '1.22'), ['filter-small']);
    assert.deepEqual(await names('?required=in:STORAGE_DISK_SSD,HW_CPU_X86_SSE&required=HW_CPU_X86_AVX2'), [
      'filter-big',
    ]);
    const early = await h.call('admin', 'GET', '/resource_providers?required=!STORAGE_DISK_SSD', undefined, {
      version: '1.21',
    });
    assert.equal(early.statusCode, 400, 'forbidden traits before 1.22');
    const unknown = await h.call('admin', 'GET', '/resource_providers?required=CUSTOM_NOPE', undefined, V);
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.data.errors[0].detail, /No such trait\(s\): CUSTOM_NOPE/);
    const badClass = await h.call('admin', 'GET', '/resource_providers?resources=CUSTOM_NOPE:1', undefined, V);
    assert.equal(badClass.statusCode, 400);
    assert.match(badClass.data.errors[0].detail, /Invalid resource class in resources parameter/);
    const tooEarly = await h.call('admin', 'GET', '/resource_providers?resources=VCPU:1', undefined, {
      version: '1.3',
    });
    assert.equal(tooEarly.statusCode, 400);
    assert.match(tooEarly.data.errors[0].detail, /Invalid query string parameters/);
  });
});
