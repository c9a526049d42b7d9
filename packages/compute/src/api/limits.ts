// /limits: the caller's project's absolute limits and usage (another project's with ?tenant_id= for admins).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ComputeContext } from '../context.js';
import { type QuotaResource, quotaLimits, quotaUsage } from '../quotas.js';
import { atLeast, callerOf, checkQuery, enforce, queryLast } from './common.js';

/** Nova's limit names for each quota resource (views/limits.py). */
const LIMIT_NAMES: [QuotaResource, string][] = [
  ['ram', 'maxTotalRAMSize'],
  ['instances', 'maxTotalInstances'],
  ['cores', 'maxTotalCores'],
  ['key_pairs', 'maxTotalKeypairs'],
  ['floating_ips', 'maxTotalFloatingIps'],
  ['metadata_items', 'maxServerMeta'],
  ['metadata_items', 'maxImageMeta'],
  ['injected_files', 'maxPersonality'],
  ['injected_file_content_bytes', 'maxPersonalitySize'],
  ['security_groups', 'maxSecurityGroups'],
  ['security_group_rules', 'maxSecurityGroupRules'],
  ['server_groups', 'maxServerGroups'],
  ['server_group_members', 'maxServerGroupMembers'],
];
const USED_NAMES: [QuotaResource, string][] = [
  ['ram', 'totalRAMUsed'],
  ['cores', 'totalCoresUsed'],
  ['instances', 'totalInstancesUsed'],
  ['floating_ips', 'totalFloatingIpsUsed'],
  ['security_groups', 'totalSecurityGroupsUsed'],
  ['server_groups', 'totalServerGroupsUsed'],
];

/** What each microversion leaves out (network proxies from 2.36, image meta from 2.39, personality from 2.57). */
function filtered(request: FastifyRequest): Set<string> {
  const out = new Set<string>();
  if (atLeast(request, '2.36')) for (const r of ['floating_ips', 'security_groups', 'security_group_rules']) out.add(r);
  if (atLeast(request, '2.57')) for (const r of ['injected_files', 'injected_file_content_bytes']) out.add(r);
  return out;
}

export function limitRoutes(scope: FastifyInstance, ctx: ComputeContext): void {
  scope.get('/v2.1/limits', async (request) => {
    checkQuery(request, { known: ['tenant_id'], strictFrom: '2.75' });
    enforce(ctx, request, 'os_compute_api:limits', {});
    let projectId = callerOf(ctx, request).projectId;
    const tenant = queryLast(request, 'tenant_id');
    if (tenant !== undefined) {
      projectId = tenant;
      enforce(ctx, request, 'os_compute_api:limits:other_project');
    }
    const limits = await quotaLimits(ctx, projectId);
    const usage = await quotaUsage(ctx, projectId);
    const skip = filtered(request);
    const absolute: Record<string, number> = {};
    for (const [resource, name] of LIMIT_NAMES) {
      if (skip.has(resource) || (name === 'maxImageMeta' && atLeast(request, '2.39'))) continue;
      absolute[name] = limits[resource];
    }
    for (const [resource, name] of USED_NAMES) if (!skip.has(resource)) absolute[name] = usage[resource];
    return { limits: { rate: [], absolute } };
  });
}
