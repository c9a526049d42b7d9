// Quotas: each project's limits (its own, else the configured defaults), what it uses (counted from live rows, as
// Nova's counting quota driver does), the instances/cores/ram check of server create and resize, and updates.
import { BadRequest, OverQuota } from '@nubo/core';
import type { ComputeContext } from './context.js';
import { listInstanceSizes } from './db/instances.js';
import { countKeypairs } from './db/keypairs.js';
import { deleteProjectQuotas, listProjectQuotas, setProjectQuotas } from './db/quotas.js';
import { countServerGroups } from './db/server-groups.js';
import type { InstanceRow } from './db/tables.js';

/** Every quota resource Nova knows, in its order. */
export const QUOTA_RESOURCES = [
  'instances',
  'cores',
  'ram',
  'metadata_items',
  'injected_files',
  'injected_file_content_bytes',
  'injected_file_path_bytes',
  'key_pairs',
  'server_groups',
  'server_group_members',
  'fixed_ips',
  'floating_ips',
  'security_groups',
  'security_group_rules',
] as const;
export type QuotaResource = (typeof QUOTA_RESOURCES)[number];

/** Resources Nova stopped showing in 2.36 (they were proxies to nova-network / Neutron). */
export const NETWORK_RESOURCES: readonly QuotaResource[] = [
  'fixed_ips',
  'floating_ips',
  'security_group_rules',
  'security_groups',
];
/** Resources Nova stopped showing in 2.57 (personality files went away). */
export const INJECTED_FILE_RESOURCES: readonly QuotaResource[] = [
  'injected_files',
  'injected_file_content_bytes',
  'injected_file_path_bytes',
];

/** The default limits: nubo.yaml's compute section, and Nova's fixed defaults for the rest. */
export function defaultQuotas(ctx: ComputeContext): Record<QuotaResource, number> {
  const c = ctx.config;
  return {
    instances: c.quotaInstances,
    cores: c.quotaCores,
    ram: c.quotaRam,
    metadata_items: c.quotaMetadataItems,
    injected_files: 5,
    injected_file_content_bytes: 10240,
    injected_file_path_bytes: 255,
    key_pairs: c.quotaKeyPairs,
    server_groups: c.quotaServerGroups,
    server_group_members: c.quotaServerGroupMembers,
    fixed_ips: -1,
    floating_ips: 10,
    security_groups: 10,
    security_group_rules: 20,
  };
}

/** The limits in force for a project. */
export async function quotaLimits(ctx: ComputeContext, projectId: string): Promise<Record<QuotaResource, number>> {
  return { ...defaultQuotas(ctx), ...(await listProjectQuotas(ctx.db, projectId)) };
}

/** The vcpus and ram an instance holds: during a resize the larger of the old and new flavors, as Nova counts. */
export function instanceResources(row: Pick<InstanceRow, 'flavor' | 'old_flavor'>): { vcpus: number; ram: number } {
  const flavor = JSON.parse(row.flavor) as { vcpus: number; ram: number };
  const old = row.old_flavor ? (JSON.parse(row.old_flavor) as { vcpus: number; ram: number }) : flavor;
  return { vcpus: Math.max(flavor.vcpus, old.vcpus), ram: Math.max(flavor.ram, old.ram) };
}

/** What a project uses of the counted resources (key pairs are per user: counted for `userId` when given). */
export async function quotaUsage(
  ctx: ComputeContext,
  projectId: string,
  userId?: string,
): Promise<Record<QuotaResource, number>> {
  const usage = Object.fromEntries(QUOTA_RESOURCES.map((r) => [r, 0])) as Record<QuotaResource, number>;
  const rows = (await listInstanceSizes(ctx.db, projectId)).filter((r) => r.vm_state !== 'soft-delete');
  usage.instances = rows.length;
  for (const row of rows) {
    const { vcpus, ram } = instanceResources(row);
    usage.cores += vcpus;
    usage.ram += ram;
  }
  usage.server_groups = await countServerGroups(ctx.db, projectId);
  if (userId !== undefined) usage.key_pairs = await countKeypairs(ctx.db, userId);
  return usage;
}

/**
 * Nova's `check_num_instances_quota`: how many of `minCount`..`maxCount` instances of a flavor the project may still
 * create.
 *
 * @throws OverQuota "Quota exceeded for cores: Requested 4, but already used 18 of 20 cores" when not even
 * `minCount` fit.
 */
export async function checkInstanceQuota(
  ctx: ComputeContext,
  projectId: string,
  flavor: { vcpus: number; ram: number },
  minCount: number,
  maxCount: number,
): Promise<number> {
  const limits = await quotaLimits(ctx, projectId);
  const resources = ['cores', 'instances', 'ram'] as const;
  // Nothing to count against when all three are unlimited (counting reads every live server of the project).
  if (resources.every((r) => limits[r] < 0)) return maxCount;
  const used = await quotaUsage(ctx, projectId);
  const deltas = { instances: maxCount, cores: maxCount * flavor.vcpus, ram: maxCount * flavor.ram };
  const overs = resources.filter((r) => limits[r] >= 0 && used[r] + deltas[r] > limits[r]);
  if (overs.length === 0) return maxCount;
  const headroom = (r: (typeof resources)[number]) => (limits[r] < 0 ? Number.POSITIVE_INFINITY : limits[r] - used[r]);
  let allowed = headroom('instances');
  if (flavor.vcpus) allowed = Math.min(allowed, Math.floor(headroom('cores') / flavor.vcpus));
  if (flavor.ram) allowed = Math.min(allowed, Math.floor(headroom('ram') / flavor.ram));
  if (allowed >= minCount && allowed <= maxCount && allowed > 0) return allowed;
  const requested = {
    instances: minCount === maxCount ? String(minCount) : `${minCount}-${maxCount}`,
    cores: String(deltas.cores),
    ram: String(deltas.ram),
  };
  const names = overs.join(', ');
  throw new OverQuota(
    `Quota exceeded for ${names}: Requested ${overs.map((r) => requested[r]).join(', ')}, ` +
      `but already used ${overs.map((r) => used[r]).join(', ')} of ${overs.map((r) => limits[r]).join(', ')} ${names}`,
  );
}

/**
 * The cores/ram check of a resize to a bigger flavor: only the growth is requested, as Nova's `_check_quota_for_upsize`.
 *
 * @throws OverQuota in Nova's TooManyInstances wording.
 */
export async function checkResizeQuota(
  ctx: ComputeContext,
  projectId: string,
  growth: { vcpus: number; ram: number },
): Promise<void> {
  const deltas = { cores: Math.max(0, growth.vcpus), ram: Math.max(0, growth.ram) };
  if (deltas.cores === 0 && deltas.ram === 0) return;
  const limits = await quotaLimits(ctx, projectId);
  const used = await quotaUsage(ctx, projectId);
  const overs = (['cores', 'ram'] as const).filter((r) => limits[r] >= 0 && used[r] + deltas[r] > limits[r]);
  if (overs.length === 0) return;
  const names = overs.join(', ');
  throw new OverQuota(
    `Quota exceeded for ${names}: Requested ${overs.map((r) => deltas[r]).join(', ')}, ` +
      `but already used ${overs.map((r) => used[r]).join(', ')} of ${overs.map((r) => limits[r]).join(', ')} ${names}`,
  );
}

/** Nova's metadata_items check: "Quota exceeded for metadata_items …" is worded as MetadataLimitExceeded. */
export async function checkMetadataQuota(ctx: ComputeContext, projectId: string, count: number): Promise<void> {
  const limit = (await quotaLimits(ctx, projectId)).metadata_items;
  if (limit >= 0 && count > limit) throw new OverQuota(`Maximum number of metadata items exceeds ${limit}`);
}

/**
 * Sets a project's limits (Nova's quota-sets update). Without `force`, a limit below what is in use is refused.
 *
 * @throws BadRequest "Quota limit … must be greater than or equal to already used and reserved …"
 */
export async function updateQuotas(
  ctx: ComputeContext,
  projectId: string,
  requested: Partial<Record<QuotaResource, number>>,
  force: boolean,
): Promise<Record<QuotaResource, number>> {
  const used = await quotaUsage(ctx, projectId);
  for (const [resource, limit] of Object.entries(requested) as [QuotaResource, number][]) {
    if (force || limit === -1) continue;
    if (limit < used[resource]) {
      throw new BadRequest(
        `Quota limit ${limit} for ${resource} must be greater than or equal to already used and reserved ${used[resource]}.`,
      );
    }
  }
  await setProjectQuotas(ctx.db, projectId, requested as Record<string, number>);
  return quotaLimits(ctx, projectId);
}

/** Reverts a project to the default limits. */
export async function revertQuotas(ctx: ComputeContext, projectId: string): Promise<void> {
  await deleteProjectQuotas(ctx.db, projectId);
}
