// Nova's select_destinations, split as convention 9 asks: gather the snapshot (Placement's allocation candidates and
// the topology), run the pure scheduler for a plan, then commit it by claiming in Placement — on a 409 the next
// host is tried.
import { ApiError } from '@nubo/sdk';
import { listInstances } from '../db/instances.js';
import { listGroupMembers } from '../db/server-groups.js';
import type { InstanceRow } from '../db/tables.js';
import type { Flavor } from '../flavors.js';
import { type ClaimResult, type Resources, resourcesOfFlavor, traitsOfRequest } from '../placement.js';
import type { GroupInfo, HostState, SchedulingSpec } from '../scheduler/host-state.js';
import { type SchedulePlan, schedule } from '../scheduler/schedule.js';
import type { RequestSpec } from '../servers.js';
import { memberOfZone } from './aggregate-sync.js';
import type { CandidatesRead } from './candidate-cache.js';
import type { ConductorContext } from './context.js';
import { hostStatesOf, type Topology, zoneOfHost } from './host-snapshot.js';

/** Nova's NoValidHost reason when the scheduler finds nothing. */
export const NO_VALID_HOST = 'No valid host was found. There are not enough hosts available.';

/** Nova's [scheduler] max_placement_results. */
const MAX_PLACEMENT_RESULTS = 1000;
/** Claims tried before giving up (each failed one means the host filled up meanwhile). */
const MAX_CLAIMS = 20;

/** What to place: the flavor and the constraints that differ between build, unshelve and migrations. */
export interface PlaceRequest {
  flavor: Flavor;
  availabilityZone: string | null;
  /** Honour the create-time forced host (build only; Nova drops it for moves). */
  useForcedHost: boolean;
  requestedHost: string | null;
  requestedNode: string | null;
  ignoreHosts: string[];
}

/** Where the server goes: the host (as scheduled) and its zone. */
export interface Destination {
  host: HostState;
  zone: string;
}

async function groupOf(c: ConductorContext, row: InstanceRow, spec: RequestSpec): Promise<GroupInfo | null> {
  if (!spec.group) return null;
  const members = ((await listGroupMembers(c.ctx.db, [spec.group.id])).get(spec.group.id) ?? []).filter(
    (id) => id !== row.id,
  );
  const memberHosts: Record<string, number> = {};
  if (members.length > 0) {
    for (const member of await listInstances(c.ctx.db, { ids: members, deleted: false })) {
      if (member.host !== null) memberHosts[member.host] = (memberHosts[member.host] ?? 0) + 1;
    }
  }
  return { id: spec.group.id, policy: spec.group.policy, rules: spec.group.rules ?? {}, memberHosts };
}

/** The scheduler's view of the request. */
async function schedulingSpecOf(
  c: ConductorContext,
  row: InstanceRow,
  spec: RequestSpec,
  request: PlaceRequest,
): Promise<SchedulingSpec> {
  return {
    instanceId: row.id,
    projectId: row.project_id,
    flavor: {
      vcpus: request.flavor.vcpus,
      ram: request.flavor.ram,
      disk: request.flavor.disk,
      extra_specs: request.flavor.extra_specs ?? {},
    },
    imageProperties: spec.image?.properties ?? {},
    availabilityZone: request.availabilityZone,
    defaultAvailabilityZone: c.ctx.config.defaultAvailabilityZone,
    group: await groupOf(c, row, spec),
    forcedHost: request.useForcedHost ? (spec.forced_host ?? null) : null,
    forcedNode: request.useForcedHost ? (spec.forced_node ?? null) : null,
    requestedHost: request.requestedHost,
    requestedNode: request.requestedNode,
    ignoreHosts: request.ignoreHosts,
  };
}

/** The node to ask Placement about alone (`in_tree`), when one host or node is forced or requested. */
function treeOf(topology: Topology, spec: SchedulingSpec): string | undefined | null {
  const host = spec.forcedHost ?? spec.requestedHost;
  const node = spec.forcedNode ?? spec.requestedNode;
  if (host === null && node === null) return undefined;
  for (const n of topology.nodesByUuid.values()) {
    if ((host === null || n.host === host) && (node === null || n.hypervisor_hostname === node)) return n.uuid;
  }
  return null;
}

/**
 * Schedules `row` and claims its resources with `claim` on the first host that accepts. Returns the destination,
 * or the NoValidHost reason. Throws when Placement cannot be reached (the task is retried).
 */
export async function selectDestination(
  c: ConductorContext,
  row: InstanceRow,
  request: PlaceRequest,
  claim: (host: HostState) => Promise<ClaimResult>,
): Promise<Destination | { reason: string }> {
  const spec = JSON.parse(row.request_spec || '{}') as RequestSpec;
  const scheduling = await schedulingSpecOf(c, row, spec, request);
  const resources = resourcesOfFlavor(request.flavor);
  const traits = traitsOfRequest(request.flavor.extra_specs ?? {}, scheduling.imageProperties);
  // First from what is cached (topology, a shared candidates answer); when that finds nothing, once more from
  // fresh reads — a host or aggregate added, or room freed, a moment ago must not turn into NoValidHost.
  for (let fresh = false; ; fresh = true) {
    const topology = await c.topology.get(fresh);
    const inTree = treeOf(topology, scheduling);
    const zoneGroup = request.availabilityZone ? await memberOfZone(c, topology, request.availabilityZone) : undefined;
    let read: CandidatesRead | undefined;
    if (inTree !== null) {
      try {
        read = await c.candidates.get(
          {
            resources,
            required: traits.required,
            forbidden: traits.forbidden,
            ...(zoneGroup ? { memberOf: [zoneGroup] } : {}),
            ...(inTree ? { inTree } : {}),
            limit: MAX_PLACEMENT_RESULTS,
          },
          fresh,
        );
      } catch (err) {
        // A request Placement refuses (an unknown trait, say) can never be placed; anything else is transient.
        if (!(err instanceof ApiError && err.status === 400)) throw err;
      }
    }
    if (read) {
      const hosts = hostStatesOf(topology, read.candidates);
      c.overlay.apply(hosts, read.readAt);
      const plan = schedule({ hosts }, scheduling, {
        multipliers: c.multipliers,
        hostSubsetSize: c.hostSubsetSize,
      });
      const destination = await claimFirst(c, row, plan, resources, topology, claim);
      if (destination) return destination;
    }
    if (fresh || (!read?.shared && !topology.cached)) return { reason: NO_VALID_HOST };
  }
}

/** Commits the plan: claims on each host in turn until one accepts. */
async function claimFirst(
  c: ConductorContext,
  row: InstanceRow,
  plan: SchedulePlan,
  resources: Resources,
  topology: Topology,
  claim: (host: HostState) => Promise<ClaimResult>,
): Promise<Destination | undefined> {
  if (plan.hosts.length === 0) {
    c.ctx.log.info({ instance: row.id, rejected: plan.rejected }, 'no valid host');
    return undefined;
  }
  for (const { host } of plan.hosts.slice(0, MAX_CLAIMS)) {
    const pending = c.overlay.add(host.nodeUuid, resources);
    let result: ClaimResult;
    try {
      result = await claim(host);
    } catch (err) {
      pending.settle(false);
      throw err;
    }
    pending.settle(result.claimed);
    if (result.claimed) return { host, zone: zoneOfHost(topology, host.host, c.ctx.config.defaultAvailabilityZone) };
    c.ctx.log.debug(
      { instance: row.id, host: host.host, detail: result.detail },
      'claim refused; trying the next host',
    );
  }
  return undefined;
}
