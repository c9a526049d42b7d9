// Resize and cold migration on the hosts (Nova's resize_instance, finish_resize, confirm_resize and revert_resize):
// the conductor has moved the old allocation to the migration consumer and claimed the new flavor on the
// destination; the source powers off and hands over, the destination finishes, and confirm or revert ends it.
import { findInstance } from '../db/instances.js';
import type { InstanceRow, TaskRow } from '../db/tables.js';
import type { TaskOutcome } from '../db/tasks.js';
import { PowerState } from '../drivers/driver.js';
import type { Flavor } from '../flavors.js';
import {
  type AgentContext,
  driverFlavorOf,
  driverInstanceOf,
  faultJson,
  type MigrationRecord,
  messageOf,
  migrationOf,
  saveInstance,
  withMigration,
} from './context.js';

/** Frees both consumers of a migration whose server was deleted meanwhile, and drops this host's copy. */
async function abandon(a: AgentContext, row: InstanceRow, migration: MigrationRecord | undefined): Promise<void> {
  await a.driver.destroy(await driverInstanceOf(a, row));
  if (migration) await a.placement.release(migration.uuid);
  await a.placement.release(row.id);
}

/**
 * Puts the old allocation back on the server's consumer and drops the migration consumer (Nova's
 * revert_allocation_for_migration). Idempotent: once the migration consumer is gone there is nothing to move.
 */
async function moveAllocationsBack(a: AgentContext, row: InstanceRow, migration: MigrationRecord) {
  const held = await a.placement.getAllocations(migration.uuid);
  if (held.generation === null) return true;
  const current = await a.placement.getAllocations(row.id);
  const owner = { projectId: row.project_id, userId: row.user_id };
  const moved = await a.placement.claimMany({
    [row.id]: {
      ...owner,
      consumerType: 'INSTANCE',
      allocations: held.allocations,
      consumerGeneration: current.generation,
    },
    [migration.uuid]: { ...owner, consumerType: 'MIGRATION', allocations: {}, consumerGeneration: held.generation },
  });
  return moved.claimed;
}

/** `resize`/`migrate` phase `migrate`, on the source: power off and hand the disk over to the destination. */
async function migrateOnSource(a: AgentContext, task: TaskRow, row: InstanceRow): Promise<TaskOutcome> {
  const migration = migrationOf(row);
  if (!migration || migration.taskId !== task.id) return { outcome: 'done' };
  try {
    const instance = await driverInstanceOf(a, row);
    const result = await a.driver.migrateDiskAndPowerOff(
      instance,
      driverFlavorOf(migration.newFlavor),
      migration.destHost,
    );
    await saveInstance(a, row.id, {
      task_state: 'resize_migrated',
      power_state: result.powerState,
      driver_state: JSON.stringify(result.driverState),
    });
    return {
      outcome: 'hand-over',
      host: migration.destHost,
      params: { phase: 'finish', sourceState: result.driverState },
    };
  } catch (err) {
    // The source failed before anything moved: give the old allocation back and leave the server as it was.
    const message = messageOf(err);
    if (!(await moveAllocationsBack(a, row, migration))) return { outcome: 'retry', message: 'allocation move raced' };
    await a.placement.release(migration.uuid);
    await saveInstance(a, row.id, {
      task_state: null,
      fault: faultJson(message),
      request_spec: withMigration(row, undefined),
    });
    return { outcome: 'error', message };
  }
}

/** Phase `finish`, on the destination: the server runs here with the new flavor, waiting for confirm or revert. */
async function finishOnDestination(a: AgentContext, task: TaskRow, row: InstanceRow): Promise<TaskOutcome> {
  const migration = migrationOf(row);
  if (!migration || migration.taskId !== task.id || row.vm_state === 'resized') return { outcome: 'done' };
  const params = JSON.parse(task.params || '{}') as { sourceState?: { version: number } };
  try {
    const instance = await driverInstanceOf(a, row, migration.newFlavor);
    const result = await a.driver.finishMigration(
      instance,
      params.sourceState ?? { version: 0 },
      migration.oldVmState === 'active',
    );
    await saveInstance(a, row.id, {
      host: migration.destHost,
      node: migration.destNode,
      availability_zone: migration.destZone,
      flavor: JSON.stringify(migration.newFlavor),
      old_flavor: row.flavor,
      vm_state: 'resized',
      task_state: null,
      power_state: result.powerState,
      driver_state: JSON.stringify(result.driverState),
    });
    return { outcome: 'done' };
  } catch (err) {
    const message = messageOf(err);
    await saveInstance(a, row.id, { vm_state: 'error', task_state: null, fault: faultJson(message) });
    return { outcome: 'error', message };
  }
}

/** Runs the agent's phases of `resize` and `migrate` (params.phase `migrate` on the source, `finish` on the dest). */
export async function resizeInstance(a: AgentContext, task: TaskRow): Promise<TaskOutcome> {
  const row = await findInstance(a.ctx.db, task.instance_id, { includeDeleted: true });
  if (!row) return { outcome: 'done' };
  if (row.deleted === 1) {
    await abandon(a, row, migrationOf(row));
    return { outcome: 'done' };
  }
  const phase = (JSON.parse(task.params || '{}') as { phase?: string }).phase;
  if (phase === 'migrate') return migrateOnSource(a, task, row);
  if (phase === 'finish') return finishOnDestination(a, task, row);
  return { outcome: 'error', message: `resize: unknown phase ${phase}` };
}

/** The vm_state a server returns to after a resize ends, from its power state. */
function settledState(powerState: number): 'active' | 'stopped' {
  return powerState === PowerState.SHUTDOWN ? 'stopped' : 'active';
}

/** Runs `confirm_resize`: on the source, drop its copy and the migration's allocation; the server stays here. */
export async function confirmResize(a: AgentContext, task: TaskRow): Promise<TaskOutcome> {
  const row = await findInstance(a.ctx.db, task.instance_id);
  if (!row || row.task_state === 'deleting') return { outcome: 'done' };
  const migration = migrationOf(row);
  if (!migration) {
    if (row.vm_state === 'resized') {
      await saveInstance(a, row.id, { vm_state: settledState(row.power_state), task_state: null, old_flavor: null });
    }
    return { outcome: 'done' };
  }
  if (a.host !== migration.sourceHost)
    return { outcome: 'hand-over', host: migration.sourceHost, params: { phase: 'confirm_source' } };
  try {
    await a.driver.confirmMigration(await driverInstanceOf(a, row), migration.sourceHost === migration.destHost);
  } catch (err) {
    const message = messageOf(err);
    await saveInstance(a, row.id, { vm_state: 'error', task_state: null, fault: faultJson(message) });
    return { outcome: 'error', message };
  }
  await a.placement.release(migration.uuid);
  await saveInstance(a, row.id, {
    vm_state: settledState(row.power_state),
    task_state: null,
    old_flavor: null,
    request_spec: withMigration(row, undefined),
  });
  return { outcome: 'done' };
}

/** Runs `revert_resize`: the destination drops its copy, the source brings the server back with its old flavor. */
export async function revertResize(a: AgentContext, task: TaskRow): Promise<TaskOutcome> {
  const row = await findInstance(a.ctx.db, task.instance_id);
  if (!row || row.task_state === 'deleting') return { outcome: 'done' };
  const migration = migrationOf(row);
  if (!migration || !row.old_flavor) return { outcome: 'done' };
  const phase = (JSON.parse(task.params || '{}') as { phase?: string }).phase;
  const sameHost = migration.sourceHost === migration.destHost;
  if (phase !== 'revert_source' && a.host === migration.destHost && !sameHost) {
    try {
      await a.driver.destroy(await driverInstanceOf(a, row));
    } catch (err) {
      const message = messageOf(err);
      await saveInstance(a, row.id, { vm_state: 'error', task_state: null, fault: faultJson(message) });
      return { outcome: 'error', message };
    }
    return { outcome: 'hand-over', host: migration.sourceHost, params: { phase: 'revert_source' } };
  }
  if (a.host !== migration.sourceHost)
    return { outcome: 'hand-over', host: migration.sourceHost, params: { phase: 'revert_source' } };
  const oldFlavor = JSON.parse(row.old_flavor) as Flavor;
  let result: Awaited<ReturnType<typeof a.driver.finishRevertMigration>>;
  try {
    result = await a.driver.finishRevertMigration(
      await driverInstanceOf(a, row, oldFlavor),
      migration.oldVmState === 'active',
    );
  } catch (err) {
    const message = messageOf(err);
    await saveInstance(a, row.id, { vm_state: 'error', task_state: null, fault: faultJson(message) });
    return { outcome: 'error', message };
  }
  if (!(await moveAllocationsBack(a, row, migration))) return { outcome: 'retry', message: 'allocation move raced' };
  await saveInstance(a, row.id, {
    host: migration.sourceHost,
    node: migration.sourceNode,
    availability_zone: migration.sourceZone,
    flavor: row.old_flavor,
    old_flavor: null,
    vm_state: migration.oldVmState,
    task_state: null,
    power_state: result.powerState,
    driver_state: JSON.stringify(result.driverState),
    request_spec: withMigration(row, undefined),
  });
  return { outcome: 'done' };
}
