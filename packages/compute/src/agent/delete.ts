// Deleting on the host (Nova's terminate_instance): destroy in the driver, free the allocations in Placement (the
// server's, and a resize's migration consumer), then soft-delete the row (which also leaves its server groups).
import { findInstance, markInstanceDeleted } from '../db/instances.js';
import type { TaskRow } from '../db/tables.js';
import type { TaskOutcome } from '../db/tasks.js';
import { hasNetworking } from '../network.js';
import { enqueueTask } from '../tasks.js';
import { cleanUpGone } from './build.js';
import {
  type AgentContext,
  driverInstanceOf,
  faultJson,
  messageOf,
  migrationOf,
  requestSpecOf,
  saveInstance,
} from './context.js';

/** Runs a `delete` task. Idempotent: each step is, and a row already deleted only has its leftovers freed. */
export async function deleteInstance(a: AgentContext, task: TaskRow): Promise<TaskOutcome> {
  const row = await findInstance(a.ctx.db, task.instance_id, { includeDeleted: true });
  if (!row) {
    await a.placement.release(task.instance_id);
    return { outcome: 'done' };
  }
  if (row.deleted === 1) {
    await cleanUpGone(a, row);
    return { outcome: 'done' };
  }
  try {
    await a.driver.destroy(await driverInstanceOf(a, row));
  } catch (err) {
    // Nova's _delete_instance: a failed destroy leaves the server in ERROR, to be deleted again.
    const message = messageOf(err);
    await saveInstance(a, row.id, { vm_state: 'error', task_state: null, fault: faultJson(message) });
    return { outcome: 'error', message };
  }
  try {
    // Nova's _try_deallocate_network: the ports Compute made go, the ones the user gave are unbound.
    const spec = requestSpecOf(row);
    if (hasNetworking(spec)) await a.ctx.network.deallocate(row.id, spec.network_info ?? []);
  } catch (err) {
    const message = messageOf(err);
    await saveInstance(a, row.id, { vm_state: 'error', task_state: null, fault: faultJson(message) });
    return { outcome: 'error', message };
  }
  const migration = migrationOf(row);
  if (migration) {
    await a.placement.release(migration.uuid);
    const other = migration.sourceHost === a.host ? migration.destHost : migration.sourceHost;
    if (other !== a.host) {
      // The other side of an unconfirmed resize still holds a copy there.
      await enqueueTask(a.ctx, {
        instanceId: row.id,
        kind: 'cleanup',
        host: other,
        requestId: task.request_id ?? undefined,
      });
    }
  }
  await a.placement.release(row.id);
  await markInstanceDeleted(a.ctx.db, row.id, new Date().toISOString());
  return { outcome: 'done' };
}

/** Runs a `cleanup` task: drops this host's copy of a server that lives (or lived) elsewhere. */
export async function cleanUpInstance(a: AgentContext, task: TaskRow): Promise<TaskOutcome> {
  const row = await findInstance(a.ctx.db, task.instance_id, { includeDeleted: true });
  if (row) await a.driver.destroy(await driverInstanceOf(a, row));
  return { outcome: 'done' };
}
