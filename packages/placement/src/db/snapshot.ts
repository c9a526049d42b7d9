// Reads every provider with its inventories, usage, traits and aggregates: the picture candidates are searched in.
import type { ProviderNode, ProviderSnapshot } from '../candidates/provider-snapshot.js';
import type { PlacementQueryable } from './tables.js';

/** Loads the whole provider picture in five queries (nubo's clouds hold hundreds of providers, not millions). */
export async function loadProviderSnapshot(db: PlacementQueryable): Promise<ProviderSnapshot> {
  const [providers, inventories, usages, traits, aggregates] = await Promise.all([
    db.selectFrom('placement_resource_providers').selectAll().orderBy('created_at').orderBy('uuid').execute(),
    db.selectFrom('placement_inventories').selectAll().orderBy('resource_class').execute(),
    db
      .selectFrom('placement_allocations')
      .select(['resource_provider_uuid', 'resource_class'])
      .select((eb) => eb.fn.sum<number | string>('used').as('used'))
      .groupBy(['resource_provider_uuid', 'resource_class'])
      .execute(),
    db.selectFrom('placement_provider_traits').selectAll().execute(),
    db.selectFrom('placement_provider_aggregates').selectAll().execute(),
  ]);
  const nodes = new Map<string, ProviderNode>();
  for (const p of providers) {
    nodes.set(p.uuid, {
      uuid: p.uuid,
      name: p.name,
      generation: p.generation,
      parentUuid: p.parent_provider_uuid,
      rootUuid: p.root_provider_uuid,
      inventories: new Map(),
      traits: new Set(),
      aggregates: new Set(),
    });
  }
  const used = new Map(usages.map((u) => [`${u.resource_provider_uuid}|${u.resource_class}`, Number(u.used)]));
  for (const i of inventories) {
    nodes.get(i.resource_provider_uuid)?.inventories.set(i.resource_class, {
      total: i.total,
      reserved: i.reserved,
      minUnit: i.min_unit,
      maxUnit: i.max_unit,
      stepSize: i.step_size,
      allocationRatio: Number(i.allocation_ratio),
      used: used.get(`${i.resource_provider_uuid}|${i.resource_class}`) ?? 0,
    });
  }
  for (const t of traits) nodes.get(t.resource_provider_uuid)?.traits.add(t.trait);
  for (const a of aggregates) nodes.get(a.resource_provider_uuid)?.aggregates.add(a.aggregate_uuid);
  return { providers: nodes };
}
