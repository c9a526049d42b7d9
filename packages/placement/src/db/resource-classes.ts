// Queries on placement_resource_classes (custom classes only).
import type { PlacementQueryable, ResourceClassRow } from './tables.js';

/** The custom classes, oldest first. */
export function listCustomResourceClasses(db: PlacementQueryable): Promise<ResourceClassRow[]> {
  return db.selectFrom('placement_resource_classes').selectAll().orderBy('created_at').orderBy('name').execute();
}

/** A custom class, or undefined. */
export function findCustomResourceClass(db: PlacementQueryable, name: string): Promise<ResourceClassRow | undefined> {
  return db.selectFrom('placement_resource_classes').selectAll().where('name', '=', name).executeTakeFirst();
}

/** Records a custom class; a unique violation when it exists. */
export async function insertResourceClass(db: PlacementQueryable, row: ResourceClassRow): Promise<void> {
  await db.insertInto('placement_resource_classes').values(row).execute();
}

/** Renames a custom class, and the inventories and allocations of it (nubo keys them by name, not by id). */
export async function renameResourceClass(
  db: PlacementQueryable,
  from: string,
  to: string,
  now: string,
): Promise<void> {
  await db.insertInto('placement_resource_classes').values({ name: to, created_at: now, updated_at: now }).execute();
  await db
    .updateTable('placement_inventories')
    .set({ resource_class: to })
    .where('resource_class', '=', from)
    .execute();
  await db
    .updateTable('placement_allocations')
    .set({ resource_class: to })
    .where('resource_class', '=', from)
    .execute();
  await db.deleteFrom('placement_resource_classes').where('name', '=', from).execute();
}

/** Forgets a custom class. */
export async function deleteResourceClass(db: PlacementQueryable, name: string): Promise<void> {
  await db.deleteFrom('placement_resource_classes').where('name', '=', name).execute();
}

/** Whether any provider has inventory of the class (Placement refuses to delete or rename it then). */
export async function resourceClassHasInventory(db: PlacementQueryable, name: string): Promise<boolean> {
  const row = await db
    .selectFrom('placement_inventories')
    .select('resource_provider_uuid')
    .where('resource_class', '=', name)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
