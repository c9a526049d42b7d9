// /allocations/{consumer_uuid}, POST /allocations and /resource_providers/{uuid}/allocations: body forms per
// microversion, capacity and unit checks, consumer generations (allocations*.yaml, consumer-types-1.38.yaml).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createProvider, type Harness, setInventory, startHarness } from '../../test/harness.js';

const V = { version: '1.39' };

describe('allocations', () => {
  let h: Harness;
  let rp: string;
  let other: string;
  before(async () => {
    h = await startHarness();
    rp = await createProvider(h, 'alloc-host');
    other = await createProvider(h, 'alloc-other');
    await setInventory(h, rp, {
      VCPU: { total: 8, max_unit: 4 },
      MEMORY_MB: { total: 4096, step_size: 256, min_unit: 256 },
      DISK_GB: { total: 100, reserved: 10, allocation_ratio: 2 },
    });
    await setInventory(h, other, { VCPU: { total: 8 } });
  });
  after(() => h.close());

  const body = (allocations: Record<string, Record<string, number>>, extra: Record<string, unknown> = {}) => ({
    allocations: Object.fromEntries(Object.entries(allocations).map(([p, resources]) => [p, { resources }])),
    project_id: 'proj',
    user_id: 'user',
    consumer_generation: null,
    consumer_type: 'INSTANCE',
    ...extra,
  });
  const put = (consumer: string, payload: unknown, version = '1.39') =>
    h.call('admin', 'PUT', `/allocations/${consumer}`, payload, { version });
  const show = async (consumer: string, version = '1.39') =>
    (await h.call('admin', 'GET', `/allocations/${consumer}`, undefined, { version })).data;
  const usages = async (uuid: string) =>
    (await h.call('admin', 'GET', `/resource_providers/${uuid}/usages`, undefined, V)).data.usages;

  test('1.39: claim, show with generations and type, replace with the generation, clear with {}', async () => {
    const consumer = randomUUID();
    assert.equal((await put(consumer, body({ [rp]: { VCPU: 2, MEMORY_MB: 512 } }))).statusCode, 204);
    const shown = await show(consumer);
    assert.deepEqual(shown, {
      allocations: { [rp]: { resources: { VCPU: 2, MEMORY_MB: 512 }, generation: shown.allocations[rp].generation } },
      project_id: 'proj',
      user_id: 'user',
      consumer_generation: 1,
      consumer_type: 'INSTANCE',
    });
    const stale = await put(consumer, body({ [rp]: { VCPU: 1 } }, { consumer_generation: null }));
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.data.errors[0].code, 'placement.concurrent_update');
    assert.match(stale.data.errors[0].detail, /consumer generation conflict - expected 1 but got None/);
    const moved = await put(
      consumer,
      body({ [other]: { VCPU: 1 } }, { consumer_generation: 1, consumer_type: 'MIGRATION' }),
    );
    assert.equal(moved.statusCode, 204, moved.body);
    const after = await show(consumer);
    assert.deepEqual(Object.keys(after.allocations), [other]);
    assert.equal(after.consumer_generation, 2);
    assert.equal(after.consumer_type, 'MIGRATION');
    assert.equal((await usages(rp)).VCPU, 0);
    const cleared = await put(consumer, body({}, { consumer_generation: 2 }));
    assert.equal(cleared.statusCode, 204, cleared.body);
    assert.deepEqual(await show(consumer), { allocations: {} }, 'an emptied consumer is forgotten');
    assert.equal((await put(consumer, body({ [rp]: { VCPU: 1 } }, { consumer_generation: 2 }))).statusCode, 409);
  });

  test('response shapes follow the microversion (1.12 project/user, 1.28 generation, 1.38 type)', async () => {
    const consumer = randomUUID();
    await put(consumer, body({ [rp]: { VCPU: 1 } }));
    const keys = async (version: string) => Object.keys(await show(consumer, version)).sort();
    assert.deepEqual(await keys('1.11'), ['allocations']);
    assert.deepEqual(await keys('1.12'), ['allocations', 'project_id', 'user_id']);
    assert.deepEqual(await keys('1.28'), ['allocations', 'consumer_generation', 'project_id', 'user_id']);
    assert.deepEqual(await keys('1.38'), [
      'allocations',
      'consumer_generation',
      'consumer_type',
      'project_id',
      'user_id',
    ]);
    const byProvider = async (version: string) =>
      (await h.call('admin', 'GET', `/resource_providers/${rp}/allocations`, undefined, { version })).data;
    const old = await byProvider('1.27');
    assert.deepEqual(old.allocations[consumer], { resources: { VCPU: 1 } });
    assert.equal(typeof old.resource_provider_generation, 'number');
    assert.deepEqual((await byProvider('1.28')).allocations[consumer], {
      resources: { VCPU: 1 },
      consumer_generation: 1,
    });
    await h.call('admin', 'DELETE', `/allocations/${consumer}`);
  });

  test('older bodies: the 1.0 list form, 1.8 project and user, 1.12 object form without generation', async () => {
    const legacy = randomUUID();
    const list = { allocations: [{ resource_provider: { uuid: rp }, resources: { VCPU: 1 } }] };
    assert.equal((await put(legacy, list, '1.0')).statusCode, 204);
    const incomplete = await show(legacy);
    assert.equal(incomplete.project_id, '00000000-0000-0000-0000-000000000000', 'the incomplete consumer');
    assert.equal(incomplete.consumer_type, 'unknown');
    assert.equal((await put(randomUUID(), list, '1.8')).statusCode, 400, 'project_id and user_id required from 1.8');
    assert.equal((await put(randomUUID(), { ...list, project_id: 'p', user_id: 'u' }, '1.8')).statusCode, 204);
    const dict = { allocations: { [rp]: { resources: { VCPU: 1 } } }, project_id: 'p', user_id: 'u' };
    assert.equal((await put(randomUUID(), dict, '1.12')).statusCode, 204);
    assert.equal((await put(randomUUID(), list, '1.12')).statusCode, 400, 'the list form ends at 1.11');
    assert.equal((await put(randomUUID(), dict, '1.28')).statusCode, 400, 'consumer_generation required from 1.28');
    assert.equal(
      (await put(randomUUID(), { ...dict, consumer_generation: null }, '1.38')).statusCode,
      400,
      'consumer_type required from 1.38',
    );
    const mappings = { ...dict, consumer_generation: null, mappings: { '': [rp] } };
    assert.equal((await put(randomUUID(), mappings, '1.33')).statusCode, 400, 'mappings only from 1.34');
    assert.equal((await put(randomUUID(), mappings, '1.34')).statusCode, 204);
    const upper = randomUUID();
    assert.equal((await put(upper.toUpperCase(), body({ [rp]: { VCPU: 1 } }))).statusCode, 204);
    assert.equal((await show(upper)).consumer_generation, 1, 'the consumer uuid is normalised');
    const malformed = await put('not-a-uuid', body({ [rp]: { VCPU: 1 } }));
    assert.equal(malformed.statusCode, 400);
    assert.match(malformed.data.errors[0].detail, /Malformed consumer_uuid: not-a-uuid/);
  });

  test('capacity: (total − reserved) × ratio, min_unit, max_unit, step_size; unknown providers and classes', async () => {
    const refuse = async (resources: Record<string, number>, status: number, pattern: RegExp, on = rp) => {
      const response = await put(randomUUID(), body({ [on]: resources }));
      assert.equal(response.statusCode, status, JSON.stringify(resources));
      assert.match(response.data.errors[0].detail, pattern);
    };
    const before = await usages(rp);
    await refuse({ VCPU: 5 }, 409, /would violate inventory constraints/);
    await refuse({ MEMORY_MB: 300 }, 409, /would violate inventory constraints/);
    await refuse({ MEMORY_MB: 128 }, 409, /would violate inventory constraints/);
    await refuse({ DISK_GB: 181 }, 409, /would exceed the capacity/);
    await refuse({ PCI_DEVICE: 1 }, 409, /Inventory for 'PCI_DEVICE' on resource provider/);
    await refuse({ CUSTOM_NOPE: 1 }, 400, /No such resource class CUSTOM_NOPE/);
    await refuse({ VCPU: 1 }, 400, /that does not exist/, randomUUID());
    assert.deepEqual(await usages(rp), before, 'nothing was written');
    const consumer = randomUUID();
    assert.equal((await put(consumer, body({ [rp]: { DISK_GB: 180 } }))).statusCode, 204, 'exactly the capacity');
    const refused = await put(randomUUID(), body({ [rp]: { DISK_GB: 1 } }));
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.data.errors[0].code, 'placement.undefined_code', 'over capacity has no specific code');
    await h.call('admin', 'DELETE', `/allocations/${consumer}`);
  });

  test('POST /allocations (1.13): several consumers in one transaction, {} clears one', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await put(a, body({ [rp]: { VCPU: 2 } }));
    const posted = await h.call(
      'admin',
      'POST',
      '/allocations',
      {
        [a]: {
          allocations: {},
          project_id: 'proj',
          user_id: 'user',
          consumer_generation: 1,
          consumer_type: 'INSTANCE',
        },
        [b]: body({ [rp]: { VCPU: 2 }, [other]: { VCPU: 1 } }),
      },
      V,
    );
    assert.equal(posted.statusCode, 204, posted.body);
    assert.deepEqual((await show(a)).allocations, {});
    assert.deepEqual(Object.keys((await show(b)).allocations).sort(), [rp, other].sort());
    const held = (await usages(other)).VCPU;
    const tooMuch = await h.call(
      'admin',
      'POST',
      '/allocations',
      { [randomUUID()]: body({ [other]: { VCPU: 4 } }), [randomUUID()]: body({ [other]: { VCPU: 4 } }) },
      V,
    );
    assert.equal(tooMuch.statusCode, 409, 'together they exceed the capacity');
    assert.equal((await usages(other)).VCPU, held, 'and neither was written');
    assert.equal((await h.call('admin', 'POST', '/allocations', {}, V)).statusCode, 400);
    await h.call('admin', 'DELETE', `/allocations/${b}`);
  });

  test('DELETE: 204, then 404; GET of an unknown consumer is an empty 200', async () => {
    const consumer = randomUUID();
    await put(consumer, body({ [rp]: { VCPU: 1 } }));
    assert.equal((await h.call('admin', 'DELETE', `/allocations/${consumer}`)).statusCode, 204);
    const again = await h.call('admin', 'DELETE', `/allocations/${consumer}`);
    assert.equal(again.statusCode, 404);
    assert.match(again.data.errors[0].detail, /No allocations for consumer/);
    assert.deepEqual(await show(randomUUID()), { allocations: {} });
    const missing = await h.call('admin', 'GET', `/resource_providers/${randomUUID()}/allocations`, undefined, V);
    assert.equal(missing.statusCode, 404);
  });

  test('an over-capacity provider accepts writes that make it no worse', async () => {
    const host = await createProvider(h, 'alloc-shrunk');
    await setInventory(h, host, { VCPU: { total: 4 } });
    const consumer = randomUUID();
    await put(consumer, body({ [host]: { VCPU: 4 } }));
    await setInventory(h, host, { VCPU: { total: 2 } });
    assert.equal((await put(consumer, body({ [host]: { VCPU: 3 } }, { consumer_generation: 1 }))).statusCode, 204);
    assert.equal((await put(consumer, body({ [host]: { VCPU: 4 } }, { consumer_generation: 2 }))).statusCode, 409);
  });
});
