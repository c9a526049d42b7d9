// Queries on identity_groups and group membership.
import type { GroupRow, IdentityDb, UserRow } from './tables.js';

export function findGroup(db: IdentityDb, id: string): Promise<GroupRow | undefined> {
  return db.selectFrom('identity_groups').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findGroupByName(db: IdentityDb, domainId: string, name: string): Promise<GroupRow | undefined> {
  return db
    .selectFrom('identity_groups')
    .selectAll()
    .where('domain_id', '=', domainId)
    .where('name', '=', name)
    .executeTakeFirst();
}

export function listGroups(db: IdentityDb, filters: { name?: string; domainId?: string }): Promise<GroupRow[]> {
  let query = db.selectFrom('identity_groups').selectAll().orderBy('name');
  if (filters.name !== undefined) query = query.where('name', '=', filters.name);
  if (filters.domainId !== undefined) query = query.where('domain_id', '=', filters.domainId);
  return query.execute();
}

export async function insertGroup(db: IdentityDb, row: GroupRow): Promise<void> {
  await db.insertInto('identity_groups').values(row).execute();
}

export async function updateGroup(db: IdentityDb, id: string, changes: Partial<Omit<GroupRow, 'id'>>): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await db.updateTable('identity_groups').set(changes).where('id', '=', id).execute();
}

export async function deleteGroup(db: IdentityDb, id: string): Promise<void> {
  await db.deleteFrom('identity_memberships').where('group_id', '=', id).execute();
  await db.deleteFrom('identity_assignments').where('actor_id', '=', id).execute();
  await db.deleteFrom('identity_groups').where('id', '=', id).execute();
}

export function usersInGroup(db: IdentityDb, groupId: string): Promise<UserRow[]> {
  return db
    .selectFrom('identity_users')
    .innerJoin('identity_memberships', 'identity_memberships.user_id', 'identity_users.id')
    .selectAll('identity_users')
    .where('identity_memberships.group_id', '=', groupId)
    .orderBy('identity_users.name')
    .execute();
}

export async function isMember(db: IdentityDb, groupId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('identity_memberships')
    .select('user_id')
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function addMember(db: IdentityDb, groupId: string, userId: string): Promise<void> {
  if (await isMember(db, groupId, userId)) return;
  await db.insertInto('identity_memberships').values({ group_id: groupId, user_id: userId }).execute();
}

export async function removeMember(db: IdentityDb, groupId: string, userId: string): Promise<void> {
  await db.deleteFrom('identity_memberships').where('group_id', '=', groupId).where('user_id', '=', userId).execute();
}
