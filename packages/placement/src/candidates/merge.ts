// Folds the per-group allocation requests into requests that satisfy every group at once (Placement's
// _merge_candidates): same anchor, group_policy, same_subtree, then a capacity check on the summed amounts.
import { type AllocationRequest, product, type ResourceRequest, requestKey } from './allocation-request.js';
import { ancestorsOf, capacityOf, intersects, type ProviderSnapshot } from './provider-snapshot.js';
import type { RequestGroup, RequestWideParams } from './request-group.js';

/** How far to go. */
export interface MergeOptions {
  /** Stop once this many merged requests exist; -1 for no limit. */
  stopAfter: number;
}

/** Requests that satisfy all `groups`, each from one anchor's per-group candidates, without duplicates. */
export function mergeCandidates(
  snapshot: ProviderSnapshot,
  groups: RequestGroup[],
  perGroup: Map<string, AllocationRequest[]>,
  params: RequestWideParams,
  options: MergeOptions,
): AllocationRequest[] {
  const byAnchor = new Map<string, Map<string, AllocationRequest[]>>();
  for (const group of groups) {
    for (const request of perGroup.get(group.suffix) ?? []) {
      const bySuffix = byAnchor.get(request.anchor) ?? new Map<string, AllocationRequest[]>();
      byAnchor.set(request.anchor, bySuffix);
      const list = bySuffix.get(group.suffix) ?? [];
      list.push(request);
      bySuffix.set(group.suffix, list);
    }
  }
  const granularGroups = groups.filter((g) => g.suffix !== '').length;
  const out = new Map<string, AllocationRequest>();
  for (const [anchor, bySuffix] of byAnchor) {
    // An anchor is viable only when every group has at least one request in its tree.
    if (bySuffix.size !== groups.length) continue;
    for (const combination of product(groups.map((g) => bySuffix.get(g.suffix)!))) {
      if (params.groupPolicy === 'isolate' && !isolated(combination, granularGroups)) continue;
      if (!inSameSubtrees(snapshot, combination, params.sameSubtrees)) continue;
      const merged = consolidate(anchor, combination);
      if (exceedsCapacity(merged)) continue;
      const key = requestKey(merged);
      if (!out.has(key)) out.set(key, merged);
      if (options.stopAfter >= 0 && out.size >= options.stopAfter) return [...out.values()];
    }
  }
  return [...out.values()];
}

/** group_policy=isolate: every granular group is satisfied by a different provider. */
function isolated(combination: AllocationRequest[], granularGroups: number): boolean {
  const providers = new Set<string>();
  for (const request of combination) {
    if (!request.useSameProvider) continue;
    for (const uuids of request.mappings.values()) for (const uuid of uuids) providers.add(uuid);
  }
  return providers.size === granularGroups;
}

/** same_subtree: the providers of the named groups all descend from one of them. */
function inSameSubtrees(
  snapshot: ProviderSnapshot,
  combination: AllocationRequest[],
  sameSubtrees: Set<string>[],
): boolean {
  for (const suffixes of sameSubtrees) {
    const uuids = new Set<string>();
    for (const request of combination) {
      for (const suffix of suffixes) for (const uuid of request.mappings.get(suffix) ?? []) uuids.add(uuid);
    }
    if (uuids.size <= 1) continue;
    let common: Set<string> | undefined;
    for (const uuid of uuids) {
      const ancestors = ancestorsOf(snapshot, uuid);
      common = common ? new Set([...common].filter((a) => ancestors.has(a))) : ancestors;
    }
    if (!common || !intersects(common, uuids)) return false;
  }
  return true;
}

/** One request from several: amounts of the same class on the same provider are added up, mappings joined. */
function consolidate(anchor: string, combination: AllocationRequest[]): AllocationRequest {
  const resources = new Map<string, ResourceRequest>();
  const mappings = new Map<string, Set<string>>();
  for (const request of combination) {
    for (const r of request.resources) {
      const key = `${r.provider.uuid}|${r.resourceClass}`;
      const existing = resources.get(key);
      if (existing) existing.amount += r.amount;
      else resources.set(key, { ...r });
    }
    for (const [suffix, uuids] of request.mappings) {
      mappings.set(suffix, new Set([...(mappings.get(suffix) ?? []), ...uuids]));
    }
  }
  return { anchor, useSameProvider: false, resources: [...resources.values()], mappings };
}

/** Whether the summed amounts overflow a provider: capacity (truncated, as provider summaries show it) or max_unit. */
function exceedsCapacity(request: AllocationRequest): boolean {
  return request.resources.some((r) => {
    const inventory = r.provider.inventories.get(r.resourceClass);
    if (!inventory) return true;
    return inventory.used + r.amount > Math.trunc(capacityOf(inventory)) || r.amount > inventory.maxUnit;
  });
}
