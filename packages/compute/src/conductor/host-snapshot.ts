// The scheduler's snapshot, read for each request: compute nodes, their services and aggregates from the database
// (the topology, optionally cached briefly), joined with the allocation candidates Placement returned.

import { isServiceUp } from '../compute-services.js';
import type { ComputeContext } from '../context.js';
import { listAggregateHosts, listAggregateMetadata, listAggregates } from '../db/aggregates.js';
import { listComputeNodes } from '../db/nodes.js';
import { listComputeServices } from '../db/services.js';
import type { ComputeNodeRow, ServiceRow } from '../db/tables.js';
import type { AllocationCandidates } from '../placement.js';
import type { AggregateInfo, HostState } from '../scheduler/host-state.js';

/** Nodes, services and aggregates, as read at one moment. */
export interface Topology {
  nodesByUuid: Map<string, ComputeNodeRow>;
  nodesByHost: Map<string, ComputeNodeRow>;
  /** Node uuid → [arch, hypervisor type, vm mode] triples it runs. */
  supportedInstances: Map<string, [string, string, string][]>;
  services: Map<string, ServiceRow>;
  /** Host → the aggregates it is in. */
  aggregatesByHost: Map<string, AggregateInfo[]>;
  /** Every aggregate with its hosts. */
  aggregates: (AggregateInfo & { hosts: string[] })[];
  readAt: number;
  /** Whether this read was served from the cache (it may miss a change made a moment ago). */
  cached?: boolean;
}

/** Reads the topology (four queries). */
export async function loadTopology(ctx: ComputeContext): Promise<Topology> {
  const [nodes, services, aggregates, hosts, metadata] = await Promise.all([
    listComputeNodes(ctx.db),
    listComputeServices(ctx.db),
    listAggregates(ctx.db),
    listAggregateHosts(ctx.db),
    listAggregateMetadata(ctx.db),
  ]);
  const aggregatesByHost = new Map<string, AggregateInfo[]>();
  const withHosts = aggregates.map((row) => {
    const info: AggregateInfo = {
      id: row.id,
      uuid: row.uuid,
      name: row.name,
      availabilityZone: row.availability_zone,
      metadata: metadata.get(row.id) ?? {},
    };
    const members = hosts.get(row.id) ?? [];
    for (const host of members) aggregatesByHost.set(host, [...(aggregatesByHost.get(host) ?? []), info]);
    return { ...info, hosts: members };
  });
  return {
    nodesByUuid: new Map(nodes.map((n) => [n.uuid, n])),
    nodesByHost: new Map(nodes.map((n) => [n.host, n])),
    supportedInstances: new Map(nodes.map((n) => [n.uuid, supportedInstancesOf(n)])),
    services: new Map(services.map((s) => [s.host, s])),
    aggregatesByHost,
    aggregates: withHosts,
    readAt: Date.now(),
  };
}

/** Keeps the topology for `ttlMs` (0: read it for every request). */
export class TopologyCache {
  private current: Promise<{ fresh: Topology; reused: Topology }> | undefined;

  constructor(
    private readonly ctx: ComputeContext,
    private readonly ttlMs: number,
  ) {}

  /** The topology, reused while younger than the ttl unless `fresh` asks for a new read. */
  async get(fresh = false): Promise<Topology> {
    const cached = this.current && !fresh ? await this.current.catch(() => undefined) : undefined;
    if (cached && Date.now() - cached.fresh.readAt <= this.ttlMs) return cached.reused;
    const read = loadTopology(this.ctx).then((t) => ({ fresh: t, reused: { ...t, cached: true } }));
    this.current = read;
    return (await read).fresh;
  }
}

/** The zone of a host: its aggregates' availability zone, else the default zone. */
export function zoneOfHost(topology: Topology, host: string, defaultZone: string): string {
  for (const aggregate of topology.aggregatesByHost.get(host) ?? []) {
    const zone = aggregate.availabilityZone ?? aggregate.metadata.availability_zone;
    if (zone) return zone;
  }
  return defaultZone;
}

/** The [arch, hypervisor type, vm mode] a node runs: arch from its COMPUTE_ARCH_* trait, x86_64 when it has none. */
function supportedInstancesOf(node: ComputeNodeRow): [string, string, string][] {
  const traits = JSON.parse(node.traits || '[]') as string[];
  const arches = traits.filter((t) => t.startsWith('COMPUTE_ARCH_')).map((t) => t.slice(13).toLowerCase());
  return (arches.length > 0 ? arches : ['x86_64']).map((arch) => [arch, node.hypervisor_type, 'hvm']);
}

const built = new WeakMap<Topology, WeakMap<AllocationCandidates, HostState[]>>();

/**
 * The scheduler's hosts: one per allocation request whose provider is a compute node we know. Built once per
 * topology and candidates answer; each call gets its own copies of the usages (the claim overlay adds to them).
 */
export function hostStatesOf(topology: Topology, candidates: AllocationCandidates, now = Date.now()): HostState[] {
  let byAnswer = built.get(topology);
  if (!byAnswer) {
    byAnswer = new WeakMap();
    built.set(topology, byAnswer);
  }
  let hosts = byAnswer.get(candidates);
  if (!hosts) {
    hosts = buildHostStates(topology, candidates, now);
    byAnswer.set(candidates, hosts);
  }
  return hosts.map((h) => ({ ...h, used: { ...h.used } }));
}

function buildHostStates(topology: Topology, candidates: AllocationCandidates, now: number): HostState[] {
  const out: HostState[] = [];
  for (const request of candidates.allocationRequests) {
    const providers = Object.keys(request.allocations);
    const node = providers.map((uuid) => topology.nodesByUuid.get(uuid)).find((n) => n !== undefined);
    if (!node) continue;
    const summary = candidates.providerSummaries[node.uuid];
    const service = topology.services.get(node.host);
    out.push({
      host: node.host,
      nodename: node.hypervisor_hostname,
      nodeUuid: node.uuid,
      hypervisorType: node.hypervisor_type,
      supportedInstances: topology.supportedInstances.get(node.uuid) ?? [],
      serviceDisabled: service === undefined || service.disabled === 1,
      serviceUp: service !== undefined && isServiceUp(service, now),
      aggregates: topology.aggregatesByHost.get(node.host) ?? [],
      capacity: Object.fromEntries(Object.entries(summary?.resources ?? {}).map(([rc, r]) => [rc, r.capacity])),
      used: Object.fromEntries(Object.entries(summary?.resources ?? {}).map(([rc, r]) => [rc, r.used])),
      traits: summary?.traits ?? [],
      allocations: Object.fromEntries(Object.entries(request.allocations).map(([rp, a]) => [rp, a.resources])),
    });
  }
  return out;
}
