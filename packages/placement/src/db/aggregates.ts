// Queries on placement_provider_aggregates.
import type { PlacementQueryable } from './tables.js';

/** The provider's aggregate uuids, sorted. */
export async function providerAggregates(db: PlacementQueryable, providerUuid: string): Promise<string[]> {
  const rows = await db
    .selectFrom('placement_provider_aggregates')
    .select('aggregate_uuid')
    .where('resource_provider_uuid', '=', providerUuid)
    .orderBy('aggregate_uuid')
    .execute();
  return rows.map((r) => r.aggregate_uuid);
}

/** Replaces the provider's aggregate associations with `aggregates`. */
export async function replaceProviderAggregates(
  db: PlacementQueryable,
  providerUuid: string,
  aggregates: string[],
): Promise<void> {
  await db.deleteFrom('placement_provider_aggregates').where('resource_provider_uuid', '=', providerUuid).execute();
  if (aggregates.length === 0) return;
  await db
    .insertInto('placement_provider_aggregates')
    .values(aggregates.map((aggregate_uuid) => ({ resource_provider_uuid: providerUuid, aggregate_uuid })))
    .execute();
}
