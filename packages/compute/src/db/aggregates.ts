// Queries on compute_aggregates, compute_aggregate_hosts and compute_aggregate_metadata.
import type { AggregateRow, ComputeDb } from './tables.js';

export function findAggregate(db: ComputeDb, id: number): Promise<AggregateRow | undefined> {
  return db.selectFrom('compute_aggregates').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findAggregateByName(db: ComputeDb, name: string): Promise<AggregateRow | undefined> {
  return db.selectFrom('compute_aggregates').selectAll().where('name', '=', name).executeTakeFirst();
}

export function listAggregates(db: ComputeDb): Promise<AggregateRow[]> {
  return db.selectFrom('compute_aggregates').selectAll().orderBy('id').execute();
}

/** Inserts an aggregate with the next integer id (max + 1 inside the transaction). */
export async function insertAggregate(db: ComputeDb, row: Omit<AggregateRow, 'id'>): Promise<AggregateRow> {
  return db.transaction().execute(async (trx) => {
    const max = await trx
      .selectFrom('compute_aggregates')
      .select((eb) => eb.fn.max<number | null>('id').as('id'))
      .executeTakeFirst();
    const inserted = { ...row, id: Number(max?.id ?? 0) + 1 };
    await trx.insertInto('compute_aggregates').values(inserted).execute();
    return inserted;
  });
}

export async function updateAggregate(
  db: ComputeDb,
  id: number,
  changes: Partial<Omit<AggregateRow, 'id'>>,
): Promise<void> {
  await db.updateTable('compute_aggregates').set(changes).where('id', '=', id).execute();
}

/** Deletes an aggregate with its hosts and metadata. */
export async function deleteAggregate(db: ComputeDb, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('compute_aggregate_hosts').where('aggregate_id', '=', id).execute();
    await trx.deleteFrom('compute_aggregate_metadata').where('aggregate_id', '=', id).execute();
    await trx.deleteFrom('compute_aggregates').where('id', '=', id).execute();
  });
}

/** Hosts of each aggregate, by aggregate id. */
export async function listAggregateHosts(db: ComputeDb, ids?: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  let query = db.selectFrom('compute_aggregate_hosts').selectAll().orderBy('host');
  if (ids !== undefined) {
    if (ids.length === 0) return out;
    query = query.where('aggregate_id', 'in', ids);
  }
  for (const row of await query.execute()) out.set(row.aggregate_id, [...(out.get(row.aggregate_id) ?? []), row.host]);
  return out;
}

export async function insertAggregateHost(db: ComputeDb, id: number, host: string): Promise<void> {
  await db.insertInto('compute_aggregate_hosts').values({ aggregate_id: id, host }).execute();
}

/** Removes a host; returns whether it was a member. */
export async function deleteAggregateHost(db: ComputeDb, id: number, host: string): Promise<boolean> {
  const result = await db
    .deleteFrom('compute_aggregate_hosts')
    .where('aggregate_id', '=', id)
    .where('host', '=', host)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Metadata of each aggregate, by aggregate id. */
export async function listAggregateMetadata(
  db: ComputeDb,
  ids?: number[],
): Promise<Map<number, Record<string, string>>> {
  const out = new Map<number, Record<string, string>>();
  let query = db.selectFrom('compute_aggregate_metadata').selectAll();
  if (ids !== undefined) {
    if (ids.length === 0) return out;
    query = query.where('aggregate_id', 'in', ids);
  }
  for (const row of await query.execute()) {
    const items = out.get(row.aggregate_id) ?? {};
    items[row.key] = row.value;
    out.set(row.aggregate_id, items);
  }
  return out;
}

/** Sets metadata items; a null value deletes the key (Nova's set_metadata). */
export async function setAggregateMetadata(
  db: ComputeDb,
  id: number,
  items: Record<string, string | null>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const [key, value] of Object.entries(items)) {
      await trx
        .deleteFrom('compute_aggregate_metadata')
        .where('aggregate_id', '=', id)
        .where('key', '=', key)
        .execute();
      if (value !== null)
        await trx.insertInto('compute_aggregate_metadata').values({ aggregate_id: id, key, value }).execute();
    }
  });
}
