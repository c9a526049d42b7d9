// os-hosts (deprecated in 2.43, still served below it): the hosts of the cloud's services, and a compute host's
// resources — its total, what its servers use, and per project — as Nova's HostController computes them.
import { NotFound } from '@nubo/core';
import { listServices } from './compute-services.js';
import type { ComputeContext } from './context.js';
import { listInstances } from './db/instances.js';
import type { Flavor } from './flavors.js';

/** A host as os-hosts lists it: one entry per service. */
export interface HostEntry {
  host_name: string;
  service: string;
  zone: string;
}

/** One row of a host's resources. */
export interface HostResource {
  host: string;
  project: string;
  cpu: number;
  memory_mb: number;
  disk_gb: number;
}

/** Every service's host, optionally in one zone. */
export async function listHosts(ctx: ComputeContext, zone?: string): Promise<HostEntry[]> {
  return (
    (await listServices(ctx, {}))
      .map((s) => ({ host_name: s.row.host, service: s.row.topic, zone: s.zone }))
      // A blank zone filters nothing, as Nova's `if zone:`.
      .filter((h) => !zone || h.zone === zone)
  );
}

/** A compute host's resources: (total), (used_now), (used_max), then one row per project with servers there. */
export async function hostResources(ctx: ComputeContext, host: string): Promise<HostResource[]> {
  const node = await ctx.db.selectFrom('compute_nodes').selectAll().where('host', '=', host).executeTakeFirst();
  if (!node) throw new NotFound(`Compute host ${host} could not be found.`);
  const servers = await listInstances(ctx.db, { hosts: [host], deleted: false });
  const byProject = new Map<string, HostResource>();
  const used: HostResource = { host, project: '(used_now)', cpu: 0, memory_mb: 0, disk_gb: 0 };
  for (const server of servers) {
    const flavor = JSON.parse(server.flavor) as Flavor;
    const row = byProject.get(server.project_id) ?? {
      host,
      project: server.project_id,
      cpu: 0,
      memory_mb: 0,
      disk_gb: 0,
    };
    row.cpu += flavor.vcpus;
    row.memory_mb += flavor.ram;
    row.disk_gb += flavor.disk + flavor.ephemeral;
    byProject.set(server.project_id, row);
    used.cpu += flavor.vcpus;
    used.memory_mb += flavor.ram;
    used.disk_gb += flavor.disk + flavor.ephemeral;
  }
  return [
    { host, project: '(total)', cpu: node.vcpus, memory_mb: node.memory_mb, disk_gb: node.local_gb },
    used,
    { ...used, project: '(used_max)' },
    ...byProject.values(),
  ];
}

/** 404 unless `host` runs a compute service (Nova looks its compute node up first). */
export async function assertComputeHost(ctx: ComputeContext, host: string): Promise<void> {
  const node = await ctx.db.selectFrom('compute_nodes').select('host').where('host', '=', host).executeTakeFirst();
  if (!node) throw new NotFound(`Compute host ${host} could not be found.`);
}
