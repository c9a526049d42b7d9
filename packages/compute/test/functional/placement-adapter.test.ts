// The Placement adapter's contract, run against the real @nubo/placement (through HttpPlacement, microversion 1.39)
// and against FakePlacement, so the fake the engine's tests use behaves like the real thing.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { newUuid, openDatabase } from '@nubo/core';
import { CONCURRENT_UPDATE, type ConsumerWrite, type PlacementApi } from '../../src/placement.js';
import { fakePlacement, realPlacement, type TestPlacement } from './harness.js';

const inventory = (vcpus: number) => ({
  VCPU: { total: vcpus, allocation_ratio: 2, max_unit: vcpus },
  MEMORY_MB: { total: 4096, allocation_ratio: 1, max_unit: 4096 },
  DISK_GB: { total: 100, allocation_ratio: 1, max_unit: 100 },
});

const owner = { projectId: 'p1', userId: 'u1', consumerType: 'INSTANCE' as const };
const write = (rp: string, resources: Record<string, number>, generation: number | null): ConsumerWrite => ({
  ...owner,
  allocations: { [rp]: resources },
  consumerGeneration: generation,
});

for (const kind of ['real', 'fake'] as const) {
  describe(`placement adapter (${kind})`, () => {
    let placement: TestPlacement;
    let api: PlacementApi;
    let dir: string;
    const a = newUuid();
    const b = newUuid();
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'nubo-placement-adapter-'));
      placement = kind === 'real' ? await realPlacement(await openDatabase('', dir), dir) : fakePlacement();
      api = placement.api;
      await api.ensureResourceProvider(a, 'host-a', inventory(4), ['COMPUTE_NODE', 'HW_CPU_X86_AVX2']);
      await api.ensureResourceProvider(b, 'host-b', inventory(8), ['COMPUTE_NODE']);
    });
    after(async () => {
      await placement.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('ensureResourceProvider is idempotent and converges inventory and traits', async () => {
      await api.ensureResourceProvider(a, 'host-a', inventory(4), ['COMPUTE_NODE', 'HW_CPU_X86_AVX2']);
      await api.ensureResourceProvider(b, 'host-b', inventory(8), ['COMPUTE_NODE']);
      assert.deepEqual(await api.getUsages(a), { VCPU: 0, MEMORY_MB: 0, DISK_GB: 0 });
      const all = await api.getAllocationCandidates({ resources: { VCPU: 4 } });
      assert.deepEqual(Object.keys(all.providerSummaries).sort(), [a, b].sort());
      assert.equal(all.providerSummaries[a]!.resources.VCPU!.capacity, 8);
    });

    test('candidates honour resources, required and forbidden traits, in_tree and member_of', async () => {
      // VCPU 6 is over host-a's max_unit (4), within host-b's (8).
      const big = await api.getAllocationCandidates({ resources: { VCPU: 6 } });
      assert.deepEqual(Object.keys(big.providerSummaries), [b]);
      assert.deepEqual(big.allocationRequests, [{ allocations: { [b]: { resources: { VCPU: 6 } } } }]);
      const avx = await api.getAllocationCandidates({ resources: { VCPU: 1 }, required: ['HW_CPU_X86_AVX2'] });
      assert.deepEqual(Object.keys(avx.providerSummaries), [a]);
      const noAvx = await api.getAllocationCandidates({ resources: { VCPU: 1 }, forbidden: ['HW_CPU_X86_AVX2'] });
      assert.deepEqual(Object.keys(noAvx.providerSummaries), [b]);
      const tree = await api.getAllocationCandidates({ resources: { VCPU: 1 }, inTree: a });
      assert.deepEqual(Object.keys(tree.providerSummaries), [a]);
      const aggregate = newUuid();
      await api.setProviderAggregates(b, [aggregate]);
      await api.setProviderAggregates(b, [aggregate]);
      assert.deepEqual(await api.getProviderAggregates(b), [aggregate]);
      const member = await api.getAllocationCandidates({ resources: { VCPU: 1 }, memberOf: [[aggregate, newUuid()]] });
      assert.deepEqual(Object.keys(member.providerSummaries), [b]);
    });

    test('a claim holds, a second claim with a null generation is a concurrent update, release frees', async () => {
      const consumer = newUuid();
      assert.deepEqual(await api.claim(consumer, write(a, { VCPU: 2, MEMORY_MB: 512 }, null)), { claimed: true });
      assert.deepEqual(await api.getUsages(a), { VCPU: 2, MEMORY_MB: 512, DISK_GB: 0 });
      const again = await api.claim(consumer, write(b, { VCPU: 1 }, null));
      assert.equal(again.claimed, false);
      assert.equal(!again.claimed && again.code, CONCURRENT_UPDATE);
      const held = await api.getAllocations(consumer);
      assert.deepEqual(held.allocations, { [a]: { VCPU: 2, MEMORY_MB: 512 } });
      assert.equal(typeof held.generation, 'number');
      await api.release(consumer);
      await api.release(consumer);
      assert.deepEqual(await api.getAllocations(consumer), { allocations: {}, generation: null });
      assert.deepEqual(await api.getUsages(a), { VCPU: 0, MEMORY_MB: 0, DISK_GB: 0 });
    });

    test('a claim beyond capacity is refused, not thrown, and changes nothing', async () => {
      const result = await api.claim(newUuid(), write(a, { VCPU: 9 }, null));
      assert.equal(result.claimed, false);
      assert.notEqual(!result.claimed && result.code, CONCURRENT_UPDATE);
      assert.deepEqual(await api.getUsages(a), { VCPU: 0, MEMORY_MB: 0, DISK_GB: 0 });
    });

    test('claimMany moves an allocation to a migration consumer atomically', async () => {
      const instance = newUuid();
      const migration = newUuid();
      await api.claim(instance, write(a, { VCPU: 1, MEMORY_MB: 512 }, null));
      const current = await api.getAllocations(instance);
      const moved = await api.claimMany({
        [migration]: { ...write(a, { VCPU: 1, MEMORY_MB: 512 }, null), consumerType: 'MIGRATION' },
        [instance]: write(b, { VCPU: 2, MEMORY_MB: 1024 }, current.generation),
      });
      assert.deepEqual(moved, { claimed: true });
      assert.deepEqual((await api.getAllocations(migration)).allocations, { [a]: { VCPU: 1, MEMORY_MB: 512 } });
      assert.deepEqual((await api.getAllocations(instance)).allocations, { [b]: { VCPU: 2, MEMORY_MB: 1024 } });
      // One part over capacity: nothing of the write happens.
      const other = newUuid();
      const refused = await api.claimMany({
        [other]: write(b, { VCPU: 1 }, null),
        [newUuid()]: write(a, { VCPU: 100 }, null),
      });
      assert.equal(refused.claimed, false);
      assert.deepEqual(await api.getAllocations(other), { allocations: {}, generation: null });
      await api.release(instance);
      await api.release(migration);
    });
  });
}
