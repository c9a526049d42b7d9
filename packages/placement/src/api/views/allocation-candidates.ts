// Allocation candidates as Placement shows them: allocation_requests in the PUT /allocations form of the
// microversion (a list before 1.12), mappings from 1.34, provider_summaries with traits from 1.17, every class
// from 1.27 (only those requested before) and parent/root from 1.29.
import type { Microversion } from '@nubo/core';
import type { AllocationRequest } from '../../candidates/allocation-request.js';
import type { CandidatePlan } from '../../candidates/plan.js';
import { capacityOf, type ProviderNode } from '../../candidates/provider-snapshot.js';
import type { RequestGroup } from '../../candidates/request-group.js';

function resourcesByProvider(request: AllocationRequest): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  for (const r of request.resources) {
    const resources = out.get(r.provider.uuid) ?? {};
    resources[r.resourceClass] = r.amount;
    out.set(r.provider.uuid, resources);
  }
  return out;
}

function allocationRequestView(request: AllocationRequest, version: Microversion): Record<string, unknown> {
  const byProvider = resourcesByProvider(request);
  if (!version.atLeast('1.12')) {
    return {
      allocations: [...byProvider].map(([uuid, resources]) => ({ resource_provider: { uuid }, resources })),
    };
  }
  const view: Record<string, unknown> = {
    allocations: Object.fromEntries([...byProvider].map(([uuid, resources]) => [uuid, { resources }])),
  };
  if (version.atLeast('1.34')) {
    view.mappings = Object.fromEntries([...request.mappings].map(([suffix, uuids]) => [suffix, [...uuids]]));
  }
  return view;
}

function providerSummaryView(
  provider: ProviderNode,
  requested: Set<string>,
  version: Microversion,
): Record<string, unknown> {
  const allClasses = version.atLeast('1.27');
  const resources = Object.fromEntries(
    [...provider.inventories]
      .filter(([rc]) => allClasses || requested.has(rc))
      .map(([rc, inv]) => [rc, { capacity: Math.trunc(capacityOf(inv)), used: inv.used }]),
  );
  const view: Record<string, unknown> = { resources };
  if (version.atLeast('1.17')) view.traits = [...provider.traits].sort();
  if (version.atLeast('1.29')) {
    view.parent_provider_uuid = provider.parentUuid;
    view.root_provider_uuid = provider.rootUuid;
  }
  return view;
}

/** GET /allocation_candidates: allocation_requests and provider_summaries. */
export function allocationCandidatesView(
  plan: CandidatePlan,
  groups: RequestGroup[],
  version: Microversion,
): Record<string, unknown> {
  const requested = new Set(groups.flatMap((g) => [...g.resources.keys()]));
  return {
    allocation_requests: plan.allocationRequests.map((r) => allocationRequestView(r, version)),
    provider_summaries: Object.fromEntries(
      plan.providerSummaries.map((p) => [p.uuid, providerSummaryView(p, requested, version)]),
    ),
  };
}
