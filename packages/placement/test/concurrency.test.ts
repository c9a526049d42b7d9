// Concurrent allocation writes never overcommit, on every backend in NUBO_TEST_DB: 50 racing claims against room
// for 10 give exactly 10 successes, and the provider's usage is the sum of what was granted.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { testBackends } from '@nubo/core/testing';
import { createProvider, setInventory, startHarness } from './harness.js';

const RACERS = 50;
const CAPACITY = 10;

for (const backend of testBackends()) {
  describe(`placement on ${backend.name}`, () => {
    test(`${RACERS} concurrent PUT /allocations against room for ${CAPACITY}: exactly ${CAPACITY} win`, async () => {
      const h = await startHarness({ backend });
      try {
        const rp = await createProvider(h, 'race-host');
        await setInventory(h, rp, { VCPU: { total: CAPACITY }, MEMORY_MB: { total: 1024 * CAPACITY } });
        const consumers = Array.from({ length: RACERS }, () => randomUUID());
        const started = Date.now();
        const results = await Promise.all(
          consumers.map((consumer) =>
            h.call(
              'service',
              'PUT',
              `/allocations/${consumer}`,
              {
                allocations: { [rp]: { resources: { VCPU: 1, MEMORY_MB: 1024 } } },
                project_id: 'p1',
                user_id: 'u1',
                consumer_generation: null,
                consumer_type: 'INSTANCE',
              },
              { version: '1.39' },
            ),
          ),
        );
        const elapsed = Date.now() - started;
        const statuses = results.map((r) => r.statusCode);
        const won = statuses.filter((s) => s === 204).length;
        const refused = results.filter((r) => r.statusCode === 409);
        assert.equal(won, CAPACITY, `winners (statuses: ${JSON.stringify(statuses)})`);
        assert.equal(refused.length, RACERS - CAPACITY, 'every other claim is a 409');
        for (const r of refused) assert.equal(r.data.errors[0].status, 409);
        const usages = await h.call('admin', 'GET', `/resource_providers/${rp}/usages`, undefined, {
          version: '1.39',
        });
        assert.deepEqual(usages.data.usages, { VCPU: CAPACITY, MEMORY_MB: 1024 * CAPACITY });
        const allocations = await h.call('admin', 'GET', `/resource_providers/${rp}/allocations`, undefined, {
          version: '1.39',
        });
        const held = Object.values(allocations.data.allocations as Record<string, { resources: { VCPU: number } }>);
        assert.equal(held.length, CAPACITY);
        assert.equal(
          held.reduce((sum, a) => sum + a.resources.VCPU, 0),
          usages.data.usages.VCPU,
          'usage is the sum of the allocations',
        );
        // Each successful write bumped the generation once, on top of the inventory write's.
        assert.equal(allocations.data.resource_provider_generation, 1 + CAPACITY);
        console.log(`${backend.name}: ${RACERS} racing claims in ${elapsed} ms, ${won} granted`);
      } finally {
        await h.close();
      }
    });

    test('concurrent POST /allocations moving consumers never overcommit either', async () => {
      const h = await startHarness({ backend });
      try {
        const a = await createProvider(h, 'host-a');
        const b = await createProvider(h, 'host-b');
        await setInventory(h, a, { VCPU: { total: 4 } });
        await setInventory(h, b, { VCPU: { total: 4 } });
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            h.call(
              'service',
              'POST',
              '/allocations',
              {
                [randomUUID()]: {
                  allocations: { [i % 2 === 0 ? a : b]: { resources: { VCPU: 1 } } },
                  project_id: 'p1',
                  user_id: 'u1',
                  consumer_generation: null,
                  consumer_type: 'INSTANCE',
                },
                [randomUUID()]: {
                  allocations: { [i % 2 === 0 ? b : a]: { resources: { VCPU: 1 } } },
                  project_id: 'p1',
                  user_id: 'u1',
                  consumer_generation: null,
                  consumer_type: 'INSTANCE',
                },
              },
              { version: '1.39' },
            ),
          ),
        );
        assert.ok(
          results.every((r) => r.statusCode === 204 || r.statusCode === 409),
          'only 204 or 409',
        );
        assert.equal(results.filter((r) => r.statusCode === 204).length, 4, 'each request takes one of each');
        for (const rp of [a, b]) {
          const usages = await h.call('admin', 'GET', `/resource_providers/${rp}/usages`, undefined, {
            version: '1.39',
          });
          assert.equal(usages.data.usages.VCPU, 4);
        }
      } finally {
        await h.close();
      }
    });
  });
}
