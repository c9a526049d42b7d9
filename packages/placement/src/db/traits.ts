// Queries on placement_traits (custom traits only) and placement_provider_traits.
import type { PlacementQueryable, TraitRow } from './tables.js';

/** The custom traits, by name. */
export function listCustomTraits(db: PlacementQueryable): Promise<TraitRow[]> {
  return db.selectFrom('placement_traits').selectAll().orderBy('name').execute();
}

/** A custom trait, or undefined. */
export function findCustomTrait(db: PlacementQueryable, name: string): Promise<TraitRow | undefined> {
  return db.selectFrom('placement_traits').selectAll().where('name', '=', name).executeTakeFirst();
}

/** Records a custom trait; a unique violation when it exists. */
export async function insertTrait(db: PlacementQueryable, row: TraitRow): Promise<void> {
  await db.insertInto('placement_traits').values(row).execute();
}

/** Forgets a custom trait. */
export async function deleteTrait(db: PlacementQueryable, name: string): Promise<void> {
  await db.deleteFrom('placement_traits').where('name', '=', name).execute();
}

/** Every trait associated with at least one provider. */
export async function associatedTraits(db: PlacementQueryable): Promise<Set<string>> {
  const rows = await db.selectFrom('placement_provider_traits').select('trait').distinct().execute();
  return new Set(rows.map((r) => r.trait));
}

/** Whether any provider has the trait. */
export async function traitInUse(db: PlacementQueryable, name: string): Promise<boolean> {
  const row = await db
    .selectFrom('placement_provider_traits')
    .select('resource_provider_uuid')
    .where('trait', '=', name)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The provider's traits, by name. */
export async function providerTraits(db: PlacementQueryable, providerUuid: string): Promise<string[]> {
  const rows = await db
    .selectFrom('placement_provider_traits')
    .select('trait')
    .where('resource_provider_uuid', '=', providerUuid)
    .orderBy('trait')
    .execute();
  return rows.map((r) => r.trait);
}

/** Replaces the provider's traits with `traits`. */
export async function replaceProviderTraits(
  db: PlacementQueryable,
  providerUuid: string,
  traits: string[],
): Promise<void> {
  await db.deleteFrom('placement_provider_traits').where('resource_provider_uuid', '=', providerUuid).execute();
  if (traits.length === 0) return;
  await db
    .insertInto('placement_provider_traits')
    .values(traits.map((trait) => ({ resource_provider_uuid: providerUuid, trait })))
    .execute();
}
