// Queries on identity_regions, identity_services and identity_endpoints.
import type { EndpointRow, IdentityDb, RegionRow, ServiceRow } from './tables.js';

export function findRegion(db: IdentityDb, id: string): Promise<RegionRow | undefined> {
  return db.selectFrom('identity_regions').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listRegions(db: IdentityDb, filters: { parentRegionId?: string } = {}): Promise<RegionRow[]> {
  let query = db.selectFrom('identity_regions').selectAll().orderBy('id');
  if (filters.parentRegionId !== undefined) query = query.where('parent_region_id', '=', filters.parentRegionId);
  return query.execute();
}

export async function insertRegion(db: IdentityDb, row: RegionRow): Promise<void> {
  await db.insertInto('identity_regions').values(row).execute();
}

export async function updateRegion(db: IdentityDb, id: string, changes: Partial<Omit<RegionRow, 'id'>>): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await db.updateTable('identity_regions').set(changes).where('id', '=', id).execute();
}

export async function deleteRegion(db: IdentityDb, id: string): Promise<void> {
  await db.deleteFrom('identity_regions').where('id', '=', id).execute();
}

export function findService(db: IdentityDb, id: string): Promise<ServiceRow | undefined> {
  return db.selectFrom('identity_services').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listServices(db: IdentityDb, filters: { type?: string } = {}): Promise<ServiceRow[]> {
  let query = db.selectFrom('identity_services').selectAll().orderBy('type');
  if (filters.type !== undefined) query = query.where('type', '=', filters.type);
  return query.execute();
}

export async function insertService(db: IdentityDb, row: ServiceRow): Promise<void> {
  await db.insertInto('identity_services').values(row).execute();
}

export async function updateService(
  db: IdentityDb,
  id: string,
  changes: Partial<Omit<ServiceRow, 'id'>>,
): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await db.updateTable('identity_services').set(changes).where('id', '=', id).execute();
}

export async function deleteService(db: IdentityDb, id: string): Promise<void> {
  await db.deleteFrom('identity_endpoints').where('service_id', '=', id).execute();
  await db.deleteFrom('identity_services').where('id', '=', id).execute();
}

export function findEndpoint(db: IdentityDb, id: string): Promise<EndpointRow | undefined> {
  return db.selectFrom('identity_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listEndpoints(
  db: IdentityDb,
  filters: { serviceId?: string; interface?: string; regionId?: string } = {},
): Promise<EndpointRow[]> {
  let query = db.selectFrom('identity_endpoints').selectAll().orderBy('id');
  if (filters.serviceId !== undefined) query = query.where('service_id', '=', filters.serviceId);
  if (filters.interface !== undefined) query = query.where('interface', '=', filters.interface);
  if (filters.regionId !== undefined) query = query.where('region_id', '=', filters.regionId);
  return query.execute();
}

export async function insertEndpoint(db: IdentityDb, row: EndpointRow): Promise<void> {
  await db.insertInto('identity_endpoints').values(row).execute();
}

export async function updateEndpoint(
  db: IdentityDb,
  id: string,
  changes: Partial<Omit<EndpointRow, 'id'>>,
): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await db.updateTable('identity_endpoints').set(changes).where('id', '=', id).execute();
}

export async function deleteEndpoint(db: IdentityDb, id: string): Promise<void> {
  await db.deleteFrom('identity_endpoints').where('id', '=', id).execute();
}
