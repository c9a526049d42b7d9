// Usages: what is allocated of each class, per provider or per project (and user).
import type { PlacementContext } from './context.js';
import { findProvider } from './db/resource-providers.js';
import type { ResourceProviderRow } from './db/tables.js';
import * as q from './db/usages.js';
import { providerNotFound } from './errors.js';

/** The consumer type Placement reports for consumers written before 1.38 (NULL_CONSUMER_TYPE_ALIAS). */
export const UNKNOWN_CONSUMER_TYPE = 'unknown';
/** The `consumer_type` filter that lumps every type together. */
export const ALL_CONSUMER_TYPES = 'all';

/** GET /resource_providers/{uuid}/usages. @throws NotFound for an unknown provider. */
export async function getProviderUsages(
  ctx: PlacementContext,
  uuid: string,
): Promise<{ provider: ResourceProviderRow; usages: Map<string, number> }> {
  const provider = await findProvider(ctx.db, uuid);
  if (!provider) throw providerNotFound(uuid);
  return { provider, usages: await q.providerUsages(ctx.db, uuid) };
}

/** GET /usages before 1.38: class → amount for the project's (or the user's) consumers. */
export async function getProjectUsages(
  ctx: PlacementContext,
  projectId: string,
  userId?: string,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const r of await q.projectAllocations(ctx.db, projectId, userId)) {
    out.set(r.resource_class, (out.get(r.resource_class) ?? 0) + r.used);
  }
  return out;
}

/** One consumer type's usage (GET /usages from 1.38). */
export interface ConsumerTypeUsage {
  usages: Map<string, number>;
  consumerCount: number;
}

/**
 * GET /usages from 1.38: usage grouped by consumer type. `all` puts everything under `all`, `unknown` keeps only
 * consumers without a type, any other name keeps only that type; without a filter every type is its own group.
 */
export async function getProjectUsagesByConsumerType(
  ctx: PlacementContext,
  projectId: string,
  userId: string | undefined,
  consumerType: string | undefined,
): Promise<Map<string, ConsumerTypeUsage>> {
  const groups = new Map<string, { usages: Map<string, number>; consumers: Set<string> }>();
  for (const r of await q.projectAllocations(ctx.db, projectId, userId)) {
    const type = r.consumer_type ?? UNKNOWN_CONSUMER_TYPE;
    if (consumerType !== undefined && consumerType !== ALL_CONSUMER_TYPES && consumerType !== type) continue;
    const key = consumerType === ALL_CONSUMER_TYPES ? ALL_CONSUMER_TYPES : type;
    const group = groups.get(key) ?? { usages: new Map(), consumers: new Set() };
    group.usages.set(r.resource_class, (group.usages.get(r.resource_class) ?? 0) + r.used);
    group.consumers.add(r.consumer_uuid);
    groups.set(key, group);
  }
  return new Map(
    [...groups].map(([type, g]) => [type, { usages: g.usages, consumerCount: g.consumers.size }] as const),
  );
}
