// Three small APIs around servers: diagnostics (admin), the server password a guest posts to the metadata service
// (none here: guests do not post one yet, so it reads empty and clearing it is a no-op), and the instance usage
// audit log — Nova's periodic audit task is off by default, and nubo does not run one, so every host is "not run".
import { BadRequest } from '@nubo/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { listServiceRows } from '../compute-services.js';
import type { ComputeContext } from '../context.js';
import type { Flavor } from '../flavors.js';
import type { Vif } from '../network.js';
import { getServer } from '../servers.js';
import { atLeast, callerOf, enforce } from './common.js';

type Params = { server_id: string; before_timestamp: string };

const POWER_STATES: Record<number, string> = {
  0: 'pending',
  1: 'running',
  3: 'paused',
  4: 'shutdown',
  6: 'crashed',
  7: 'suspended',
};

/** Nova's month audit period ending at or before `at`: [first of the previous month, first of this month). */
function auditPeriod(at: Date): { beginning: Date; ending: Date } {
  const ending = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const beginning = new Date(Date.UTC(ending.getUTCFullYear(), ending.getUTCMonth() - 1, 1));
  return { beginning, ending };
}

/** Python's `str()` of a naive datetime. */
function naive(date: Date): string {
  return date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '');
}

/** Nova's accepted before_timestamp formats: `%Y-%m-%d %H:%M:%S` with optional fraction. */
function parseBefore(text: string): Date {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?$/.exec(text);
  const date = match ? new Date(`${match[1]}T${match[2]}${match[3] ?? ''}Z`) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw new BadRequest(`Invalid timestamp for date ${text}`);
  return date;
}

async function auditLog(ctx: ComputeContext, before: Date): Promise<Record<string, unknown>> {
  const hosts = (await listServiceRows(ctx)).filter((s) => s.binary === 'nova-compute').map((s) => s.host);
  const { beginning, ending } = auditPeriod(before);
  return {
    hosts_not_run: hosts,
    log: {},
    num_hosts: hosts.length,
    num_hosts_done: 0,
    num_hosts_not_run: hosts.length,
    num_hosts_running: 0,
    overall_status: `0 of ${hosts.length} hosts done. 0 errors.`,
    period_beginning: naive(beginning),
    period_ending: naive(ending),
    total_errors: 0,
    total_instances: 0,
  };
}

export function serverExtraRoutes(scope: FastifyInstance, ctx: ComputeContext): void {
  const server = async (request: FastifyRequest, rule: string) => {
    const row = await getServer(ctx, callerOf(ctx, request), (request.params as Params).server_id);
    enforce(ctx, request, rule, { project_id: row.project_id });
    return row;
  };

  scope.get('/v2.1/servers/:server_id/diagnostics', async (request) => {
    const row = await server(request, 'os_compute_api:os-server-diagnostics');
    const flavor = JSON.parse(row.flavor) as Flavor;
    const vifs = (JSON.parse(row.request_spec || '{}') as { network_info?: Vif[] }).network_info ?? [];
    const uptime = row.launched_at ? Math.floor((Date.now() - Date.parse(row.launched_at)) / 1000) : null;
    if (!atLeast(request, '2.48')) {
      // Before 2.48 the answer is the driver's own dictionary; ours says what Compute knows for sure.
      return { memory: flavor.ram * 1024, num_cpus: flavor.vcpus, uptime, state: POWER_STATES[row.power_state] };
    }
    return {
      state: POWER_STATES[row.power_state] ?? 'pending',
      // Nova's fake driver, like libvirt's, reports the libvirt format.
      driver: 'libvirt',
      hypervisor: ctx.config.driver === 'fake' ? 'fake' : 'lxc',
      hypervisor_os: 'linux',
      uptime,
      config_drive: row.config_drive === 'True',
      num_cpus: flavor.vcpus,
      num_nics: vifs.length,
      num_disks: 1,
      memory_details: { maximum: flavor.ram, used: null },
      cpu_details: [],
      nic_details: vifs.map((vif) => ({
        mac_address: vif.mac,
        rx_octets: null,
        rx_errors: null,
        rx_drop: null,
        rx_packets: null,
        rx_rate: null,
        tx_octets: null,
        tx_errors: null,
        tx_drop: null,
        tx_packets: null,
        tx_rate: null,
      })),
      disk_details: [],
    };
  });

  scope.get('/v2.1/servers/:server_id/os-server-password', async (request) => {
    await server(request, 'os_compute_api:os-server-password:show');
    return { password: '' };
  });

  scope.delete('/v2.1/servers/:server_id/os-server-password', async (request, reply) => {
    await server(request, 'os_compute_api:os-server-password:clear');
    reply.code(204);
  });

  scope.get('/v2.1/os-instance_usage_audit_log', async (request) => {
    enforce(ctx, request, 'os_compute_api:os-instance-usage-audit-log:list');
    return { instance_usage_audit_logs: await auditLog(ctx, new Date()) };
  });

  scope.get('/v2.1/os-instance_usage_audit_log/:before_timestamp', async (request) => {
    enforce(ctx, request, 'os_compute_api:os-instance-usage-audit-log:show');
    const before = parseBefore(decodeURIComponent((request.params as Params).before_timestamp));
    return { instance_usage_audit_log: await auditLog(ctx, before) };
  });
}
