// One way to satisfy a request: amounts of resource classes from providers, and which group each provider serves.
import type { ProviderNode } from './provider-snapshot.js';

/** An amount of one class from one provider. */
export interface ResourceRequest {
  provider: ProviderNode;
  resourceClass: string;
  amount: number;
}

/** Placement's AllocationRequest: what a PUT /allocations body would claim, plus its bookkeeping. */
export interface AllocationRequest {
  /** The root of the (non-sharing) tree this request is anchored in. */
  anchor: string;
  /** Whether it came from a granular group (one provider for the whole group). */
  useSameProvider: boolean;
  resources: ResourceRequest[];
  /** Group suffix → uuids of the providers satisfying it (shown as `mappings` from 1.34). */
  mappings: Map<string, Set<string>>;
}

/** A key equal for two requests with the same amounts from the same providers and the same mappings. */
export function requestKey(request: AllocationRequest): string {
  const resources = request.resources
    .map((r) => `${r.provider.uuid}:${r.resourceClass}:${r.amount}`)
    .sort()
    .join(',');
  const mappings = [...request.mappings]
    .map(([suffix, uuids]) => `${suffix}=${[...uuids].sort().join('+')}`)
    .sort()
    .join(';');
  return `${resources}|${mappings}`;
}

/** Every combination that takes one item from each list (itertools.product); one empty combination for no lists. */
export function* product<T>(lists: T[][]): Generator<T[]> {
  if (lists.some((list) => list.length === 0)) return;
  const index = lists.map(() => 0);
  while (true) {
    yield lists.map((list, i) => list[index[i]!]!);
    let k = lists.length - 1;
    for (; k >= 0; k--) {
      index[k]! += 1;
      if (index[k]! < lists[k]!.length) break;
      index[k] = 0;
    }
    if (k < 0) return;
  }
}
