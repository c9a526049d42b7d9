// Nova's local delete (the compute API's `_local_delete`): a server whose host's compute service is down, or that
// never got a host, is deleted without its host — its allocations (and a resize's migration consumer) are freed in
// Placement and the row is soft-deleted. The conductor runs it as a task, so a Placement outage only delays it.
import { migrationOf, requestSpecOf } from '../agent/context.js';
import { isServiceUp } from '../compute-services.js';
import type { ComputeContext } from '../context.js';
import { findInstance, markInstanceDeleted } from '../db/instances.js';
import type { TaskRow } from '../db/tables.js';
import type { TaskOutcome } from '../db/tasks.js';
import { hasNetworking } from '../network.js';
import type { PlacementApi } from '../placement.js';

/** Whether the nova-compute service of `host` is up (a host with no service row is not). */
export async function isComputeHostUp(ctx: Pick<ComputeContext, 'db'>, host: string): Promise<boolean> {
  const row = await ctx.db
    .selectFrom('compute_services')
    .selectAll()
    .where('binary', '=', 'nova-compute')
    .where('host', '=', host)
    .executeTakeFirst();
  return row !== undefined && isServiceUp(row);
}

/** Runs a `delete` task given to the conductor: frees what the server holds in Placement, then deletes the row. */
export async function localDelete(
  c: { ctx: Pick<ComputeContext, 'db' | 'network'>; placement: PlacementApi },
  task: TaskRow,
): Promise<TaskOutcome> {
  const row = await findInstance(c.ctx.db, task.instance_id, { includeDeleted: true });
  if (row) {
    const migration = migrationOf(row);
    if (migration) await c.placement.release(migration.uuid);
    // A host that went down may have made ports before it did.
    const spec = requestSpecOf(row);
    if (hasNetworking(spec)) await c.ctx.network.deallocate(row.id, spec.network_info ?? []);
  }
  await c.placement.release(task.instance_id);
  if (row && row.deleted === 0) await markInstanceDeleted(c.ctx.db, row.id, new Date().toISOString());
  return { outcome: 'done' };
}
