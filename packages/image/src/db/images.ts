// Queries on image_images, image_properties and image_tags: lookups, writes, and the filtered, sorted, paged list.
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { ImageDb, ImageRow, ImageTables } from './tables.js';

/** A non-deleted image by id. */
export function findImage(db: ImageDb, id: string): Promise<ImageRow | undefined> {
  return db.selectFrom('image_images').selectAll().where('id', '=', id).where('deleted', '=', 0).executeTakeFirst();
}

/** Any image by id, deleted or not (an id stays taken once used, as in Glance). */
export function findImageIncludingDeleted(db: ImageDb, id: string): Promise<ImageRow | undefined> {
  return db.selectFrom('image_images').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Inserts a new image row. */
export async function insertImage(db: ImageDb, row: ImageRow): Promise<void> {
  await db.insertInto('image_images').values(row).execute();
}

/**
 * Updates a non-deleted image; with `fromStatus` only while it is still in that status (a compare-and-set, so two
 * uploads cannot both move an image from queued to saving). Returns whether a row changed.
 */
export async function updateImage(
  db: ImageDb,
  id: string,
  changes: Partial<Omit<ImageRow, 'id'>>,
  fromStatus?: string,
): Promise<boolean> {
  let query = db.updateTable('image_images').set(changes).where('id', '=', id).where('deleted', '=', 0);
  if (fromStatus !== undefined) query = query.where('status', '=', fromStatus);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Custom properties of each image, by image id. */
export async function listProperties(db: ImageDb, imageIds: string[]): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>();
  if (imageIds.length === 0) return out;
  const rows = await db.selectFrom('image_properties').selectAll().where('image_id', 'in', imageIds).execute();
  for (const row of rows) {
    const props = out.get(row.image_id) ?? {};
    props[row.name] = row.value;
    out.set(row.image_id, props);
  }
  return out;
}

/** Tags of each image, by image id, sorted. */
export async function listTags(db: ImageDb, imageIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (imageIds.length === 0) return out;
  const rows = await db
    .selectFrom('image_tags')
    .selectAll()
    .where('image_id', 'in', imageIds)
    .orderBy('value')
    .execute();
  for (const row of rows) out.set(row.image_id, [...(out.get(row.image_id) ?? []), row.value]);
  return out;
}

/** Replaces all of an image's custom properties. */
export async function replaceProperties(db: ImageDb, imageId: string, props: Record<string, string>): Promise<void> {
  await db.deleteFrom('image_properties').where('image_id', '=', imageId).execute();
  const rows = Object.entries(props).map(([name, value]) => ({ image_id: imageId, name, value }));
  if (rows.length > 0) await db.insertInto('image_properties').values(rows).execute();
}

/** Replaces all of an image's tags (duplicates dropped). */
export async function replaceTags(db: ImageDb, imageId: string, tags: Iterable<string>): Promise<void> {
  await db.deleteFrom('image_tags').where('image_id', '=', imageId).execute();
  const rows = [...new Set(tags)].map((value) => ({ image_id: imageId, value }));
  if (rows.length > 0) await db.insertInto('image_tags').values(rows).execute();
}

/** Marks an image deleted and drops its properties, tags and members; returns whether it was still there. */
export async function softDeleteImage(db: ImageDb, id: string, now: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const changed = await updateImage(trx, id, {
      status: 'deleted',
      deleted: 1,
      deleted_at: now,
      updated_at: now,
      location: null,
    });
    await trx.deleteFrom('image_properties').where('image_id', '=', id).execute();
    await trx.deleteFrom('image_tags').where('image_id', '=', id).execute();
    await trx.deleteFrom('image_members').where('image_id', '=', id).execute();
    return changed;
  });
}

/** Images a project owns (not deleted): what the image count quota counts. */
export async function countOwnedImages(db: ImageDb, owner: string): Promise<number> {
  const row = await db
    .selectFrom('image_images')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('owner', '=', owner)
    .where('deleted', '=', 0)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Bytes of data a project's images hold (not deleted): what the image size quota counts. */
export async function sumOwnedImageSizes(db: ImageDb, owner: string): Promise<number> {
  const row = await db
    .selectFrom('image_images')
    .select((eb) => eb.fn.sum<number | string | null>('size').as('total'))
    .where('owner', '=', owner)
    .where('deleted', '=', 0)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

/** Columns a list may compare against (`name=in:a,b`, `size_min=…`, `created_at=gt:…`, `owner=…`). */
export type FilterColumn =
  | 'id'
  | 'name'
  | 'status'
  | 'container_format'
  | 'disk_format'
  | 'owner'
  | 'checksum'
  | 'os_hash_algo'
  | 'os_hash_value'
  | 'size'
  | 'virtual_size'
  | 'min_disk'
  | 'min_ram'
  | 'protected'
  | 'os_hidden'
  | 'created_at'
  | 'updated_at';

/** The SQL comparisons a list filter may use. */
export type ComparisonOp = '=' | '<>' | '>' | '>=' | '<' | '<=';

/** One filter on an image column: a comparison or an `in:` list. */
export type ImageCondition =
  | { column: FilterColumn; op: ComparisonOp; value: string | number }
  | { column: FilterColumn; op: 'in'; values: string[] };

/** The keys Glance sorts by (`_available_sort_keys`), plus nothing else. */
export type SortKey =
  | 'name'
  | 'status'
  | 'container_format'
  | 'disk_format'
  | 'size'
  | 'id'
  | 'created_at'
  | 'updated_at';

/** Everything a list query needs: who asks, what filters, which order, where the page starts. */
export interface ImageListQuery {
  /** The caller's project (null for an unscoped or domain token) and whether it is an admin (sees every image). */
  viewer: { projectId: string | null; isAdmin: boolean };
  /** Which memberships make a shared image appear for a non-owner (`all` = any). */
  memberStatus: 'pending' | 'accepted' | 'rejected' | 'all';
  /** A visibility to restrict to; `all` means no restriction; absent means "not other projects' community". */
  visibility?: string;
  conditions: ImageCondition[];
  properties: Record<string, string>;
  tags: string[];
  sort: { key: SortKey; dir: 'asc' | 'desc' }[];
  marker?: ImageRow;
  limit: number;
}

type Eb = ExpressionBuilder<ImageTables, 'image_images'>;

// Nullable sort keys sort as '' or 0 so that every engine orders NULLs alike and a marker row compares cleanly
// (Glance's _paginate_query substitutes the same defaults for a NULL marker value).
const NULL_DEFAULTS: Partial<Record<SortKey, string | number>> = {
  name: '',
  container_format: '',
  disk_format: '',
  size: 0,
};

function sortExpr(key: SortKey): Expression<unknown> {
  const fallback = NULL_DEFAULTS[key];
  if (fallback === undefined) return sql.ref(`image_images.${key}`);
  return sql`coalesce(${sql.ref(`image_images.${key}`)}, ${fallback})`;
}

function markerValue(marker: ImageRow, key: SortKey): string | number {
  const value = marker[key];
  if (value === null || value === undefined) return NULL_DEFAULTS[key] ?? '';
  return key === 'size' ? Number(value) : value;
}

/** Glance's _select_images_query: what the viewer may list at all, before any filter. */
function visibleTo(eb: Eb, query: ImageListQuery): Expression<SqlBool> {
  const { projectId, isAdmin } = query.viewer;
  if (isAdmin) return sql<SqlBool>`1 = 1`;
  const shared = eb.and([
    eb('image_images.visibility', '=', 'shared'),
    eb.exists(
      eb
        .selectFrom('image_members')
        .select('image_members.member')
        .whereRef('image_members.image_id', '=', 'image_images.id')
        .where('image_members.member', '=', projectId ?? '')
        .$if(query.memberStatus !== 'all', (q) => q.where('image_members.status', '=', query.memberStatus)),
    ),
  ]);
  const ors = [eb('image_images.visibility', 'in', ['public', 'community'])];
  if (projectId !== null) ors.push(eb('image_images.owner', '=', projectId), shared);
  return eb.or(ors);
}

function condition(eb: Eb, c: ImageCondition): Expression<SqlBool> {
  const ref = `image_images.${c.column}` as const;
  if (c.op === 'in') return c.values.length === 0 ? sql<SqlBool>`1 = 0` : eb(ref, 'in', c.values);
  return eb(ref, c.op, c.value);
}

/** One page of images matching the query, in order. */
export async function listImages(db: ImageDb, query: ImageListQuery): Promise<ImageRow[]> {
  let select = db
    .selectFrom('image_images')
    .selectAll()
    .where('image_images.deleted', '=', 0)
    // Glance lists neither deleted nor killed images (the `deleted: False` filter of image_get_all).
    .where('image_images.status', '<>', 'killed')
    .where((eb) => visibleTo(eb, query));
  const { visibility } = query;
  if (visibility !== undefined && visibility !== 'all') {
    select = select.where('image_images.visibility', '=', visibility);
  } else if (visibility === undefined) {
    // Without a visibility filter, community images show only to their owner (api-ref "Image visibility").
    const projectId = query.viewer.projectId;
    select = select.where((eb) =>
      projectId === null
        ? eb('image_images.visibility', '<>', 'community')
        : eb.or([eb('image_images.owner', '=', projectId), eb('image_images.visibility', '<>', 'community')]),
    );
  }
  for (const c of query.conditions) select = select.where((eb) => condition(eb, c));
  for (const [name, value] of Object.entries(query.properties)) {
    select = select.where((eb) =>
      eb.exists(
        eb
          .selectFrom('image_properties')
          .select('image_properties.name')
          .whereRef('image_properties.image_id', '=', 'image_images.id')
          .where('image_properties.name', '=', name)
          .where('image_properties.value', '=', value),
      ),
    );
  }
  for (const tag of query.tags) {
    select = select.where((eb) =>
      eb.exists(
        eb
          .selectFrom('image_tags')
          .select('image_tags.value')
          .whereRef('image_tags.image_id', '=', 'image_images.id')
          .where('image_tags.value', '=', tag),
      ),
    );
  }
  // Glance appends created_at and id (in the default direction) so that the order is total and markers work.
  const sort = [...query.sort];
  const defaultDir = sort[0]?.dir ?? 'desc';
  for (const key of ['created_at', 'id'] as const) {
    if (!sort.some((s) => s.key === key)) sort.push({ key, dir: defaultDir });
  }
  const marker = query.marker;
  if (marker) {
    // Keyset paging: (k1 after v1) or (k1 = v1 and k2 after v2) or …
    select = select.where((eb) =>
      eb.or(
        sort.map((s, i) => {
          const equalBefore = sort.slice(0, i).map((p) => eb(sortExpr(p.key), '=', markerValue(marker, p.key)));
          const after = eb(sortExpr(s.key), s.dir === 'asc' ? '>' : '<', markerValue(marker, s.key));
          return eb.and([...equalBefore, after]);
        }),
      ),
    );
  }
  for (const s of sort) select = select.orderBy(sortExpr(s.key), s.dir);
  return select.limit(query.limit).execute();
}
