// The allocation requests that satisfy one request group on their own (Placement's _get_by_one_request).
import { type AllocationRequest, product, requestKey } from './allocation-request.js';
import {
  canSatisfy,
  intersects,
  type ProviderNode,
  type ProviderSnapshot,
  SHARING_TRAIT,
  satisfiesAll,
  sharingAnchors,
} from './provider-snapshot.js';
import type { RequestGroup } from './request-group.js';

/** What every group's search shares. */
export interface SearchContext {
  snapshot: ProviderSnapshot;
  /** Whether any provider has a parent. */
  hasTrees: boolean;
  /** Providers with MISC_SHARES_VIA_AGGREGATE. */
  sharing: ProviderNode[];
  /** Roots allowed by root_required; undefined when it was not given. */
  anchorRoots: Set<string> | undefined;
  /** Sort key of a resource class (standard classes in os-resource-classes order, then custom ones). */
  classOrder: (resourceClass: string) => number;
}

/** A provider able to give one class, and the tree it would give it to. */
interface Candidate {
  provider: ProviderNode;
  anchor: string;
}

const anchorAllowed = (ctx: SearchContext, root: string): boolean => !ctx.anchorRoots || ctx.anchorRoots.has(root);

/**
 * The allocation requests satisfying `group` alone. A granular group (or any group when there are neither trees
 * nor sharing providers) is satisfied by one provider; the unsuffixed group may combine providers of one tree and
 * sharing providers associated with it by aggregate.
 */
export function candidatesForGroup(ctx: SearchContext, group: RequestGroup): AllocationRequest[] {
  const providers = [...ctx.snapshot.providers.values()];
  let inAggregates: Set<string> | undefined;
  if (group.memberOf.length > 0) {
    inAggregates = new Set(providers.filter((p) => satisfiesAll(p.aggregates, group.memberOf)).map((p) => p.uuid));
    if (inAggregates.size === 0) return [];
  }
  let treeRoot: string | undefined;
  if (group.inTree !== undefined) {
    // An in_tree provider that does not exist means no candidates, not an error (Placement's research context).
    treeRoot = ctx.snapshot.providers.get(group.inTree)?.rootUuid;
    if (treeRoot === undefined) return [];
  }
  const inTree = (p: ProviderNode) => treeRoot === undefined || p.rootUuid === treeRoot;
  const withResource = new Map<string, ProviderNode[]>();
  for (const [resourceClass, amount] of group.resources) {
    const able = providers.filter((p) => inTree(p) && canSatisfy(p.inventories.get(resourceClass), amount));
    if (able.length === 0) return [];
    withResource.set(resourceClass, able);
  }
  const badAggregates = new Set(
    providers.filter((p) => intersects(p.aggregates, group.forbiddenAggregates)).map((p) => p.uuid),
  );
  if (!group.useSameProvider && (ctx.sharing.length > 0 || ctx.hasTrees)) {
    return treeCandidates(ctx, group, withResource, inAggregates, badAggregates, treeRoot);
  }
  return singleProviderCandidates(ctx, group, withResource, inAggregates, badAggregates, providers.filter(inTree));
}

function singleProviderCandidates(
  ctx: SearchContext,
  group: RequestGroup,
  withResource: Map<string, ProviderNode[]>,
  inAggregates: Set<string> | undefined,
  badAggregates: Set<string>,
  treeProviders: ProviderNode[],
): AllocationRequest[] {
  const matches = (p: ProviderNode) =>
    satisfiesAll(p.traits, group.requiredTraits) &&
    !intersects(p.traits, group.forbiddenTraits) &&
    (!inAggregates || inAggregates.has(p.uuid)) &&
    !badAggregates.has(p.uuid);
  let able = treeProviders;
  for (const list of withResource.values()) {
    const uuids = new Set(list.map((p) => p.uuid));
    able = able.filter((p) => uuids.has(p.uuid));
  }
  const out: AllocationRequest[] = [];
  for (const provider of able.filter(matches)) {
    const request: AllocationRequest = {
      anchor: provider.rootUuid,
      useSameProvider: group.useSameProvider,
      resources: [...group.resources].map(([resourceClass, amount]) => ({ provider, resourceClass, amount })),
      mappings: new Map([[group.suffix, new Set([provider.uuid])]]),
    };
    if (anchorAllowed(ctx, provider.rootUuid)) out.push(request);
    // A sharing provider serves every tree it shares an aggregate with: one request per such anchor.
    if (provider.traits.has(SHARING_TRAIT)) {
      for (const anchor of sharingAnchors(ctx.snapshot, provider)) {
        if (anchor !== provider.rootUuid && anchorAllowed(ctx, anchor)) out.push({ ...request, anchor });
      }
    }
  }
  return out;
}

function treeCandidates(
  ctx: SearchContext,
  group: RequestGroup,
  withResource: Map<string, ProviderNode[]>,
  inAggregates: Set<string> | undefined,
  badAggregates: Set<string>,
  treeRoot: string | undefined,
): AllocationRequest[] {
  const byClass = new Map<string, Candidate[]>();
  let commonAnchors: Set<string> | undefined;
  for (const [resourceClass, able] of withResource) {
    let candidates: Candidate[] = able.map((provider) => ({ provider, anchor: provider.rootUuid }));
    const ableUuids = new Set(able.map((p) => p.uuid));
    const sharingWithCapacity = ctx.sharing.filter(
      (s) => ableUuids.has(s.uuid) && (!inAggregates || inAggregates.has(s.uuid)),
    );
    // Sharing providers join only when the group is not pinned to one tree with in_tree.
    if (treeRoot === undefined) {
      const seen = new Set(candidates.map((c) => `${c.provider.uuid}|${c.anchor}`));
      for (const provider of sharingWithCapacity) {
        for (const anchor of sharingAnchors(ctx.snapshot, provider)) {
          if (!seen.has(`${provider.uuid}|${anchor}`)) candidates.push({ provider, anchor });
        }
      }
    }
    if (ctx.anchorRoots) candidates = candidates.filter((c) => ctx.anchorRoots!.has(c.anchor));
    // member_of is met by the provider itself or by the root of its tree (the aggregate on a root spans the tree).
    if (inAggregates) {
      candidates = candidates.filter((c) => inAggregates.has(c.provider.uuid) || inAggregates.has(c.anchor));
    }
    candidates = candidates.filter((c) => !badAggregates.has(c.provider.uuid) && !badAggregates.has(c.anchor));
    if (candidates.length === 0) return [];
    byClass.set(resourceClass, candidates);
    const anchors = new Set(candidates.map((c) => c.anchor));
    commonAnchors = commonAnchors ? new Set([...commonAnchors].filter((a) => anchors.has(a))) : anchors;
    if (commonAnchors.size === 0) return [];
  }
  const classes = [...group.resources.keys()].sort((a, b) => ctx.classOrder(a) - ctx.classOrder(b));
  const byAnchor = new Map<string, Map<string, Candidate[]>>();
  for (const [rc, candidates] of byClass) {
    for (const c of candidates) {
      const lists = byAnchor.get(c.anchor) ?? new Map<string, Candidate[]>();
      const list = lists.get(rc) ?? [];
      list.push(c);
      lists.set(rc, list);
      byAnchor.set(c.anchor, lists);
    }
  }
  const out = new Map<string, AllocationRequest>();
  for (const anchor of commonAnchors ?? []) {
    const lists = classes.map((rc) => byAnchor.get(anchor)?.get(rc) ?? []);
    for (const combination of product(lists)) {
      const used = combination.map((c) => c.provider);
      // The providers of one request must collectively have the required traits and none may have a forbidden one.
      if (used.some((p) => intersects(p.traits, group.forbiddenTraits))) continue;
      const traits = new Set(used.flatMap((p) => [...p.traits]));
      if (!satisfiesAll(traits, group.requiredTraits)) continue;
      const request: AllocationRequest = {
        anchor,
        useSameProvider: false,
        resources: combination.map((c, i) => ({
          provider: c.provider,
          resourceClass: classes[i]!,
          amount: group.resources.get(classes[i]!)!,
        })),
        mappings: new Map([[group.suffix, new Set(used.map((p) => p.uuid))]]),
      };
      const key = `${anchor}#${requestKey(request)}`;
      if (!out.has(key)) out.set(key, request);
    }
  }
  return [...out.values()];
}
