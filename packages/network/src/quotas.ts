// Per-project quotas (Neutron's quotas and quota_details extensions): limits, usage, and the OverQuota check.
import type { Caller, NetworkContext } from './context.js';
import { countFloatingIps } from './db/floating-ips.js';
import { countNetworks } from './db/networks.js';
import { countPorts } from './db/ports.js';
import { deleteQuotas, selectQuotaProjects, selectQuotas, upsertQuota } from './db/quotas.js';
import { countRouters } from './db/routers.js';
import { countRules } from './db/security-group-rules.js';
import { countSecurityGroups } from './db/security-groups.js';
import { countSubnets } from './db/subnets.js';
import type { NetworkQueryable } from './db/tables.js';
import { NeutronOverQuota } from './errors.js';

/** The resources Neutron counts, in its order. */
export const QUOTA_RESOURCES = [
  'network',
  'subnet',
  'port',
  'router',
  'floatingip',
  'security_group',
  'security_group_rule',
] as const;

export type QuotaResource = (typeof QUOTA_RESOURCES)[number];

const COUNTERS: Record<QuotaResource, (db: NetworkQueryable, projectId: string) => Promise<number>> = {
  network: countNetworks,
  subnet: countSubnets,
  port: countPorts,
  router: countRouters,
  floatingip: countFloatingIps,
  security_group: countSecurityGroups,
  security_group_rule: countRules,
};

/** The configured defaults. */
export function defaultLimits(ctx: NetworkContext): Record<QuotaResource, number> {
  return { ...ctx.config.defaultQuotas } as Record<QuotaResource, number>;
}

/**
 * A project's limits: its own where set, the defaults elsewhere. Inside a transaction pass it as `db` (SQLite's one
 * connection is held by the transaction, so a read on ctx.db would wait forever).
 */
export async function limitsOf(
  ctx: NetworkContext,
  projectId: string,
  db: NetworkQueryable = ctx.db,
): Promise<Record<QuotaResource, number>> {
  return { ...defaultLimits(ctx), ...(await selectQuotas(db, projectId)) } as Record<QuotaResource, number>;
}

/** How much of each resource a project uses. */
export async function usageOf(db: NetworkQueryable, projectId: string): Promise<Record<QuotaResource, number>> {
  const out = {} as Record<QuotaResource, number>;
  for (const resource of QUOTA_RESOURCES) out[resource] = await COUNTERS[resource](db, projectId);
  return out;
}

/**
 * Throws OverQuota (409) when `count` more of `resource` would take the project past its limit. The count is read
 * inside the creating transaction; two racing creators may both pass at the edge, as with Neutron's default
 * (non-reserving) quota driver.
 */
export async function checkQuota(
  ctx: NetworkContext,
  db: NetworkQueryable,
  projectId: string,
  resource: QuotaResource,
  count = 1,
): Promise<void> {
  const limit = (await limitsOf(ctx, projectId, db))[resource];
  if (limit < 0) return;
  const used = await COUNTERS[resource](db, projectId);
  if (used + count > limit) throw new NeutronOverQuota([resource]);
}

/** Sets some limits of a project and returns all of them. */
export async function setLimits(
  ctx: NetworkContext,
  projectId: string,
  limits: Partial<Record<QuotaResource, number>>,
): Promise<Record<QuotaResource, number>> {
  for (const [resource, limit] of Object.entries(limits)) await upsertQuota(ctx.db, projectId, resource, limit);
  return limitsOf(ctx, projectId);
}

/** Forgets a project's own limits (back to the defaults). */
export async function resetLimits(ctx: NetworkContext, projectId: string): Promise<void> {
  await deleteQuotas(ctx.db, projectId);
}

/** Every project with limits of its own, with those limits (GET /v2.0/quotas for an admin). */
export async function listProjectLimits(
  ctx: NetworkContext,
  caller: Caller,
): Promise<{ projectId: string; limits: Record<QuotaResource, number> }[]> {
  const projects = caller.isAdmin ? await selectQuotaProjects(ctx.db) : [caller.projectId];
  const out = [];
  for (const projectId of projects) out.push({ projectId, limits: await limitsOf(ctx, projectId) });
  return out;
}
