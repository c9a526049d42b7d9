// Queries on placement_inventories.
import type { InventoryRow, PlacementQueryable } from './tables.js';

/** The provider's inventories, by class. */
export function listInventories(db: PlacementQueryable, providerUuid: string): Promise<InventoryRow[]> {
  return db
    .selectFrom('placement_inventories')
    .selectAll()
    .where('resource_provider_uuid', '=', providerUuid)
    .orderBy('resource_class')
    .execute();
}

/** Adds an inventory; a unique violation when the provider has the class already. */
export async function insertInventory(db: PlacementQueryable, row: InventoryRow): Promise<void> {
  await db.insertInto('placement_inventories').values(row).execute();
}

/** Rewrites the numbers of an existing inventory (keeping its created_at); false when there was none. */
export async function updateInventory(db: PlacementQueryable, row: InventoryRow): Promise<boolean> {
  const { resource_provider_uuid, resource_class, created_at: _created, ...changes } = row;
  const result = await db
    .updateTable('placement_inventories')
    .set(changes)
    .where('resource_provider_uuid', '=', resource_provider_uuid)
    .where('resource_class', '=', resource_class)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Deletes the provider's inventories of these classes; returns how many went. */
export async function deleteInventories(
  db: PlacementQueryable,
  providerUuid: string,
  classes: string[],
): Promise<number> {
  if (classes.length === 0) return 0;
  const result = await db
    .deleteFrom('placement_inventories')
    .where('resource_provider_uuid', '=', providerUuid)
    .where('resource_class', 'in', classes)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The classes, among `classes`, that have allocations against the provider. */
export async function classesInUse(db: PlacementQueryable, providerUuid: string, classes: string[]): Promise<string[]> {
  if (classes.length === 0) return [];
  const rows = await db
    .selectFrom('placement_allocations')
    .select('resource_class')
    .distinct()
    .where('resource_provider_uuid', '=', providerUuid)
    .where('resource_class', 'in', classes)
    .orderBy('resource_class')
    .execute();
  return rows.map((r) => r.resource_class);
}

/** What is allocated of one class on one provider. */
export async function usedOf(db: PlacementQueryable, providerUuid: string, resourceClass: string): Promise<number> {
  const row = await db
    .selectFrom('placement_allocations')
    .select((eb) => eb.fn.sum<number | string>('used').as('used'))
    .where('resource_provider_uuid', '=', providerUuid)
    .where('resource_class', '=', resourceClass)
    .executeTakeFirst();
  return Number(row?.used ?? 0);
}

/** The inventories of several providers, keyed `provider|class`. */
export async function inventoriesOfProviders(
  db: PlacementQueryable,
  providerUuids: string[],
): Promise<Map<string, InventoryRow>> {
  const out = new Map<string, InventoryRow>();
  if (providerUuids.length === 0) return out;
  const rows = await db
    .selectFrom('placement_inventories')
    .selectAll()
    .where('resource_provider_uuid', 'in', providerUuids)
    .execute();
  for (const r of rows) out.set(`${r.resource_provider_uuid}|${r.resource_class}`, r);
  return out;
}
