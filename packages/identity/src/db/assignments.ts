// Queries on identity_assignments (role grants of users and groups on projects, domains and the system).
import type { AssignmentRow, AssignmentType, IdentityDb } from './tables.js';

export interface AssignmentFilters {
  types?: AssignmentType[];
  actorIds?: string[];
  targetIds?: string[];
  roleId?: string;
  inherited?: boolean;
}

export function listAssignments(db: IdentityDb, filters: AssignmentFilters): Promise<AssignmentRow[]> {
  let query = db.selectFrom('identity_assignments').selectAll();
  if (filters.types !== undefined) {
    if (filters.types.length === 0) return Promise.resolve([]);
    query = query.where('type', 'in', filters.types);
  }
  if (filters.actorIds !== undefined) {
    if (filters.actorIds.length === 0) return Promise.resolve([]);
    query = query.where('actor_id', 'in', filters.actorIds);
  }
  if (filters.targetIds !== undefined) {
    if (filters.targetIds.length === 0) return Promise.resolve([]);
    query = query.where('target_id', 'in', filters.targetIds);
  }
  if (filters.roleId !== undefined) query = query.where('role_id', '=', filters.roleId);
  if (filters.inherited !== undefined) query = query.where('inherited', '=', filters.inherited ? 1 : 0);
  return query.execute();
}

export async function hasAssignment(db: IdentityDb, row: AssignmentRow): Promise<boolean> {
  const found = await db
    .selectFrom('identity_assignments')
    .select('role_id')
    .where('type', '=', row.type)
    .where('actor_id', '=', row.actor_id)
    .where('target_id', '=', row.target_id)
    .where('role_id', '=', row.role_id)
    .where('inherited', '=', row.inherited)
    .executeTakeFirst();
  return found !== undefined;
}

/** Idempotent, as Keystone's PUT on a grant. */
export async function insertAssignment(db: IdentityDb, row: AssignmentRow): Promise<void> {
  if (await hasAssignment(db, row)) return;
  await db.insertInto('identity_assignments').values(row).execute();
}

export async function deleteAssignment(db: IdentityDb, row: AssignmentRow): Promise<void> {
  await db
    .deleteFrom('identity_assignments')
    .where('type', '=', row.type)
    .where('actor_id', '=', row.actor_id)
    .where('target_id', '=', row.target_id)
    .where('role_id', '=', row.role_id)
    .where('inherited', '=', row.inherited)
    .execute();
}

export async function deleteAssignmentsOnTarget(db: IdentityDb, targetId: string): Promise<void> {
  await db.deleteFrom('identity_assignments').where('target_id', '=', targetId).execute();
}
