// /resource_providers/{uuid}/aggregates: the bare list before 1.19, generations and conflicts from 1.19
// (aggregate.yaml).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createProvider, type Harness, startHarness } from '../../test/harness.js';

describe('/resource_providers/{uuid}/aggregates', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  test('before 1.19: a bare list in and out, no generation change', async () => {
    const rp = await createProvider(h, 'agg-old');
    const path = `/resource_providers/${rp}/aggregates`;
    const agg = randomUUID();
    const set = await h.call('admin', 'PUT', path, [agg], { version: '1.1' });
    assert.equal(set.statusCode, 200, set.body);
    assert.deepEqual(set.data, { aggregates: [agg] });
    assert.deepEqual((await h.call('admin', 'GET', path, undefined, { version: '1.18' })).data, { aggregates: [agg] });
    const provider = await h.call('admin', 'GET', `/resource_providers/${rp}`, undefined, { version: '1.19' });
    assert.equal(provider.data.generation, 0);
    assert.equal((await h.call('admin', 'GET', path, undefined, { version: '1.0' })).statusCode, 404);
    const duplicate = await h.call('admin', 'PUT', path, [agg, agg], { version: '1.1' });
    assert.equal(duplicate.statusCode, 400, 'uniqueItems');
  });

  test('from 1.19: generation in, out and checked', async () => {
    const rp = await createProvider(h, 'agg-new');
    const path = `/resource_providers/${rp}/aggregates`;
    const V = { version: '1.39' };
    assert.deepEqual((await h.call('admin', 'GET', path, undefined, V)).data, {
      aggregates: [],
      resource_provider_generation: 0,
    });
    const aggs = [randomUUID(), randomUUID()];
    const set = await h.call('admin', 'PUT', path, { aggregates: aggs, resource_provider_generation: 0 }, V);
    assert.equal(set.statusCode, 200, set.body);
    assert.deepEqual(set.data, { aggregates: aggs, resource_provider_generation: 1 });
    const stale = await h.call('admin', 'PUT', path, { aggregates: [], resource_provider_generation: 0 }, V);
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.data.errors[0].code, 'placement.concurrent_update');
    const bare = await h.call('admin', 'PUT', path, aggs, V);
    assert.equal(bare.statusCode, 400, 'the bare list is refused from 1.19');
    const notUuid = await h.call('admin', 'PUT', path, { aggregates: ['x'], resource_provider_generation: 1 }, V);
    assert.equal(notUuid.statusCode, 400);
    assert.deepEqual((await h.call('admin', 'GET', path, undefined, V)).data.aggregates.sort(), [...aggs].sort());
    const missing = await h.call('admin', 'GET', `/resource_providers/${randomUUID()}/aggregates`, undefined, V);
    assert.equal(missing.statusCode, 404);
  });
});
