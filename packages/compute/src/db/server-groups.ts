// Queries on compute_server_groups and compute_server_group_members.
import type { ComputeDb, ServerGroupRow } from './tables.js';

export function findServerGroup(db: ComputeDb, id: string): Promise<ServerGroupRow | undefined> {
  return db.selectFrom('compute_server_groups').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Server groups of one project (or of all when undefined), oldest first. */
export function listServerGroups(db: ComputeDb, projectId?: string): Promise<ServerGroupRow[]> {
  let query = db.selectFrom('compute_server_groups').selectAll();
  if (projectId !== undefined) query = query.where('project_id', '=', projectId);
  return query.orderBy('created_at').orderBy('id').execute();
}

export async function countServerGroups(db: ComputeDb, projectId: string): Promise<number> {
  const row = await db
    .selectFrom('compute_server_groups')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function insertServerGroup(db: ComputeDb, row: ServerGroupRow): Promise<void> {
  await db.insertInto('compute_server_groups').values(row).execute();
}

/** Deletes a group and its memberships; returns whether it existed. */
export async function deleteServerGroup(db: ComputeDb, id: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('compute_server_group_members').where('group_id', '=', id).execute();
    const result = await trx.deleteFrom('compute_server_groups').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  });
}

/** Member instance ids of each group, by group id. */
export async function listGroupMembers(db: ComputeDb, groupIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (groupIds.length === 0) return out;
  const rows = await db
    .selectFrom('compute_server_group_members')
    .selectAll()
    .where('group_id', 'in', groupIds)
    .orderBy('instance_id')
    .execute();
  for (const row of rows) out.set(row.group_id, [...(out.get(row.group_id) ?? []), row.instance_id]);
  return out;
}

/** The group ids each instance belongs to, by instance id. */
export async function groupsOfInstances(db: ComputeDb, instanceIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (instanceIds.length === 0) return out;
  const rows = await db
    .selectFrom('compute_server_group_members')
    .selectAll()
    .where('instance_id', 'in', instanceIds)
    .execute();
  for (const row of rows) out.set(row.instance_id, [...(out.get(row.instance_id) ?? []), row.group_id]);
  return out;
}

export async function insertGroupMembers(db: ComputeDb, groupId: string, instanceIds: string[]): Promise<void> {
  if (instanceIds.length === 0) return;
  await db
    .insertInto('compute_server_group_members')
    .values(instanceIds.map((instance_id) => ({ group_id: groupId, instance_id })))
    .execute();
}
