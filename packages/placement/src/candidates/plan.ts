// GET /allocation_candidates as a pure function: a provider snapshot and a request in, candidates out.
import type { AllocationRequest } from './allocation-request.js';
import { candidatesForGroup, type SearchContext } from './group-candidates.js';
import { mergeCandidates } from './merge.js';
import {
  hasProviderTrees,
  intersects,
  type ProviderNode,
  type ProviderSnapshot,
  SHARING_TRAIT,
} from './provider-snapshot.js';
import type { RequestGroup, RequestWideParams } from './request-group.js';

/** What the microversion and the configuration decide. */
export interface PlanOptions {
  /** False below microversion 1.29: requests may not use two providers of one tree. */
  nestedAware: boolean;
  /** Placement's max_allocation_candidates (-1: no limit). */
  maxCandidates: number;
  randomize: boolean;
  /** Sort key of a resource class. */
  classOrder: (resourceClass: string) => number;
  /** For tests: the source of randomness when `randomize` is set. */
  random?: () => number;
}

/** The answer: allocation requests and the providers to summarise. */
export interface CandidatePlan {
  allocationRequests: AllocationRequest[];
  /** Every provider of every tree that an allocation request takes resources from. */
  providerSummaries: ProviderNode[];
}

const EMPTY: CandidatePlan = { allocationRequests: [], providerSummaries: [] };

/** The allocation candidates for `groups` in `snapshot`, as Placement's AllocationCandidates.get_by_requests. */
export function planAllocationCandidates(
  snapshot: ProviderSnapshot,
  groups: RequestGroup[],
  params: RequestWideParams,
  options: PlanOptions,
): CandidatePlan {
  const providers = [...snapshot.providers.values()];
  const hasTrees = hasProviderTrees(snapshot);
  let anchorRoots: Set<string> | undefined;
  if (params.rootRequired.size > 0 || params.rootForbidden.size > 0) {
    anchorRoots = new Set(
      providers
        .filter((p) => p.parentUuid === null)
        .filter((p) => [...params.rootRequired].every((t) => p.traits.has(t)))
        .filter((p) => !intersects(p.traits, params.rootForbidden))
        .map((p) => p.uuid),
    );
    if (anchorRoots.size === 0) return EMPTY;
  }
  const ctx: SearchContext = {
    snapshot,
    hasTrees,
    sharing: providers.filter((p) => p.traits.has(SHARING_TRAIT)),
    anchorRoots,
    classOrder: options.classOrder,
  };
  const perGroup = new Map<string, AllocationRequest[]>();
  for (const group of groups) {
    const requests = candidatesForGroup(ctx, group);
    // One group without candidates sinks the whole request.
    if (requests.length === 0) return EMPTY;
    perGroup.set(group.suffix, requests);
  }
  const filtersLater = options.randomize || (!options.nestedAware && hasTrees);
  const stopAfter = [options.maxCandidates, filtersLater ? -1 : (params.limit ?? -1)]
    .filter((n) => n >= 0)
    .reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
  let requests = mergeCandidates(snapshot, groups, perGroup, params, {
    stopAfter: Number.isFinite(stopAfter) ? stopAfter : -1,
  });
  let summaries = summariesFor(providers, requests);
  if (!options.nestedAware && hasTrees) {
    // Before 1.29 a client cannot read trees: drop requests that take from two providers of the same tree.
    requests = requests.filter((r) => {
      const providersUsed = new Set(r.resources.map((x) => x.provider.uuid));
      const roots = new Set(r.resources.map((x) => x.provider.rootUuid));
      return providersUsed.size === roots.size;
    });
    const used = new Set(requests.flatMap((r) => r.resources.map((x) => x.provider.uuid)));
    summaries = summaries.filter((p) => used.has(p.uuid));
  }
  if (params.limit !== undefined && params.limit < requests.length) {
    requests = options.randomize ? sample(requests, params.limit, options.random) : requests.slice(0, params.limit);
    const roots = new Set(requests.flatMap((r) => r.resources.map((x) => x.provider.rootUuid)));
    summaries = summaries.filter((p) => roots.has(p.rootUuid));
  } else if (options.randomize) {
    requests = sample(requests, requests.length, options.random);
  }
  return { allocationRequests: requests, providerSummaries: summaries };
}

function summariesFor(providers: ProviderNode[], requests: AllocationRequest[]): ProviderNode[] {
  const roots = new Set(requests.flatMap((r) => r.resources.map((x) => x.provider.rootUuid)));
  return providers.filter((p) => roots.has(p.rootUuid));
}

/** `count` items in random order (a partial Fisher–Yates shuffle). */
function sample<T>(items: T[], count: number, random: () => number = Math.random): T[] {
  const copy = [...items];
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, count);
}
