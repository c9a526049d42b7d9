// Queries on placement_resource_providers and the rows that hang off a provider.
import type { PlacementQueryable, ResourceProviderRow } from './tables.js';

/** A provider by uuid, or undefined. */
export function findProvider(db: PlacementQueryable, uuid: string): Promise<ResourceProviderRow | undefined> {
  return db.selectFrom('placement_resource_providers').selectAll().where('uuid', '=', uuid).executeTakeFirst();
}

/** A provider by name, or undefined. */
export function findProviderByName(db: PlacementQueryable, name: string): Promise<ResourceProviderRow | undefined> {
  return db.selectFrom('placement_resource_providers').selectAll().where('name', '=', name).executeTakeFirst();
}

/** Every provider, or those matching the simple column filters, oldest first. */
export function listProviders(
  db: PlacementQueryable,
  filters: { uuid?: string; name?: string; rootUuid?: string } = {},
): Promise<ResourceProviderRow[]> {
  let query = db.selectFrom('placement_resource_providers').selectAll().orderBy('created_at').orderBy('uuid');
  if (filters.uuid !== undefined) query = query.where('uuid', '=', filters.uuid);
  if (filters.name !== undefined) query = query.where('name', '=', filters.name);
  if (filters.rootUuid !== undefined) query = query.where('root_provider_uuid', '=', filters.rootUuid);
  return query.execute();
}

/** Adds a provider; a unique violation for a taken uuid or name. */
export async function insertProvider(db: PlacementQueryable, row: ResourceProviderRow): Promise<void> {
  await db.insertInto('placement_resource_providers').values(row).execute();
}

/** Rewrites columns of a provider (never its generation: that is bumpGeneration's). */
export async function updateProvider(
  db: PlacementQueryable,
  uuid: string,
  changes: Partial<Omit<ResourceProviderRow, 'uuid' | 'generation'>>,
): Promise<void> {
  await db.updateTable('placement_resource_providers').set(changes).where('uuid', '=', uuid).execute();
}

/** Moves providers (a re-parented subtree) into the tree rooted at `rootUuid`. */
export async function setRootProvider(db: PlacementQueryable, uuids: string[], rootUuid: string): Promise<void> {
  if (uuids.length === 0) return;
  await db
    .updateTable('placement_resource_providers')
    .set({ root_provider_uuid: rootUuid })
    .where('uuid', 'in', uuids)
    .execute();
}

/** Whether any provider has this one as its parent. */
export async function hasChildProviders(db: PlacementQueryable, uuid: string): Promise<boolean> {
  const row = await db
    .selectFrom('placement_resource_providers')
    .select('uuid')
    .where('parent_provider_uuid', '=', uuid)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether any consumer holds anything on the provider. */
export async function hasAllocations(db: PlacementQueryable, uuid: string): Promise<boolean> {
  const row = await db
    .selectFrom('placement_allocations')
    .select('consumer_uuid')
    .where('resource_provider_uuid', '=', uuid)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Deletes a provider with its inventories, trait and aggregate associations. */
export async function deleteProvider(db: PlacementQueryable, uuid: string): Promise<void> {
  await db.deleteFrom('placement_inventories').where('resource_provider_uuid', '=', uuid).execute();
  await db.deleteFrom('placement_provider_traits').where('resource_provider_uuid', '=', uuid).execute();
  await db.deleteFrom('placement_provider_aggregates').where('resource_provider_uuid', '=', uuid).execute();
  await db.deleteFrom('placement_resource_providers').where('uuid', '=', uuid).execute();
}
