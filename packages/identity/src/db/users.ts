// Queries on identity_users and identity_memberships.
import type { GroupRow, IdentityDb, UserRow } from './tables.js';

export function findUser(db: IdentityDb, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('identity_users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserByName(db: IdentityDb, domainId: string, name: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('identity_users')
    .selectAll()
    .where('domain_id', '=', domainId)
    .where('name', '=', name)
    .executeTakeFirst();
}

export function listUsers(
  db: IdentityDb,
  filters: { name?: string; domainId?: string; enabled?: boolean; ids?: string[] },
): Promise<UserRow[]> {
  let query = db.selectFrom('identity_users').selectAll().orderBy('name');
  if (filters.name !== undefined) query = query.where('name', '=', filters.name);
  if (filters.domainId !== undefined) query = query.where('domain_id', '=', filters.domainId);
  if (filters.enabled !== undefined) query = query.where('enabled', '=', filters.enabled ? 1 : 0);
  if (filters.ids !== undefined) {
    if (filters.ids.length === 0) return Promise.resolve([]);
    query = query.where('id', 'in', filters.ids);
  }
  return query.execute();
}

export async function insertUser(db: IdentityDb, row: UserRow): Promise<void> {
  await db.insertInto('identity_users').values(row).execute();
}

export async function updateUser(db: IdentityDb, id: string, changes: Partial<Omit<UserRow, 'id'>>): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await db.updateTable('identity_users').set(changes).where('id', '=', id).execute();
}

export async function deleteUser(db: IdentityDb, id: string): Promise<void> {
  await db.deleteFrom('identity_memberships').where('user_id', '=', id).execute();
  await db.deleteFrom('identity_assignments').where('actor_id', '=', id).execute();
  await db.deleteFrom('identity_users').where('id', '=', id).execute();
}

export async function groupIdsOfUser(db: IdentityDb, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('identity_memberships').select('group_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.group_id);
}

export function groupsOfUser(db: IdentityDb, userId: string): Promise<GroupRow[]> {
  return db
    .selectFrom('identity_groups')
    .innerJoin('identity_memberships', 'identity_memberships.group_id', 'identity_groups.id')
    .selectAll('identity_groups')
    .where('identity_memberships.user_id', '=', userId)
    .orderBy('identity_groups.name')
    .execute();
}
