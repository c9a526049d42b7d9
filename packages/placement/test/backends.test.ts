// Placement on every database backend under test (NUBO_TEST_DB): a tour of every resource, so that each query
// is run on SQLite, PostgreSQL and MariaDB alike.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { testBackends } from '@nubo/core/testing';
import { createProvider, setInventory, startHarness } from './harness.js';

const V = { version: '1.39' };

for (const backend of testBackends()) {
  describe(`placement API on ${backend.name}`, () => {
    test('providers, inventories, traits, aggregates, classes, allocations, candidates, usages', async () => {
      const h = await startHarness({ backend });
      try {
        const cn = await createProvider(h, 'cn');
        const numa = await createProvider(h, 'numa', { parent_provider_uuid: cn });
        const nfs = await createProvider(h, 'nfs');
        assert.equal((await h.call('admin', 'POST', '/resource_providers', { name: 'cn' }, V)).statusCode, 409);
        await setInventory(h, cn, { DISK_GB: { total: 100 } });
        await setInventory(h, numa, { VCPU: { total: 4, allocation_ratio: 1.5 }, MEMORY_MB: { total: 2048 } });
        await setInventory(h, nfs, { DISK_GB: { total: 1000 } });
        assert.equal((await h.call('admin', 'PUT', '/resource_classes/CUSTOM_GPU', undefined, V)).statusCode, 201);
        assert.equal((await h.call('admin', 'PUT', '/traits/CUSTOM_FAST', undefined, V)).statusCode, 201);
        const gen = async (rp: string) =>
          (await h.call('admin', 'GET', `/resource_providers/${rp}`, undefined, V)).data.generation as number;
        const agg = randomUUID();
        for (const rp of [cn, nfs]) {
          const set = await h.call(
            'admin',
            'PUT',
            `/resource_providers/${rp}/aggregates`,
            { aggregates: [agg], resource_provider_generation: await gen(rp) },
            V,
          );
          assert.equal(set.statusCode, 200, set.body);
        }
        const traits = await h.call(
          'admin',
          'PUT',
          `/resource_providers/${nfs}/traits`,
          { traits: ['MISC_SHARES_VIA_AGGREGATE', 'CUSTOM_FAST'], resource_provider_generation: await gen(nfs) },
          V,
        );
        assert.equal(traits.statusCode, 200, traits.body);
        const candidates = await h.call(
          'admin',
          'GET',
          '/allocation_candidates?resources=VCPU:2,MEMORY_MB:512,DISK_GB:50&required=CUSTOM_FAST',
          undefined,
          V,
        );
        assert.equal(candidates.statusCode, 200, candidates.body);
        assert.equal(candidates.data.allocation_requests.length, 1);
        assert.equal(candidates.data.provider_summaries[numa].resources.VCPU.capacity, 6);
        const [request] = candidates.data.allocation_requests;
        const consumer = randomUUID();
        const claim = await h.call(
          'admin',
          'PUT',
          `/allocations/${consumer}`,
          { ...request, project_id: 'p1', user_id: 'u1', consumer_generation: null, consumer_type: 'INSTANCE' },
          V,
        );
        assert.equal(claim.statusCode, 204, claim.body);
        const again = await h.call(
          'admin',
          'PUT',
          `/allocations/${consumer}`,
          { ...request, project_id: 'p1', user_id: 'u1', consumer_generation: null, consumer_type: 'INSTANCE' },
          V,
        );
        assert.equal(again.statusCode, 409, 'a new consumer twice');
        const usages = await h.call('admin', 'GET', '/usages?project_id=p1', undefined, V);
        assert.deepEqual(usages.data.usages, { INSTANCE: { DISK_GB: 50, MEMORY_MB: 512, VCPU: 2, consumer_count: 1 } });
        const filtered = await h.call('admin', 'GET', '/resource_providers?resources=VCPU:5', undefined, V);
        assert.deepEqual(filtered.data.resource_providers, [], 'only 4 of 6 VCPU are left');
        assert.equal((await h.call('admin', 'DELETE', `/resource_providers/${nfs}`)).statusCode, 409);
        assert.equal((await h.call('admin', 'DELETE', `/allocations/${consumer}`)).statusCode, 204);
        assert.equal((await h.call('admin', 'DELETE', `/resource_providers/${nfs}`)).statusCode, 204);
        assert.equal((await h.call('admin', 'DELETE', `/resource_providers/${cn}`)).statusCode, 409);
        const renamed = await h.call(
          'admin',
          'PUT',
          `/resource_providers/${numa}`,
          { name: 'numa0', parent_provider_uuid: null },
          V,
        );
        assert.equal(renamed.data.root_provider_uuid, numa);
        assert.equal((await h.call('admin', 'DELETE', `/resource_providers/${cn}`)).statusCode, 204);
        assert.equal((await h.call('admin', 'DELETE', '/traits/CUSTOM_FAST', undefined, V)).statusCode, 204);
        assert.equal(
          (await h.call('admin', 'PUT', '/resource_classes/CUSTOM_GPU', { name: 'CUSTOM_GPU2' }, { version: '1.6' }))
            .statusCode,
          200,
        );
      } finally {
        await h.close();
      }
    });
  });
}
