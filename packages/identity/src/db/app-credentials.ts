// Queries on identity_app_credentials and their roles.
import type { AppCredentialRow, IdentityDb } from './tables.js';

export function findAppCredential(db: IdentityDb, id: string): Promise<AppCredentialRow | undefined> {
  return db.selectFrom('identity_app_credentials').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findAppCredentialByName(
  db: IdentityDb,
  userId: string,
  name: string,
): Promise<AppCredentialRow | undefined> {
  return db
    .selectFrom('identity_app_credentials')
    .selectAll()
    .where('user_id', '=', userId)
    .where('name', '=', name)
    .executeTakeFirst();
}

export function listAppCredentials(
  db: IdentityDb,
  userId: string,
  filters: { name?: string } = {},
): Promise<AppCredentialRow[]> {
  let query = db.selectFrom('identity_app_credentials').selectAll().where('user_id', '=', userId).orderBy('name');
  if (filters.name !== undefined) query = query.where('name', '=', filters.name);
  return query.execute();
}

export async function appCredentialRoleIds(db: IdentityDb, id: string): Promise<string[]> {
  const rows = await db
    .selectFrom('identity_app_credential_roles')
    .select('role_id')
    .where('application_credential_id', '=', id)
    .execute();
  return rows.map((r) => r.role_id);
}

export async function insertAppCredential(db: IdentityDb, row: AppCredentialRow, roleIds: string[]): Promise<void> {
  await db.insertInto('identity_app_credentials').values(row).execute();
  if (roleIds.length > 0) {
    await db
      .insertInto('identity_app_credential_roles')
      .values(roleIds.map((role_id) => ({ application_credential_id: row.id, role_id })))
      .execute();
  }
}

export async function deleteAppCredential(db: IdentityDb, id: string): Promise<void> {
  await db.deleteFrom('identity_app_credential_roles').where('application_credential_id', '=', id).execute();
  await db.deleteFrom('identity_app_credentials').where('id', '=', id).execute();
}

export async function deleteAppCredentialsOfUser(db: IdentityDb, userId: string, projectId?: string): Promise<void> {
  let query = db.selectFrom('identity_app_credentials').select('id').where('user_id', '=', userId);
  if (projectId !== undefined) query = query.where('project_id', '=', projectId);
  for (const { id } of await query.execute()) await deleteAppCredential(db, id);
}
