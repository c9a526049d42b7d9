// Queries on placement_allocations and placement_consumers.
import type { AllocationRow, ConsumerRow, PlacementQueryable } from './tables.js';

/** An allocation with its provider's generation, as GET /allocations/{consumer_uuid} shows it. */
export interface ConsumerAllocationRow extends AllocationRow {
  resource_provider_generation: number;
}

/** An allocation with its consumer's generation, as GET /resource_providers/{uuid}/allocations shows it. */
export interface ProviderAllocationRow extends AllocationRow {
  consumer_generation: number | null;
}

/** A consumer, or undefined. */
export function findConsumer(db: PlacementQueryable, uuid: string): Promise<ConsumerRow | undefined> {
  return db.selectFrom('placement_consumers').selectAll().where('uuid', '=', uuid).executeTakeFirst();
}

/** The consumers that exist among `uuids`. */
export function findConsumers(db: PlacementQueryable, uuids: string[]): Promise<ConsumerRow[]> {
  if (uuids.length === 0) return Promise.resolve([]);
  return db.selectFrom('placement_consumers').selectAll().where('uuid', 'in', uuids).execute();
}

/** Adds a consumer; a unique violation when another writer added it first. */
export async function insertConsumer(db: PlacementQueryable, row: ConsumerRow): Promise<void> {
  await db.insertInto('placement_consumers').values(row).execute();
}

/**
 * The consumer's generation compare-and-swap, rewriting its project, user and type on the way.
 * @returns false when another writer moved the generation first.
 */
export async function updateConsumer(
  db: PlacementQueryable,
  row: Pick<ConsumerRow, 'uuid' | 'project_id' | 'user_id' | 'consumer_type' | 'updated_at'>,
  expectedGeneration: number,
): Promise<boolean> {
  const { uuid, ...changes } = row;
  const result = await db
    .updateTable('placement_consumers')
    .set({ ...changes, generation: expectedGeneration + 1 })
    .where('uuid', '=', uuid)
    .where('generation', '=', expectedGeneration)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Forgets consumers (their allocations must be gone). */
export async function deleteConsumers(db: PlacementQueryable, uuids: string[]): Promise<void> {
  if (uuids.length === 0) return;
  await db.deleteFrom('placement_consumers').where('uuid', 'in', uuids).execute();
}

/** Every allocation of these consumers. */
export function allocationsOfConsumers(db: PlacementQueryable, consumers: string[]): Promise<AllocationRow[]> {
  if (consumers.length === 0) return Promise.resolve([]);
  return db.selectFrom('placement_allocations').selectAll().where('consumer_uuid', 'in', consumers).execute();
}

/** The allocations of one consumer, by provider and class. */
export function allocationsOfConsumer(db: PlacementQueryable, consumer: string): Promise<ConsumerAllocationRow[]> {
  return db
    .selectFrom('placement_allocations as a')
    .innerJoin('placement_resource_providers as rp', 'rp.uuid', 'a.resource_provider_uuid')
    .selectAll('a')
    .select('rp.generation as resource_provider_generation')
    .where('a.consumer_uuid', '=', consumer)
    .orderBy('a.resource_provider_uuid')
    .orderBy('a.resource_class')
    .execute();
}

/** The allocations against one provider, by consumer and class. */
export function allocationsOnProvider(db: PlacementQueryable, provider: string): Promise<ProviderAllocationRow[]> {
  return db
    .selectFrom('placement_allocations as a')
    .leftJoin('placement_consumers as c', 'c.uuid', 'a.consumer_uuid')
    .selectAll('a')
    .select('c.generation as consumer_generation')
    .where('a.resource_provider_uuid', '=', provider)
    .orderBy('a.consumer_uuid')
    .orderBy('a.resource_class')
    .execute();
}

/** Removes every allocation of these consumers. */
export async function deleteAllocationsOfConsumers(db: PlacementQueryable, consumers: string[]): Promise<void> {
  if (consumers.length === 0) return;
  await db.deleteFrom('placement_allocations').where('consumer_uuid', 'in', consumers).execute();
}

/** Adds allocation rows. */
export async function insertAllocations(db: PlacementQueryable, rows: AllocationRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('placement_allocations').values(rows).execute();
}

/** `provider|class → used` summed over every consumer, for the providers and classes named. */
export async function usageSums(
  db: PlacementQueryable,
  providers: string[],
  classes: string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (providers.length === 0 || classes.length === 0) return out;
  const rows = await db
    .selectFrom('placement_allocations')
    .select(['resource_provider_uuid', 'resource_class'])
    .select((eb) => eb.fn.sum<number | string>('used').as('used'))
    .where('resource_provider_uuid', 'in', providers)
    .where('resource_class', 'in', classes)
    .groupBy(['resource_provider_uuid', 'resource_class'])
    .execute();
  // PostgreSQL and MariaDB return SUM as a numeric string.
  for (const r of rows) out.set(`${r.resource_provider_uuid}|${r.resource_class}`, Number(r.used));
  return out;
}
