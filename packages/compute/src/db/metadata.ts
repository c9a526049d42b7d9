// Queries on compute_instance_metadata (a server's user metadata).
import type { ComputeDb } from './tables.js';

/** Metadata of each instance, by instance id. */
export async function listMetadata(db: ComputeDb, instanceIds: string[]): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>();
  if (instanceIds.length === 0) return out;
  const rows = await db
    .selectFrom('compute_instance_metadata')
    .selectAll()
    .where('instance_id', 'in', instanceIds)
    .orderBy('key')
    .execute();
  for (const row of rows) {
    const items = out.get(row.instance_id) ?? {};
    items[row.key] = row.value;
    out.set(row.instance_id, items);
  }
  return out;
}

/** Writes items of one instance: with `replace` the result is exactly `items`, else they are merged in. */
export async function writeMetadata(
  db: ComputeDb,
  instanceId: string,
  items: Record<string, string>,
  replace: boolean,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    let query = trx.deleteFrom('compute_instance_metadata').where('instance_id', '=', instanceId);
    if (!replace) {
      const keys = Object.keys(items);
      if (keys.length === 0) return;
      query = query.where('key', 'in', keys);
    }
    await query.execute();
    const rows = Object.entries(items).map(([key, value]) => ({ instance_id: instanceId, key, value }));
    if (rows.length > 0) await trx.insertInto('compute_instance_metadata').values(rows).execute();
  });
}

/** Deletes one item; returns whether it existed. */
export async function deleteMetadataItem(db: ComputeDb, instanceId: string, key: string): Promise<boolean> {
  const result = await db
    .deleteFrom('compute_instance_metadata')
    .where('instance_id', '=', instanceId)
    .where('key', '=', key)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
