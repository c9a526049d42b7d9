// Queries on compute_instance_tags (server tags, microversion 2.26).
import type { ComputeDb } from './tables.js';

/** Tags of each instance, by instance id, sorted. */
export async function listTags(db: ComputeDb, instanceIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (instanceIds.length === 0) return out;
  const rows = await db
    .selectFrom('compute_instance_tags')
    .selectAll()
    .where('instance_id', 'in', instanceIds)
    .orderBy('tag')
    .execute();
  for (const row of rows) out.set(row.instance_id, [...(out.get(row.instance_id) ?? []), row.tag]);
  return out;
}

/** Replaces all tags of an instance. */
export async function replaceTags(db: ComputeDb, instanceId: string, tags: Iterable<string>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('compute_instance_tags').where('instance_id', '=', instanceId).execute();
    const rows = [...new Set(tags)].map((tag) => ({ instance_id: instanceId, tag }));
    if (rows.length > 0) await trx.insertInto('compute_instance_tags').values(rows).execute();
  });
}

/** Adds one tag (no-op when present). */
export async function addTag(db: ComputeDb, instanceId: string, tag: string): Promise<void> {
  const existing = await db
    .selectFrom('compute_instance_tags')
    .select('tag')
    .where('instance_id', '=', instanceId)
    .where('tag', '=', tag)
    .executeTakeFirst();
  if (!existing) await db.insertInto('compute_instance_tags').values({ instance_id: instanceId, tag }).execute();
}

/** Deletes one tag; returns whether it existed. */
export async function deleteTag(db: ComputeDb, instanceId: string, tag: string): Promise<boolean> {
  const result = await db
    .deleteFrom('compute_instance_tags')
    .where('instance_id', '=', instanceId)
    .where('tag', '=', tag)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
