// Queries on identity_roles and identity_implied_roles.
import { GLOBAL_ROLE_DOMAIN, type IdentityDb, type ImpliedRoleRow, type RoleRow } from './tables.js';

export function findRole(db: IdentityDb, id: string): Promise<RoleRow | undefined> {
  return db.selectFrom('identity_roles').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findRoleByName(
  db: IdentityDb,
  name: string,
  domainId: string = GLOBAL_ROLE_DOMAIN,
): Promise<RoleRow | undefined> {
  return db
    .selectFrom('identity_roles')
    .selectAll()
    .where('name', '=', name)
    .where('domain_id', '=', domainId)
    .executeTakeFirst();
}

export function listRoles(db: IdentityDb, filters: { name?: string; domainId?: string }): Promise<RoleRow[]> {
  let query = db
    .selectFrom('identity_roles')
    .selectAll()
    .where('domain_id', '=', filters.domainId ?? GLOBAL_ROLE_DOMAIN)
    .orderBy('name');
  if (filters.name !== undefined) query = query.where('name', '=', filters.name);
  return query.execute();
}

export function listAllRoles(db: IdentityDb): Promise<RoleRow[]> {
  return db.selectFrom('identity_roles').selectAll().execute();
}

export async function insertRole(db: IdentityDb, row: RoleRow): Promise<void> {
  await db.insertInto('identity_roles').values(row).execute();
}

export async function updateRole(db: IdentityDb, id: string, changes: Partial<Omit<RoleRow, 'id'>>): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await db.updateTable('identity_roles').set(changes).where('id', '=', id).execute();
}

export async function deleteRole(db: IdentityDb, id: string): Promise<void> {
  await db.deleteFrom('identity_assignments').where('role_id', '=', id).execute();
  await db
    .deleteFrom('identity_implied_roles')
    .where((eb) => eb.or([eb('prior_role_id', '=', id), eb('implied_role_id', '=', id)]))
    .execute();
  await db.deleteFrom('identity_app_credential_roles').where('role_id', '=', id).execute();
  await db.deleteFrom('identity_roles').where('id', '=', id).execute();
}

export function listImpliedRoles(db: IdentityDb, priorRoleId?: string): Promise<ImpliedRoleRow[]> {
  let query = db.selectFrom('identity_implied_roles').selectAll();
  if (priorRoleId !== undefined) query = query.where('prior_role_id', '=', priorRoleId);
  return query.execute();
}

export async function insertImpliedRole(db: IdentityDb, row: ImpliedRoleRow): Promise<void> {
  await db.insertInto('identity_implied_roles').values(row).execute();
}

export async function deleteImpliedRole(db: IdentityDb, priorRoleId: string, impliedRoleId: string): Promise<void> {
  await db
    .deleteFrom('identity_implied_roles')
    .where('prior_role_id', '=', priorRoleId)
    .where('implied_role_id', '=', impliedRoleId)
    .execute();
}
