// Queries on compute_instance_actions (os-instance-actions).
import type { ComputeDb, InstanceActionRow } from './tables.js';

export async function insertAction(db: ComputeDb, row: InstanceActionRow): Promise<void> {
  await db.insertInto('compute_instance_actions').values(row).execute();
}

/** A server's actions, newest first (Nova's order). */
export function listActions(db: ComputeDb, instanceId: string): Promise<InstanceActionRow[]> {
  return db
    .selectFrom('compute_instance_actions')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .orderBy('start_time', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export function findAction(
  db: ComputeDb,
  instanceId: string,
  requestId: string,
): Promise<InstanceActionRow | undefined> {
  return db
    .selectFrom('compute_instance_actions')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('request_id', '=', requestId)
    .executeTakeFirst();
}
