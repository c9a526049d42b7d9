// Queries on compute_flavors, compute_flavor_extra_specs and compute_flavor_access.
import type { ComputeDb, FlavorAccessRow, FlavorRow } from './tables.js';

export function findFlavor(db: ComputeDb, id: string): Promise<FlavorRow | undefined> {
  return db.selectFrom('compute_flavors').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findFlavorByName(db: ComputeDb, name: string): Promise<FlavorRow | undefined> {
  return db.selectFrom('compute_flavors').selectAll().where('name', '=', name).executeTakeFirst();
}

/** Every flavor, unsorted; visibility, filters, sorting and paging are the domain's (flavors are few). */
export function listFlavors(db: ComputeDb): Promise<FlavorRow[]> {
  return db.selectFrom('compute_flavors').selectAll().execute();
}

export async function insertFlavor(db: ComputeDb, row: FlavorRow): Promise<void> {
  await db.insertInto('compute_flavors').values(row).execute();
}

export async function updateFlavor(db: ComputeDb, id: string, changes: Partial<Omit<FlavorRow, 'id'>>): Promise<void> {
  await db.updateTable('compute_flavors').set(changes).where('id', '=', id).execute();
}

/** Deletes a flavor with its extra specs and access list; returns whether it existed. */
export async function deleteFlavor(db: ComputeDb, id: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx.deleteFrom('compute_flavors').where('id', '=', id).executeTakeFirst();
    await trx.deleteFrom('compute_flavor_extra_specs').where('flavor_id', '=', id).execute();
    await trx.deleteFrom('compute_flavor_access').where('flavor_id', '=', id).execute();
    return Number(result.numDeletedRows) > 0;
  });
}

/** Extra specs of each flavor, by flavor id. */
export async function listExtraSpecs(db: ComputeDb, flavorIds: string[]): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>();
  if (flavorIds.length === 0) return out;
  const rows = await db
    .selectFrom('compute_flavor_extra_specs')
    .selectAll()
    .where('flavor_id', 'in', flavorIds)
    .execute();
  for (const row of rows) {
    const specs = out.get(row.flavor_id) ?? {};
    specs[row.key] = row.value;
    out.set(row.flavor_id, specs);
  }
  return out;
}

/** Sets (inserts or replaces) extra specs of a flavor in one transaction. */
export async function upsertExtraSpecs(db: ComputeDb, flavorId: string, specs: Record<string, string>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const [key, value] of Object.entries(specs)) {
      await trx
        .deleteFrom('compute_flavor_extra_specs')
        .where('flavor_id', '=', flavorId)
        .where('key', '=', key)
        .execute();
      await trx.insertInto('compute_flavor_extra_specs').values({ flavor_id: flavorId, key, value }).execute();
    }
  });
}

/** Deletes one extra spec; returns whether it existed. */
export async function deleteExtraSpec(db: ComputeDb, flavorId: string, key: string): Promise<boolean> {
  const result = await db
    .deleteFrom('compute_flavor_extra_specs')
    .where('flavor_id', '=', flavorId)
    .where('key', '=', key)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Projects granted a private flavor. */
export function listFlavorAccess(db: ComputeDb, flavorId: string): Promise<FlavorAccessRow[]> {
  return db
    .selectFrom('compute_flavor_access')
    .selectAll()
    .where('flavor_id', '=', flavorId)
    .orderBy('project_id')
    .execute();
}

/** Flavor ids a project was granted. */
export async function flavorIdsOfProject(db: ComputeDb, projectId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('compute_flavor_access')
    .select('flavor_id')
    .where('project_id', '=', projectId)
    .execute();
  return new Set(rows.map((r) => r.flavor_id));
}

export async function insertFlavorAccess(db: ComputeDb, row: FlavorAccessRow): Promise<void> {
  await db.insertInto('compute_flavor_access').values(row).execute();
}

/** Revokes a project's access; returns whether it had it. */
export async function deleteFlavorAccess(db: ComputeDb, flavorId: string, projectId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('compute_flavor_access')
    .where('flavor_id', '=', flavorId)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
