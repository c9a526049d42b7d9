// The conductor's part of a build (Nova's schedule_and_build_instances) and of an unshelve: schedule, claim in
// Placement, record host, node and zone, and hand the task to that host's agent. Every step is idempotent: a retried
// task adopts the claim an earlier attempt made.
import { faultJson, saveInstance } from '../agent/context.js';
import { findInstance } from '../db/instances.js';
import type { InstanceRow, TaskRow } from '../db/tables.js';
import type { TaskOutcome } from '../db/tasks.js';
import type { Flavor } from '../flavors.js';
import type { RequestSpec } from '../servers.js';
import { type BuildRetry, buildRetryOf } from '../tasks.js';
import type { ConductorContext } from './context.js';
import { zoneOfHost } from './host-snapshot.js';
import { type Destination, selectDestination } from './select-destination.js';

/** Where an earlier attempt's claim landed (a crash between claim and record), if it did. */
async function adoptClaim(
  c: ConductorContext,
  row: InstanceRow,
): Promise<{ host: string; node: string; zone: string } | undefined> {
  const held = await c.placement.getAllocations(row.id);
  const topology = await c.topology.get();
  for (const uuid of Object.keys(held.allocations)) {
    const node = topology.nodesByUuid.get(uuid);
    if (node) {
      return {
        host: node.host,
        node: node.hypervisor_hostname,
        zone: zoneOfHost(topology, node.host, c.ctx.config.defaultAvailabilityZone),
      };
    }
  }
  return undefined;
}

/** Schedules and claims for a new (build) or returning (unshelve) server; the claim is the server's consumer. */
async function place(
  c: ConductorContext,
  row: InstanceRow,
  availabilityZone: string | null,
  build: boolean,
  unshelveHost: string | null = null,
  ignoreHosts: string[] = [],
) {
  const spec = JSON.parse(row.request_spec || '{}') as RequestSpec;
  const flavor = JSON.parse(row.flavor) as Flavor;
  return selectDestination(
    c,
    row,
    {
      flavor,
      availabilityZone,
      useForcedHost: build,
      requestedHost: build ? (spec.requested_host ?? null) : unshelveHost,
      requestedNode: build ? (spec.requested_hypervisor_hostname ?? null) : null,
      ignoreHosts,
    },
    (host) =>
      c.placement.claim(row.id, {
        allocations: host.allocations,
        consumerGeneration: null,
        projectId: row.project_id,
        userId: row.user_id,
        consumerType: 'INSTANCE',
      }),
  );
}

/** Records where the server goes, unless it was deleted meanwhile (then the claim is given back). */
async function commit(
  c: ConductorContext,
  row: InstanceRow,
  where: { host: string; node: string; zone: string },
): Promise<boolean> {
  const saved = await saveInstance(
    c,
    row.id,
    { host: where.host, node: where.node, availability_zone: where.zone },
    { vmStates: [row.vm_state] },
  );
  if (saved) return true;
  await c.placement.release(row.id);
  return false;
}

function destinationOf(dest: Destination) {
  return { host: dest.host.host, node: dest.host.nodename, zone: dest.zone };
}

/** A build that cannot be placed (any more): ERROR with the reason as its fault. */
async function failBuild(c: ConductorContext, row: InstanceRow, reason: string): Promise<TaskOutcome> {
  await saveInstance(
    c,
    row.id,
    { vm_state: 'error', task_state: null, fault: faultJson(reason) },
    { vmStates: ['building'] },
  );
  return { outcome: 'error', message: reason };
}

/**
 * Runs the conductor's `build` task: the first schedule, or a reschedule after a spawn failed on a host (Nova's
 * build_instances with a `retry`): that host and those tried before are left out, and after compute.maxAttempts
 * tries the server goes to ERROR with Nova's MaxRetriesExceeded fault.
 */
export async function scheduleBuild(c: ConductorContext, task: TaskRow): Promise<TaskOutcome> {
  const row = await findInstance(c.ctx.db, task.instance_id, { includeDeleted: true });
  if (!row || row.deleted === 1) {
    // Deleted before it had a host: an earlier attempt may still hold a claim.
    await c.placement.release(task.instance_id);
    return { outcome: 'done' };
  }
  if (row.vm_state !== 'building') return { outcome: 'done' };
  const tried = buildRetryOf(task);
  const retry: BuildRetry = { ...tried, num_attempts: tried.num_attempts + 1 };
  // Placed before a restart cut this step off: on to that host, as this attempt.
  if (row.host) return { outcome: 'hand-over', host: row.host, params: { retry } };
  const maxAttempts = c.ctx.config.maxAttempts;
  if (retry.num_attempts > maxAttempts) {
    await c.placement.release(row.id);
    return failBuild(
      c,
      row,
      `Exceeded maximum number of retries. Exceeded max scheduling attempts ${maxAttempts} for instance ${row.id}. ` +
        `Last exception: ${tried.exc_reason ?? ''}`,
    );
  }
  const spec = JSON.parse(row.request_spec || '{}') as RequestSpec;
  const run = async (): Promise<TaskOutcome> => {
    let where = task.attempts > 1 ? await adoptClaim(c, row) : undefined;
    if (!where) {
      const zone = row.requested_az ?? spec.availability_zone ?? null;
      const dest = await place(c, row, zone, true, null, retry.hosts);
      // A claim sent before a crash may land after our first look: every host then refused us as a stale
      // consumer, and the claim found now is this server's.
      where = 'reason' in dest ? await adoptClaim(c, row) : destinationOf(dest);
      if ('reason' in dest && !where) {
        // Nova's words when a reschedule finds no host left to try.
        const reason =
          retry.hosts.length > 0
            ? `Exceeded maximum number of retries. Exhausted all hosts available for retrying build failures for instance ${row.id}.`
            : dest.reason;
        return failBuild(c, row, reason);
      }
    }
    if (!where) return { outcome: 'retry', message: 'no destination' };
    if (!(await commit(c, row, where))) return { outcome: 'done' };
    return { outcome: 'hand-over', host: where.host, params: { retry } };
  };
  // Members of a group are placed one after another, each seeing where the previous ones went.
  return spec.group ? c.serialize(`group:${spec.group.id}`, run) : run();
}

/** Runs the conductor's `unshelve` task ({availability_zone} optional, 2.77). */
export async function scheduleUnshelve(c: ConductorContext, task: TaskRow): Promise<TaskOutcome> {
  const row = await findInstance(c.ctx.db, task.instance_id);
  if (!row || row.task_state === 'deleting') return { outcome: 'done' };
  // Shelved but not offloaded: still on its host, which only has to power it on.
  if (row.vm_state === 'shelved' && row.host)
    return { outcome: 'hand-over', host: row.host, params: { phase: 'power_on' } };
  if (row.vm_state !== 'shelved_offloaded') return { outcome: 'done' };
  if (row.host) return { outcome: 'hand-over', host: row.host, params: { phase: 'spawn' } };
  // 2.77 may name a zone (null: unpin) and 2.91 a host to unshelve to.
  const params = JSON.parse(task.params || '{}') as { availability_zone?: string | null; host?: string };
  let where = task.attempts > 1 ? await adoptClaim(c, row) : undefined;
  if (!where) {
    const zone = params.availability_zone !== undefined ? params.availability_zone : row.requested_az;
    const dest = await place(c, row, zone, false, params.host ?? null);
    where = 'reason' in dest ? await adoptClaim(c, row) : destinationOf(dest);
    if ('reason' in dest && !where) {
      await saveInstance(c, row.id, { task_state: null, fault: faultJson(dest.reason) });
      return { outcome: 'error', message: dest.reason };
    }
  }
  if (!where) return { outcome: 'retry', message: 'no destination' };
  if (!(await commit(c, row, where))) return { outcome: 'done' };
  return { outcome: 'hand-over', host: where.host, params: { phase: 'spawn' } };
}
