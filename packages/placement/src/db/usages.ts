// Usage queries: per provider (by inventory class) and per project or user (by consumer).
import type { PlacementQueryable } from './tables.js';

/** Every inventory class of the provider with what is allocated of it (0 when nothing is). */
export async function providerUsages(db: PlacementQueryable, providerUuid: string): Promise<Map<string, number>> {
  const inventories = await db
    .selectFrom('placement_inventories')
    .select('resource_class')
    .where('resource_provider_uuid', '=', providerUuid)
    .orderBy('resource_class')
    .execute();
  const sums = await db
    .selectFrom('placement_allocations')
    .select('resource_class')
    .select((eb) => eb.fn.sum<number | string>('used').as('used'))
    .where('resource_provider_uuid', '=', providerUuid)
    .groupBy('resource_class')
    .execute();
  const used = new Map(sums.map((r) => [r.resource_class, Number(r.used)]));
  return new Map(inventories.map((r) => [r.resource_class, used.get(r.resource_class) ?? 0]));
}

/** One allocation of a project's (or user's) consumer, with the consumer's type. */
export interface ProjectAllocationRow {
  consumer_uuid: string;
  consumer_type: string | null;
  resource_class: string;
  used: number;
}

/** The allocations of a project's consumers (of one user's, when `userId` is given). */
export function projectAllocations(
  db: PlacementQueryable,
  projectId: string,
  userId?: string,
): Promise<ProjectAllocationRow[]> {
  let query = db
    .selectFrom('placement_allocations as a')
    .innerJoin('placement_consumers as c', 'c.uuid', 'a.consumer_uuid')
    .select(['a.consumer_uuid', 'c.consumer_type', 'a.resource_class', 'a.used'])
    .where('c.project_id', '=', projectId);
  if (userId !== undefined) query = query.where('c.user_id', '=', userId);
  return query.orderBy('a.resource_class').execute();
}
