// Availability zones: a host's zone is the `availability_zone` of its aggregates, else the default zone
// (nubo.yaml compute.defaultAvailabilityZone, Nova's [DEFAULT] default_availability_zone).
import type { ComputeContext } from './context.js';
import { listAggregateHosts, listAggregates } from './db/aggregates.js';
import { listComputeServices } from './db/services.js';
import type { ServiceRow } from './db/tables.js';

/** The compute services (nova-compute rows the engine registers), by id. */
export async function listComputeServiceRows(ctx: ComputeContext): Promise<ServiceRow[]> {
  return (await listComputeServices(ctx.db)).sort((a, b) => a.id - b.id);
}

/** The zone of each host that is in a zoned aggregate. */
export async function zonesOfHosts(ctx: ComputeContext): Promise<Map<string, string>> {
  const aggregates = (await listAggregates(ctx.db)).filter((a) => a.availability_zone);
  const hosts = await listAggregateHosts(
    ctx.db,
    aggregates.map((a) => a.id),
  );
  const zones = new Map<string, string>();
  for (const aggregate of aggregates) {
    for (const host of hosts.get(aggregate.id) ?? []) zones.set(host, aggregate.availability_zone!);
  }
  return zones;
}

/** The zone a host is in. */
export async function zoneOfHost(ctx: ComputeContext, host: string): Promise<string> {
  return (await zonesOfHosts(ctx)).get(host) ?? ctx.config.defaultAvailabilityZone;
}

/** Each zone with its compute hosts and whether each host's service is enabled. */
export interface ZoneHosts {
  name: string;
  /** A zone is available when at least one of its compute services is enabled. */
  available: boolean;
  hosts: ServiceRow[];
}

/** Every zone that has a compute host (Nova's `get_availability_zones`), sorted by name. */
export async function listZones(ctx: ComputeContext): Promise<ZoneHosts[]> {
  const zones = await zonesOfHosts(ctx);
  const byZone = new Map<string, ServiceRow[]>();
  for (const service of await listComputeServiceRows(ctx)) {
    const zone = zones.get(service.host) ?? ctx.config.defaultAvailabilityZone;
    byZone.set(zone, [...(byZone.get(zone) ?? []), service]);
  }
  return [...byZone.entries()]
    .map(([name, hosts]) => ({ name, hosts, available: hosts.some((h) => h.disabled === 0) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Whether servers may be created in `zone` (a zone with an enabled compute service). */
export async function isZoneAvailable(ctx: ComputeContext, zone: string): Promise<boolean> {
  return (await listZones(ctx)).some((z) => z.name === zone && z.available);
}
