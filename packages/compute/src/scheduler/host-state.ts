// The scheduler's model: what it knows of each candidate host (Nova's HostState) and of the request (RequestSpec),
// as plain data in one snapshot, so filters and weighers are pure functions over it.
import type { Resources } from '../placement.js';

/** A host aggregate as the scheduler sees it: its zone and metadata. */
export interface AggregateInfo {
  id: number;
  uuid: string;
  name: string;
  availabilityZone: string | null;
  metadata: Record<string, string>;
}

/** One candidate compute node (a host with one node) and its resources as Placement reported them. */
export interface HostState {
  host: string;
  nodename: string;
  /** The compute node uuid, which is also its Placement resource provider uuid. */
  nodeUuid: string;
  hypervisorType: string;
  /** [architecture, hypervisor type, vm mode] triples the host can run (Nova's supported_instances). */
  supportedInstances: [string, string, string][];
  serviceDisabled: boolean;
  /** Heard from within the service down time and not forced down. */
  serviceUp: boolean;
  aggregates: AggregateInfo[];
  /** Capacity (with allocation ratio) and use per resource class, from Placement's provider summary. */
  capacity: Resources;
  used: Resources;
  traits: string[];
  /** The allocation Placement proposed for this host: provider uuid → resources. */
  allocations: Record<string, Resources>;
}

/** The server group the instance is in, with where its other members run. */
export interface GroupInfo {
  id: string;
  /** affinity, anti-affinity, soft-affinity, soft-anti-affinity. */
  policy: string;
  rules: Record<string, unknown>;
  /** Host → number of the group's other members on it. */
  memberHosts: Record<string, number>;
}

/** What the instance asks of a host (the parts of Nova's RequestSpec the filters and weighers read). */
export interface SchedulingSpec {
  instanceId: string;
  projectId: string;
  flavor: { vcpus: number; ram: number; disk: number; extra_specs: Record<string, string> };
  /** Image properties (hw_architecture, img_hv_type, …); empty for a volume-backed server. */
  imageProperties: Record<string, unknown>;
  /** The zone asked for, or null for any. */
  availabilityZone: string | null;
  /** Zone of hosts in no zoned aggregate (Nova's default_availability_zone). */
  defaultAvailabilityZone: string;
  group: GroupInfo | null;
  /** `zone:host[:node]` at create (admin): only this host, and filters are skipped (Nova's force_hosts). */
  forcedHost: string | null;
  forcedNode: string | null;
  /** 2.74 `host` / `hypervisor_hostname`: only this host, filters still apply. */
  requestedHost: string | null;
  requestedNode: string | null;
  /** Hosts never to pick (a cold migration's source). */
  ignoreHosts: string[];
}

/** The free amount of a resource class on a host. */
export function freeOf(host: HostState, rc: string): number {
  return (host.capacity[rc] ?? 0) - (host.used[rc] ?? 0);
}

/** Nova's `aggregate_metadata_get_by_host`: every metadata key of the host's aggregates → its values. */
export function aggregateMetadataOf(host: HostState): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const aggregate of host.aggregates) {
    const items = { ...aggregate.metadata };
    if (aggregate.availabilityZone) items.availability_zone = aggregate.availabilityZone;
    for (const [key, value] of Object.entries(items)) {
      const values = out.get(key) ?? new Set<string>();
      values.add(value);
      out.set(key, values);
    }
  }
  return out;
}
