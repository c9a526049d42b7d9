// The allocation candidate planner on hand-built provider pictures: single providers, nested trees, sharing
// providers, granular groups with group_policy, traits, aggregates, root_required, same_subtree, in_tree, limit.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AllocationRequest } from './allocation-request.js';
import { type PlanOptions, planAllocationCandidates } from './plan.js';
import type { InventorySummary, ProviderNode, ProviderSnapshot } from './provider-snapshot.js';
import type { RequestGroup, RequestWideParams } from './request-group.js';

function provider(
  uuid: string,
  inventories: Record<string, Partial<InventorySummary> & { total: number }> = {},
  extra: { parent?: string; root?: string; traits?: string[]; aggregates?: string[] } = {},
): ProviderNode {
  return {
    uuid,
    name: uuid,
    generation: 0,
    parentUuid: extra.parent ?? null,
    rootUuid: extra.root ?? uuid,
    inventories: new Map(
      Object.entries(inventories).map(([rc, inv]) => [
        rc,
        { reserved: 0, minUnit: 1, maxUnit: inv.total, stepSize: 1, allocationRatio: 1, used: 0, ...inv },
      ]),
    ),
    traits: new Set(extra.traits ?? []),
    aggregates: new Set(extra.aggregates ?? []),
  };
}

const snapshotOf = (...nodes: ProviderNode[]): ProviderSnapshot => ({
  providers: new Map(nodes.map((n) => [n.uuid, n])),
});

function group(suffix: string, resources: Record<string, number>, extra: Partial<RequestGroup> = {}): RequestGroup {
  return {
    suffix,
    useSameProvider: suffix !== '',
    resources: new Map(Object.entries(resources)),
    requiredTraits: [],
    forbiddenTraits: new Set(),
    memberOf: [],
    forbiddenAggregates: new Set(),
    ...extra,
  };
}

const wide = (extra: Partial<RequestWideParams> = {}): RequestWideParams => ({
  rootRequired: new Set(),
  rootForbidden: new Set(),
  sameSubtrees: [],
  ...extra,
});

const options: PlanOptions = { nestedAware: true, maxCandidates: -1, randomize: false, classOrder: () => 0 };

/** Each request as sorted `provider:class:amount` items, the whole list sorted: order-free comparisons. */
function shape(requests: AllocationRequest[]): string[] {
  return requests
    .map((r) =>
      r.resources
        .map((x) => `${x.provider.uuid}:${x.resourceClass}:${x.amount}`)
        .sort()
        .join(' '),
    )
    .sort();
}

describe('planAllocationCandidates', () => {
  test('single providers: only those with room for every class, counting what is used', () => {
    const snapshot = snapshotOf(
      provider('cn1', { VCPU: { total: 4 }, MEMORY_MB: { total: 2048 } }),
      provider('cn2', { VCPU: { total: 4, used: 4 }, MEMORY_MB: { total: 2048 } }),
      provider('cn3', { VCPU: { total: 4, allocationRatio: 2, used: 6 }, MEMORY_MB: { total: 2048, reserved: 1024 } }),
    );
    const plan = planAllocationCandidates(snapshot, [group('', { VCPU: 2, MEMORY_MB: 1024 })], wide(), options);
    assert.deepEqual(shape(plan.allocationRequests), [
      'cn1:MEMORY_MB:1024 cn1:VCPU:2',
      'cn3:MEMORY_MB:1024 cn3:VCPU:2',
    ]);
    assert.deepEqual(plan.providerSummaries.map((p) => p.uuid).sort(), ['cn1', 'cn3']);
    const tooBig = planAllocationCandidates(snapshot, [group('', { VCPU: 5 })], wide(), options);
    assert.deepEqual(tooBig, { allocationRequests: [], providerSummaries: [] });
  });

  test('nested: classes may come from different providers of one tree; not before 1.29', () => {
    const snapshot = snapshotOf(
      provider('cn', { DISK_GB: { total: 100 } }),
      provider('numa0', { VCPU: { total: 4 }, MEMORY_MB: { total: 1024 } }, { parent: 'cn', root: 'cn' }),
      provider('numa1', { VCPU: { total: 4 }, MEMORY_MB: { total: 1024 } }, { parent: 'cn', root: 'cn' }),
    );
    const groups = [group('', { VCPU: 1, MEMORY_MB: 512, DISK_GB: 10 })];
    const plan = planAllocationCandidates(snapshot, groups, wide(), options);
    assert.equal(plan.allocationRequests.length, 4, 'VCPU and MEMORY_MB from either NUMA node');
    assert.ok(plan.allocationRequests.every((r) => r.anchor === 'cn'));
    assert.deepEqual(plan.providerSummaries.map((p) => p.uuid).sort(), ['cn', 'numa0', 'numa1']);
    const old = planAllocationCandidates(snapshot, groups, wide(), { ...options, nestedAware: false });
    assert.deepEqual(old.allocationRequests, [], 'before 1.29 a request may not span a tree');
  });

  test('sharing providers serve every tree in their aggregates', () => {
    const snapshot = snapshotOf(
      provider('cn1', { VCPU: { total: 4 } }, { aggregates: ['agg'] }),
      provider('cn2', { VCPU: { total: 4 } }, { aggregates: ['agg'] }),
      provider('cn3', { VCPU: { total: 4 } }),
      provider('nfs', { DISK_GB: { total: 1000 } }, { aggregates: ['agg'], traits: ['MISC_SHARES_VIA_AGGREGATE'] }),
    );
    const plan = planAllocationCandidates(snapshot, [group('', { VCPU: 1, DISK_GB: 100 })], wide(), options);
    assert.deepEqual(shape(plan.allocationRequests), ['cn1:VCPU:1 nfs:DISK_GB:100', 'cn2:VCPU:1 nfs:DISK_GB:100']);
    assert.deepEqual(plan.providerSummaries.map((p) => p.uuid).sort(), ['cn1', 'cn2', 'nfs']);
    const diskOnly = planAllocationCandidates(snapshot, [group('', { DISK_GB: 100 })], wide(), options);
    assert.deepEqual(shape(diskOnly.allocationRequests), ['nfs:DISK_GB:100'], 'the same request is listed once');
  });

  test('granular groups: one provider each; isolate keeps them apart; mappings name the providers', () => {
    const snapshot = snapshotOf(
      provider('cn', { VCPU: { total: 8 } }),
      provider('pf1', { SRIOV_NET_VF: { total: 2 } }, { parent: 'cn', root: 'cn', traits: ['CUSTOM_PHYSNET_A'] }),
      provider('pf2', { SRIOV_NET_VF: { total: 2 } }, { parent: 'cn', root: 'cn', traits: ['CUSTOM_PHYSNET_A'] }),
    );
    const groups = [group('', { VCPU: 1 }), group('1', { SRIOV_NET_VF: 1 }), group('2', { SRIOV_NET_VF: 1 })];
    const isolated = planAllocationCandidates(snapshot, groups, wide({ groupPolicy: 'isolate' }), options);
    assert.deepEqual(shape(isolated.allocationRequests), [
      'cn:VCPU:1 pf1:SRIOV_NET_VF:1 pf2:SRIOV_NET_VF:1',
      'cn:VCPU:1 pf1:SRIOV_NET_VF:1 pf2:SRIOV_NET_VF:1',
    ]);
    const mappings = isolated.allocationRequests.map(
      (r) => `${[...r.mappings.get('1')!]}/${[...r.mappings.get('2')!]}`,
    );
    assert.deepEqual(mappings.sort(), ['pf1/pf2', 'pf2/pf1']);
    assert.deepEqual([...isolated.allocationRequests[0]!.mappings.get('')!], ['cn']);
    const shared = planAllocationCandidates(snapshot, groups, wide({ groupPolicy: 'none' }), options);
    assert.equal(shared.allocationRequests.length, 4, 'with none, both groups may use one PF (2 VFs fit)');
    const summed = shared.allocationRequests.find((r) => r.resources.some((x) => x.amount === 2));
    assert.ok(summed, 'amounts of one class on one provider are added up');
  });

  test('traits: an unsuffixed group needs them collectively, a granular one on its provider; forbidden excludes', () => {
    const snapshot = snapshotOf(
      provider('cn', { VCPU: { total: 4 } }, { traits: ['HW_CPU_X86_AVX2'] }),
      provider('disk', { DISK_GB: { total: 10 } }, { parent: 'cn', root: 'cn', traits: ['STORAGE_DISK_SSD'] }),
      provider('cn2', { VCPU: { total: 4 }, DISK_GB: { total: 10 } }, { traits: ['HW_CPU_X86_AVX2'] }),
    );
    const both = [new Set(['HW_CPU_X86_AVX2']), new Set(['STORAGE_DISK_SSD'])];
    const collective = planAllocationCandidates(
      snapshot,
      [group('', { VCPU: 1, DISK_GB: 1 }, { requiredTraits: both })],
      wide(),
      options,
    );
    assert.deepEqual(shape(collective.allocationRequests), ['cn:VCPU:1 disk:DISK_GB:1']);
    const anyOf = planAllocationCandidates(
      snapshot,
      [group('', { VCPU: 1, DISK_GB: 1 }, { requiredTraits: [new Set(['STORAGE_DISK_SSD', 'HW_CPU_X86_AVX2'])] })],
      wide(),
      options,
    );
    assert.equal(anyOf.allocationRequests.length, 2);
    const forbidden = planAllocationCandidates(
      snapshot,
      [group('', { VCPU: 1, DISK_GB: 1 }, { forbiddenTraits: new Set(['STORAGE_DISK_SSD']) })],
      wide(),
      options,
    );
    assert.deepEqual(shape(forbidden.allocationRequests), ['cn2:DISK_GB:1 cn2:VCPU:1']);
    const granular = planAllocationCandidates(
      snapshot,
      [group('1', { DISK_GB: 1 }, { requiredTraits: [new Set(['STORAGE_DISK_SSD'])] })],
      wide(),
      options,
    );
    assert.deepEqual(shape(granular.allocationRequests), ['disk:DISK_GB:1']);
  });

  test('aggregates: member_of on a root covers its tree; forbidden aggregates exclude', () => {
    const snapshot = snapshotOf(
      provider('cn1', {}, { aggregates: ['gold'] }),
      provider('numa1', { VCPU: { total: 4 } }, { parent: 'cn1', root: 'cn1' }),
      provider('cn2', { VCPU: { total: 4 } }, { aggregates: ['silver'] }),
    );
    const inGold = planAllocationCandidates(
      snapshot,
      [group('', { VCPU: 1 }, { memberOf: [new Set(['gold'])] })],
      wide(),
      options,
    );
    assert.deepEqual(shape(inGold.allocationRequests), ['numa1:VCPU:1']);
    const notSilver = planAllocationCandidates(
      snapshot,
      [group('', { VCPU: 1 }, { forbiddenAggregates: new Set(['silver']) })],
      wide(),
      options,
    );
    assert.deepEqual(shape(notSilver.allocationRequests), ['numa1:VCPU:1']);
    const nowhere = planAllocationCandidates(
      snapshot,
      [group('', { VCPU: 1 }, { memberOf: [new Set(['bronze'])] })],
      wide(),
      options,
    );
    assert.deepEqual(nowhere.allocationRequests, []);
  });

  test('root_required filters on the root of each tree (Nova forbids COMPUTE_STATUS_DISABLED)', () => {
    const snapshot = snapshotOf(
      provider('up', { VCPU: { total: 4 } }),
      provider('down', { VCPU: { total: 4 } }, { traits: ['COMPUTE_STATUS_DISABLED'] }),
    );
    const plan = planAllocationCandidates(
      snapshot,
      [group('', { VCPU: 1 })],
      wide({ rootForbidden: new Set(['COMPUTE_STATUS_DISABLED']) }),
      options,
    );
    assert.deepEqual(shape(plan.allocationRequests), ['up:VCPU:1']);
  });

  test('same_subtree: the named groups must sit under one of their providers', () => {
    const snapshot = snapshotOf(
      provider('cn', { VCPU: { total: 4 } }),
      provider('numa0', {}, { parent: 'cn', root: 'cn', traits: ['CUSTOM_NUMA'] }),
      provider('numa1', {}, { parent: 'cn', root: 'cn', traits: ['CUSTOM_NUMA'] }),
      provider('gpu0', { VGPU: { total: 1 } }, { parent: 'numa0', root: 'cn' }),
      provider('nic1', { SRIOV_NET_VF: { total: 1 } }, { parent: 'numa1', root: 'cn' }),
    );
    const groups = [
      group('_NUMA', {}, { requiredTraits: [new Set(['CUSTOM_NUMA'])] }),
      group('_GPU', { VGPU: 1 }),
      group('_NIC', { SRIOV_NET_VF: 1 }),
    ];
    const apart = planAllocationCandidates(
      snapshot,
      groups,
      wide({ groupPolicy: 'none', sameSubtrees: [new Set(['_NUMA', '_GPU', '_NIC'])] }),
      options,
    );
    assert.deepEqual(apart.allocationRequests, [], 'the GPU and the NIC are under different NUMA nodes');
    const gpuOnly = planAllocationCandidates(
      snapshot,
      groups.slice(0, 2),
      wide({ groupPolicy: 'none', sameSubtrees: [new Set(['_NUMA', '_GPU'])] }),
      options,
    );
    assert.equal(gpuOnly.allocationRequests.length, 1);
    assert.deepEqual([...gpuOnly.allocationRequests[0]!.mappings.get('_NUMA')!], ['numa0']);
  });

  test('in_tree pins a group to one tree; limit keeps the first ones and their summaries only', () => {
    const snapshot = snapshotOf(
      provider('a', { VCPU: { total: 4 } }),
      provider('b', { VCPU: { total: 4 } }),
      provider('c', { VCPU: { total: 4 } }),
    );
    const pinned = planAllocationCandidates(snapshot, [group('', { VCPU: 1 }, { inTree: 'b' })], wide(), options);
    assert.deepEqual(shape(pinned.allocationRequests), ['b:VCPU:1']);
    const unknown = planAllocationCandidates(snapshot, [group('', { VCPU: 1 }, { inTree: 'zzz' })], wide(), options);
    assert.deepEqual(unknown.allocationRequests, []);
    const limited = planAllocationCandidates(snapshot, [group('', { VCPU: 1 })], wide({ limit: 2 }), options);
    assert.equal(limited.allocationRequests.length, 2);
    assert.deepEqual(
      limited.providerSummaries.map((p) => p.uuid),
      ['a', 'b'],
    );
    const random = planAllocationCandidates(snapshot, [group('', { VCPU: 1 })], wide({ limit: 1 }), {
      ...options,
      randomize: true,
      random: () => 0.99,
    });
    assert.deepEqual(shape(random.allocationRequests), ['c:VCPU:1']);
    const capped = planAllocationCandidates(snapshot, [group('', { VCPU: 1 })], wide(), {
      ...options,
      maxCandidates: 1,
    });
    assert.equal(capped.allocationRequests.length, 1);
  });
});
