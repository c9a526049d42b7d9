// os-hypervisors: the compute nodes the engine registers (db/nodes.ts), each with its
// service and what its live instances use, and the statistics over all of them.
import { BadRequest, NotFound } from '@nubo/core';
import { isServiceUp, listServiceRows } from './compute-services.js';
import type { ComputeContext } from './context.js';
import { listInstances } from './db/instances.js';
import { listComputeNodes } from './db/nodes.js';
import type { ComputeNodeRow, InstanceRow, ServiceRow } from './db/tables.js';

/** A compute node with its nova-compute service and its usage. */
export interface Hypervisor {
  node: ComputeNodeRow;
  service: ServiceRow;
  up: boolean;
  instances: InstanceRow[];
  vcpusUsed: number;
  memoryMbUsed: number;
  localGbUsed: number;
  /** Instances with a task under way (Nova's current_workload). */
  workload: number;
}

function nodes(ctx: ComputeContext): Promise<ComputeNodeRow[]> {
  return listComputeNodes(ctx.db);
}

async function describe(ctx: ComputeContext, rows: ComputeNodeRow[]): Promise<Hypervisor[]> {
  const services = (await listServiceRows(ctx)).filter((s) => s.binary === 'nova-compute');
  const instances = await listInstances(ctx.db, { hosts: [...new Set(rows.map((r) => r.host))], deleted: false });
  const out: Hypervisor[] = [];
  for (const node of rows) {
    // Nova skips a node whose service is gone (it waits to be cleaned up).
    const service = services.find((s) => s.host === node.host);
    if (!service) continue;
    const mine = instances.filter(
      (i) => i.node === node.hypervisor_hostname || (i.node === null && i.host === node.host),
    );
    let vcpus = 0;
    let ram = 0;
    let disk = 0;
    for (const instance of mine) {
      const flavor = JSON.parse(instance.flavor) as {
        vcpus: number;
        ram: number;
        disk: number;
        ephemeral: number;
        swap: number;
      };
      vcpus += flavor.vcpus;
      ram += flavor.ram;
      disk += flavor.disk + flavor.ephemeral + Math.ceil(flavor.swap / 1024);
    }
    out.push({
      node,
      service,
      up: isServiceUp(service),
      instances: mine,
      vcpusUsed: vcpus,
      memoryMbUsed: ram,
      localGbUsed: disk,
      workload: mine.filter((i) => i.task_state !== null).length,
    });
  }
  return out;
}

/** Every hypervisor, or those whose name contains `pattern`; paged by id (2.33) after `marker`. */
export async function listHypervisors(
  ctx: ComputeContext,
  options: { pattern?: string; limit?: number; marker?: string; byUuid: boolean },
): Promise<Hypervisor[]> {
  let rows = await nodes(ctx);
  if (options.pattern !== undefined) {
    rows = rows.filter((r) => r.hypervisor_hostname.includes(options.pattern!));
    if (rows.length === 0) throw new NotFound(`No hypervisor matching '${options.pattern}' could be found.`);
  }
  if (options.marker !== undefined) {
    const at = rows.findIndex((r) => (options.byUuid ? r.uuid : String(r.id)) === options.marker);
    if (at < 0) throw new BadRequest(`marker [${options.marker}] not found`);
    rows = rows.slice(at + 1);
  }
  if (options.limit !== undefined) rows = rows.slice(0, options.limit);
  return describe(ctx, rows);
}

/** One hypervisor by uuid (2.53+) or integer id. @throws NotFound */
export async function getHypervisor(ctx: ComputeContext, id: string, byUuid: boolean): Promise<Hypervisor> {
  const row = (await nodes(ctx)).find((r) => (byUuid ? r.uuid === id : String(r.id) === id));
  const found = row ? (await describe(ctx, [row]))[0] : undefined;
  if (!found) throw new NotFound(`Hypervisor with ID '${id}' could not be found.`);
  return found;
}

/** Nova's compute_node_statistics: sums over every node. */
export async function hypervisorStatistics(ctx: ComputeContext): Promise<Record<string, number>> {
  const all = await describe(ctx, await nodes(ctx));
  const sum = (f: (h: Hypervisor) => number) => all.reduce((total, h) => total + f(h), 0);
  return {
    count: all.length,
    vcpus: sum((h) => h.node.vcpus),
    memory_mb: sum((h) => h.node.memory_mb),
    local_gb: sum((h) => h.node.local_gb),
    vcpus_used: sum((h) => h.vcpusUsed),
    memory_mb_used: sum((h) => h.memoryMbUsed),
    local_gb_used: sum((h) => h.localGbUsed),
    free_ram_mb: sum((h) => h.node.memory_mb - h.memoryMbUsed),
    free_disk_gb: sum((h) => h.node.local_gb - h.localGbUsed),
    current_workload: sum((h) => h.workload),
    running_vms: sum((h) => h.instances.length),
    disk_available_least: sum((h) => h.node.local_gb - h.localGbUsed),
  };
}
