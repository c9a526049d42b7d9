// The conductor's part of a resize or cold migration (Nova's MigrationTask): schedule for the new flavor, then in
// one Placement write move the old allocation to the migration consumer and claim the new one for the server
// (Nova's move_allocations), record the migration and hand the task to the source host.
import {
  faultJson,
  flavorOf,
  type MigrationRecord,
  migrationOf,
  saveInstance,
  withMigration,
} from '../agent/context.js';
import { findFlavor, listExtraSpecs } from '../db/flavors.js';
import { findInstance } from '../db/instances.js';
import type { InstanceRow, TaskRow } from '../db/tables.js';
import type { TaskOutcome } from '../db/tasks.js';
import type { Flavor } from '../flavors.js';
import { type ClaimResult, CONCURRENT_UPDATE } from '../placement.js';
import type { HostState } from '../scheduler/host-state.js';
import type { ConductorContext } from './context.js';
import { zoneOfHost } from './host-snapshot.js';
import { selectDestination } from './select-destination.js';

/** The flavor a resize asks for: given whole in the task (`flavor`), or by id (`flavor_id`). */
async function newFlavorOf(c: ConductorContext, row: InstanceRow, task: TaskRow): Promise<Flavor | undefined> {
  const params = JSON.parse(task.params || '{}') as { flavor?: Flavor; flavor_id?: string };
  if (task.kind === 'migrate') return flavorOf(row);
  if (params.flavor && typeof params.flavor === 'object') return params.flavor;
  const id = params.flavor_id;
  if (typeof id !== 'string') return undefined;
  const found = await findFlavor(c.ctx.db, id);
  if (!found) return undefined;
  return { ...found, extra_specs: (await listExtraSpecs(c.ctx.db, [id])).get(id) ?? {} };
}

/**
 * Moves the server's allocation to the migration consumer and claims `host`'s for the server, atomically. A stale
 * server generation (someone wrote it meanwhile) is re-read and tried once more.
 */
async function moveAndClaim(
  c: ConductorContext,
  row: InstanceRow,
  migrationUuid: string,
  host: HostState,
): Promise<ClaimResult> {
  for (let attempt = 0; ; attempt++) {
    const current = await c.placement.getAllocations(row.id);
    const owner = { projectId: row.project_id, userId: row.user_id };
    const result = await c.placement.claimMany({
      ...(current.generation !== null
        ? {
            [migrationUuid]: {
              ...owner,
              consumerType: 'MIGRATION' as const,
              allocations: current.allocations,
              consumerGeneration: null,
            },
          }
        : {}),
      [row.id]: {
        ...owner,
        consumerType: 'INSTANCE',
        allocations: host.allocations,
        consumerGeneration: current.generation,
      },
    });
    if (result.claimed || result.code !== CONCURRENT_UPDATE || attempt >= 1) return result;
  }
}

/** Where an earlier attempt's allocation move put the server (a crash between move and record), if it did. */
async function adoptMove(c: ConductorContext, row: InstanceRow, migrationUuid: string) {
  const moved = await c.placement.getAllocations(migrationUuid);
  if (moved.generation === null) return undefined;
  const topology = await c.topology.get();
  const held = await c.placement.getAllocations(row.id);
  const node = Object.keys(held.allocations)
    .map((uuid) => topology.nodesByUuid.get(uuid))
    .find((n) => n !== undefined);
  if (!node) return undefined;
  return {
    host: node.host,
    node: node.hypervisor_hostname,
    zone: zoneOfHost(topology, node.host, c.ctx.config.defaultAvailabilityZone),
  };
}

/** Runs the conductor's `resize` ({flavor} or {flavor_id}) or `migrate` ({host} optional) task. */
export async function scheduleResize(c: ConductorContext, task: TaskRow): Promise<TaskOutcome> {
  const row = await findInstance(c.ctx.db, task.instance_id);
  if (!row || row.task_state === 'deleting') return { outcome: 'done' };
  const existing = migrationOf(row);
  if (existing) {
    // A retried task finds its own migration recorded: the source goes on. Another one in flight is a conflict.
    if (existing.taskId === task.id)
      return { outcome: 'hand-over', host: existing.sourceHost, params: { phase: 'migrate' } };
    await saveInstance(c, row.id, { task_state: null });
    return { outcome: 'error', message: 'another migration is in progress' };
  }
  if (!row.host || !row.node || (row.vm_state !== 'active' && row.vm_state !== 'stopped')) {
    await saveInstance(c, row.id, { task_state: null });
    return { outcome: 'error', message: `cannot migrate a server in vm_state ${row.vm_state}` };
  }
  const flavor = await newFlavorOf(c, row, task);
  if (!flavor) {
    await saveInstance(c, row.id, { task_state: null, fault: faultJson('The requested flavor was not found.', 400) });
    return { outcome: 'error', message: 'flavor not found' };
  }
  // The task id is the migration consumer's uuid: a retry after a crash finds the allocation it already moved.
  const migrationUuid = task.id;
  const params = JSON.parse(task.params || '{}') as { host?: string; auto_disk_config?: boolean };
  let dest = task.attempts > 1 ? await adoptMove(c, row, migrationUuid) : undefined;
  if (!dest) {
    const chosen = await selectDestination(
      c,
      row,
      {
        flavor,
        availabilityZone: row.requested_az,
        useForcedHost: false,
        requestedHost: task.kind === 'migrate' ? (params.host ?? null) : null,
        requestedNode: null,
        // A cold migration must move; a resize may stay (nubo allows resize to the same host, as DevStack does).
        ignoreHosts: task.kind === 'migrate' ? [row.host] : [],
      },
      (host) => moveAndClaim(c, row, migrationUuid, host),
    );
    // A move sent before a crash may land after our first look (every claim then met a stale generation).
    dest = 'reason' in chosen ? await adoptMove(c, row, migrationUuid) : undefined;
    if ('reason' in chosen && !dest) {
      await saveInstance(c, row.id, { task_state: null, fault: faultJson(chosen.reason) });
      return { outcome: 'error', message: chosen.reason };
    }
    if (!('reason' in chosen)) dest = { host: chosen.host.host, node: chosen.host.nodename, zone: chosen.zone };
  }
  if (!dest) return { outcome: 'retry', message: 'no destination' };
  const migration: MigrationRecord = {
    uuid: migrationUuid,
    taskId: task.id,
    kind: task.kind === 'migrate' ? 'migration' : 'resize',
    sourceHost: row.host,
    sourceNode: row.node,
    sourceZone: row.availability_zone,
    destHost: dest.host,
    destNode: dest.node,
    destZone: dest.zone,
    newFlavor: flavor,
    oldVmState: row.vm_state === 'stopped' ? 'stopped' : 'active',
  };
  // The disk config asked for with a resize is the server's from now on (Nova sets instance.auto_disk_config).
  const spec = JSON.parse(withMigration(row, migration)) as Record<string, unknown>;
  if (typeof params.auto_disk_config === 'boolean') spec.auto_disk_config = params.auto_disk_config;
  await saveInstance(c, row.id, { request_spec: JSON.stringify(spec), task_state: 'resize_migrating' });
  return { outcome: 'hand-over', host: row.host, params: { phase: 'migrate' } };
}
