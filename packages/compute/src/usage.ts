// os-simple-tenant-usage: each project's server hours (and vcpu, memory, disk hours) over a period, from the
// instances that were running in it (deleted ones included), as Nova's `_tenant_usages_for_period` sums them.
import { BadRequest } from '@nubo/core';
import type { ComputeContext } from './context.js';
import { listInstances } from './db/instances.js';
import type { InstanceRow } from './db/tables.js';

/** One server's usage in the period. */
export interface ServerUsage {
  instance_id: string;
  name: string;
  tenant_id: string;
  flavor: string;
  hours: number;
  memory_mb: number;
  local_gb: number;
  vcpus: number;
  started_at: string;
  ended_at: string | null;
  state: string;
  uptime: number;
}

/** A project's totals with (when detailed) its servers. */
export interface TenantUsage {
  tenant_id: string;
  server_usages?: ServerUsage[];
  total_local_gb_usage: number;
  total_vcpus_usage: number;
  total_memory_mb_usage: number;
  total_hours: number;
  start: string;
  stop: string;
}

/** Python's `isoformat()` of a naive UTC datetime (microseconds), as Nova serializes these times. */
export function naiveIso(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000');
}

/** Nova's `_parse_datetime`: three accepted formats, "now" when absent. @throws BadRequest */
export function parseUsageTime(text: string | undefined): number {
  if (!text) return Date.now();
  if (!/^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?([zZ]|[+-]\d\d:?\d\d)?$/.test(text)) {
    throw new BadRequest('Invalid datetime string: Datetime is in invalid format');
  }
  const value = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text.replace(' ', 'T') : `${text.replace(' ', 'T')}Z`);
  if (Number.isNaN(value)) throw new BadRequest('Invalid datetime string: Datetime is in invalid format');
  return value;
}

function hoursIn(row: InstanceRow, start: number, stop: number): number {
  if (!row.launched_at) return 0;
  const launched = Date.parse(row.launched_at);
  const terminated = row.terminated_at ? Date.parse(row.terminated_at) : undefined;
  if (terminated !== undefined && terminated < start) return 0;
  if (launched > stop) return 0;
  return (Math.min(stop, terminated ?? stop) - Math.max(launched, start)) / 3_600_000;
}

/**
 * The usage of every project (or of `projectId`) in [start, stop), paged over servers by `marker`.
 *
 * @throws BadRequest for a marker that is not among the servers.
 */
export async function tenantUsages(
  ctx: ComputeContext,
  options: { start: number; stop: number; projectId?: string; detailed: boolean; limit: number; marker?: string },
): Promise<{ usages: TenantUsage[]; servers: ServerUsage[] }> {
  let rows = (await listInstances(ctx.db, options.projectId ? { projectId: options.projectId } : {}))
    .filter((r) => r.launched_at && Date.parse(r.launched_at) < options.stop)
    .filter((r) => !r.terminated_at || Date.parse(r.terminated_at) > options.start)
    .sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : 1));
  if (options.marker !== undefined) {
    const at = rows.findIndex((r) => r.id === options.marker);
    if (at < 0) throw new BadRequest(`Marker ${options.marker} could not be found.`);
    rows = rows.slice(at + 1);
  }
  rows = rows.slice(0, options.limit);
  const byTenant = new Map<string, TenantUsage>();
  const servers: ServerUsage[] = [];
  const now = Date.now();
  for (const row of rows) {
    const flavor = JSON.parse(row.flavor) as {
      name: string;
      ram: number;
      disk: number;
      ephemeral: number;
      vcpus: number;
    };
    const launched = Date.parse(row.launched_at!);
    const ended = row.terminated_at ? Date.parse(row.terminated_at) : undefined;
    const usage: ServerUsage = {
      instance_id: row.id,
      name: row.name,
      tenant_id: row.project_id,
      flavor: flavor.name,
      hours: hoursIn(row, options.start, options.stop),
      memory_mb: flavor.ram,
      local_gb: flavor.disk + flavor.ephemeral,
      vcpus: flavor.vcpus,
      started_at: naiveIso(launched),
      ended_at: ended !== undefined ? naiveIso(ended) : null,
      state: ended !== undefined ? 'terminated' : row.vm_state,
      uptime: Math.floor(((ended ?? now) - launched) / 1000),
    };
    let summary = byTenant.get(row.project_id);
    if (!summary) {
      summary = {
        tenant_id: row.project_id,
        ...(options.detailed ? { server_usages: [] } : {}),
        total_local_gb_usage: 0,
        total_vcpus_usage: 0,
        total_memory_mb_usage: 0,
        total_hours: 0,
        start: naiveIso(options.start),
        stop: naiveIso(options.stop),
      };
      byTenant.set(row.project_id, summary);
    }
    summary.total_local_gb_usage += usage.local_gb * usage.hours;
    summary.total_vcpus_usage += usage.vcpus * usage.hours;
    summary.total_memory_mb_usage += usage.memory_mb * usage.hours;
    summary.total_hours += usage.hours;
    summary.server_usages?.push(usage);
    servers.push(usage);
  }
  return { usages: [...byTenant.values()], servers };
}
