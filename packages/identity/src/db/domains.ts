// Queries on identity_domains.
import type { DomainRow, IdentityDb } from './tables.js';

export function findDomain(db: IdentityDb, id: string): Promise<DomainRow | undefined> {
  return db.selectFrom('identity_domains').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findDomainByName(db: IdentityDb, name: string): Promise<DomainRow | undefined> {
  return db.selectFrom('identity_domains').selectAll().where('name', '=', name).executeTakeFirst();
}

export function listDomains(db: IdentityDb, filters: { name?: string; enabled?: boolean }): Promise<DomainRow[]> {
  let query = db.selectFrom('identity_domains').selectAll().orderBy('name');
  if (filters.name !== undefined) query = query.where('name', '=', filters.name);
  if (filters.enabled !== undefined) query = query.where('enabled', '=', filters.enabled ? 1 : 0);
  return query.execute();
}

export async function insertDomain(db: IdentityDb, row: DomainRow): Promise<void> {
  await db.insertInto('identity_domains').values(row).execute();
}

export async function updateDomain(db: IdentityDb, id: string, changes: Partial<Omit<DomainRow, 'id'>>): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await db.updateTable('identity_domains').set(changes).where('id', '=', id).execute();
}

export async function deleteDomain(db: IdentityDb, id: string): Promise<void> {
  await db.deleteFrom('identity_domains').where('id', '=', id).execute();
}
