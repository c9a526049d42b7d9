// Images: the record, who may see it, and its life cycle — create, list, change, deactivate, delete.
import {
  BadRequest,
  Conflict,
  Forbidden,
  fromDbBool,
  isUniqueViolation,
  NotFound,
  newUuid,
  toDbBool,
} from '@nubo/core';
import type { ImageContext } from './context.js';
import { findMember } from './db/image-members.js';
import * as q from './db/images.js';
import { type ImageRow, toSize } from './db/tables.js';
import { enforceImageCount, enforcePropertyQuota, enforceTagQuota } from './quotas.js';

/** Who is asking: the project of the token and whether it holds Glance's `context_is_admin`. */
export interface Caller {
  projectId: string | null;
  isAdmin: boolean;
}

/** An image as Glance's domain holds it: the base attributes, custom properties and tags. */
export interface ImageRecord {
  id: string;
  name: string | null;
  status: string;
  visibility: string;
  owner: string | null;
  size: number | null;
  virtual_size: number | null;
  disk_format: string | null;
  container_format: string | null;
  checksum: string | null;
  os_hash_algo: string | null;
  os_hash_value: string | null;
  min_disk: number;
  min_ram: number;
  protected: boolean;
  os_hidden: boolean;
  created_at: string;
  updated_at: string;
  location: string | null;
  store: string | null;
  properties: Record<string, string>;
  tags: string[];
}

/** The base attributes a create or a patch may set (the rest are read-only or reserved). */
export type WritableAttribute =
  | 'name'
  | 'visibility'
  | 'owner'
  | 'disk_format'
  | 'container_format'
  | 'min_disk'
  | 'min_ram'
  | 'protected'
  | 'os_hidden'
  | 'tags';

/** The writable base attributes, as a set for lookups. */
export const WRITABLE_ATTRIBUTES: ReadonlySet<string> = new Set<WritableAttribute>([
  'name',
  'visibility',
  'owner',
  'disk_format',
  'container_format',
  'min_disk',
  'min_ram',
  'protected',
  'os_hidden',
  'tags',
]);

/** Glance's ImageFactory._readonly_properties: set only by the service. */
export const READONLY_ATTRIBUTES: ReadonlySet<string> = new Set([
  'created_at',
  'updated_at',
  'status',
  'checksum',
  'os_hash_algo',
  'os_hash_value',
  'size',
  'virtual_size',
]);

/** Glance's own namespace for properties: nobody else may set `os_glance_*` (api-ref "Images"). */
export const RESERVED_NAMESPACE = 'os_glance';

/** Timestamps as Glance's timeutils.isotime prints them: UTC to the second. */
export function isoNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The row of a record (for writes). */
function toRow(image: ImageRecord): Omit<ImageRow, 'deleted' | 'deleted_at'> {
  return {
    id: image.id,
    name: image.name,
    status: image.status,
    visibility: image.visibility,
    owner: image.owner,
    size: image.size,
    virtual_size: image.virtual_size,
    disk_format: image.disk_format,
    container_format: image.container_format,
    checksum: image.checksum,
    os_hash_algo: image.os_hash_algo,
    os_hash_value: image.os_hash_value,
    min_disk: image.min_disk,
    min_ram: image.min_ram,
    protected: toDbBool(image.protected),
    os_hidden: toDbBool(image.os_hidden),
    location: image.location,
    store: image.store,
    created_at: image.created_at,
    updated_at: image.updated_at,
  };
}

function fromRow(row: ImageRow, properties: Record<string, string>, tags: string[]): ImageRecord {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    visibility: row.visibility,
    owner: row.owner,
    size: toSize(row.size),
    virtual_size: toSize(row.virtual_size),
    disk_format: row.disk_format,
    container_format: row.container_format,
    checksum: row.checksum,
    os_hash_algo: row.os_hash_algo,
    os_hash_value: row.os_hash_value,
    min_disk: Number(row.min_disk),
    min_ram: Number(row.min_ram),
    protected: fromDbBool(row.protected),
    os_hidden: fromDbBool(row.os_hidden),
    created_at: row.created_at,
    updated_at: row.updated_at,
    location: row.location,
    store: row.store,
    properties,
    tags,
  };
}

/** Records of rows, with their properties and tags read in two queries. */
async function recordsOf(ctx: ImageContext, rows: ImageRow[]): Promise<ImageRecord[]> {
  const ids = rows.map((r) => r.id);
  const [props, tags] = await Promise.all([q.listProperties(ctx.db, ids), q.listTags(ctx.db, ids)]);
  return rows.map((row) => fromRow(row, props.get(row.id) ?? {}, tags.get(row.id) ?? []));
}

/**
 * The caller's own project when it sees a shared image as a member (Glance's `member_id` policy target), else null.
 * As glance/db ImageRepo does, this is set for any non-owner of a shared image: reaching it means being a member.
 */
export function memberIdFor(image: ImageRecord, caller: Caller): string | null {
  return image.visibility === 'shared' && caller.projectId !== null && caller.projectId !== image.owner
    ? caller.projectId
    : null;
}

/** glance.db.utils.is_image_visible: admin, no owner, public or community, the owner, or a member of a shared image. */
async function isVisible(ctx: ImageContext, image: ImageRow, caller: Caller): Promise<boolean> {
  if (caller.isAdmin || image.owner === null) return true;
  if (image.visibility === 'public' || image.visibility === 'community') return true;
  if (caller.projectId === null) return false;
  if (caller.projectId === image.owner) return true;
  if (image.visibility !== 'shared') return false;
  return (await findMember(ctx.db, image.id, caller.projectId)) !== undefined;
}

/**
 * The image, if the caller may see it. `missing` words the 404 (the tags and members controllers say it their way).
 *
 * @throws NotFound with Glance's message when it does not exist, is deleted, or is not visible (never a 403 that
 *   would reveal that someone else's private image exists).
 */
export async function getImage(
  ctx: ImageContext,
  caller: Caller,
  id: string,
  missing = `No image found with ID ${id}`,
): Promise<ImageRecord> {
  const row = id.length <= 36 ? await q.findImage(ctx.db, id) : undefined;
  if (!row || !(await isVisible(ctx, row, caller))) throw new NotFound(missing);
  const [record] = await recordsOf(ctx, [row]);
  return record!;
}

/** What a create asks for: base attributes, custom properties and tags (already schema-checked). */
export interface ImageCreateInput {
  id?: string;
  attributes: Partial<Record<WritableAttribute, unknown>>;
  properties: Record<string, string>;
  tags: string[];
}

/** glance.domain.Image's min_disk/min_ram setters refuse negative values. */
function checkMinimum(name: 'min_disk' | 'min_ram', value: number): void {
  if (value < 0) throw new BadRequest(`Invalid value '${value}' for parameter '${name}': Cannot be a negative value`);
}

/**
 * Registers a new image in `queued` status, owned by `owner`.
 *
 * @throws PayloadTooLarge (413) over the image count, property or tag quota.
 * @throws Conflict when the requested id is (or was) in use.
 */
export async function createImage(
  ctx: ImageContext,
  owner: string | null,
  input: ImageCreateInput,
): Promise<ImageRecord> {
  const attrs = input.attributes;
  enforcePropertyQuota(ctx, Object.keys(input.properties).length);
  enforceTagQuota(ctx, new Set(input.tags).size);
  if (owner !== null) await enforceImageCount(ctx, owner);
  const minDisk = (attrs.min_disk as number | undefined) ?? 0;
  const minRam = (attrs.min_ram as number | undefined) ?? 0;
  checkMinimum('min_disk', minDisk);
  checkMinimum('min_ram', minRam);
  const now = isoNow();
  const image: ImageRecord = {
    id: input.id ?? newUuid(),
    name: (attrs.name as string | null | undefined) ?? null,
    status: 'queued',
    // Glance's ImageFactory.new_image default (api-ref: "If you do not specify a visibility value … shared").
    visibility: (attrs.visibility as string | undefined) ?? 'shared',
    owner,
    size: null,
    virtual_size: null,
    disk_format: (attrs.disk_format as string | null | undefined) ?? null,
    container_format: (attrs.container_format as string | null | undefined) ?? null,
    checksum: null,
    os_hash_algo: null,
    os_hash_value: null,
    min_disk: minDisk,
    min_ram: minRam,
    protected: (attrs.protected as boolean | undefined) ?? false,
    os_hidden: (attrs.os_hidden as boolean | undefined) ?? false,
    created_at: now,
    updated_at: now,
    location: null,
    store: null,
    properties: input.properties,
    tags: [...new Set(input.tags)].sort(),
  };
  if (input.id !== undefined && (await q.findImageIncludingDeleted(ctx.db, input.id))) {
    throw new Conflict(`Image ID ${input.id} already exists!`);
  }
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await q.insertImage(trx, { ...toRow(image), deleted: 0, deleted_at: null });
      await q.replaceProperties(trx, image.id, image.properties);
      await q.replaceTags(trx, image.id, image.tags);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new Conflict(`Image ID ${image.id} already exists!`);
    throw err;
  }
  return image;
}

/** One change of a JSON patch, already parsed and checked against the schema (api/image-patch.ts). */
export interface ImageChange {
  op: 'add' | 'replace' | 'remove';
  /** The top-level attribute or property name. */
  name: string;
  value?: unknown;
}

/** Sets one base attribute with the rules of glance.domain.Image's setters. */
function setAttribute(image: ImageRecord, name: WritableAttribute, value: unknown): void {
  switch (name) {
    case 'disk_format':
    case 'container_format':
      if (image.status !== 'queued' && image.status !== 'importing') {
        throw new Forbidden(`Attribute ${name} can be only replaced for a queued image.`);
      }
      image[name] = value as string | null;
      return;
    case 'min_disk':
    case 'min_ram':
      checkMinimum(name, value as number);
      image[name] = value as number;
      return;
    case 'tags':
      image.tags = [...new Set(value as string[])].sort();
      return;
    case 'protected':
    case 'os_hidden':
      image[name] = value as boolean;
      return;
    case 'visibility':
      image.visibility = value as string;
      return;
    case 'name':
    case 'owner':
      image[name] = value as string | null;
  }
}

/**
 * Applies a JSON patch the way glance/api/v2/images.py `_do_add/_do_replace/_do_remove` do, then saves the image.
 *
 * @throws Conflict replacing or removing a custom property the image does not have.
 * @throws Forbidden removing a base attribute, or changing a format once the image has data.
 * @throws PayloadTooLarge over the property or tag quota.
 */
export async function updateImage(ctx: ImageContext, image: ImageRecord, changes: ImageChange[]): Promise<ImageRecord> {
  if (changes.length === 0) return image;
  const next: ImageRecord = { ...image, properties: { ...image.properties }, tags: [...image.tags] };
  for (const change of changes) {
    const isAttribute = WRITABLE_ATTRIBUTES.has(change.name);
    if (change.op === 'remove') {
      if (isAttribute) throw new Forbidden(`Property ${change.name} may not be removed.`);
      if (!(change.name in next.properties)) throw new Conflict(`Property ${change.name} does not exist.`);
      delete next.properties[change.name];
    } else if (isAttribute) {
      setAttribute(next, change.name as WritableAttribute, change.value);
    } else if (change.op === 'replace' && !(change.name in next.properties)) {
      throw new Conflict(`Property ${change.name} does not exist.`);
    } else {
      next.properties[change.name] = change.value as string;
    }
  }
  enforcePropertyQuota(ctx, Object.keys(next.properties).length);
  enforceTagQuota(ctx, next.tags.length);
  return saveImage(ctx, next);
}

/** Writes an image's attributes, properties and tags. */
export async function saveImage(ctx: ImageContext, image: ImageRecord): Promise<ImageRecord> {
  const saved = { ...image, updated_at: isoNow() };
  const { id: _id, ...columns } = toRow(saved);
  const found = await ctx.db.transaction().execute(async (trx) => {
    if (!(await q.updateImage(trx, saved.id, columns))) return false;
    await q.replaceProperties(trx, saved.id, saved.properties);
    await q.replaceTags(trx, saved.id, saved.tags);
    return true;
  });
  if (!found) throw new NotFound(`No image found with ID ${image.id}`);
  return saved;
}

/**
 * Deletes an image and its data. Glance allows it in any status (an upload in flight then ends in 410 Gone).
 *
 * @throws Forbidden when the image is protected.
 */
export async function deleteImage(ctx: ImageContext, image: ImageRecord): Promise<void> {
  if (image.protected) throw new Forbidden(`Image ${image.id} is protected and cannot be deleted.`);
  if (!(await q.softDeleteImage(ctx.db, image.id, isoNow())))
    throw new NotFound(`Failed to find image ${image.id} to delete`);
  if (image.location) {
    await ctx.store.delete(image.location).catch((err) => {
      ctx.log.error({ err, image: image.id }, 'image data could not be deleted from the store');
    });
  }
}

/** active → deactivated (a no-op when already deactivated), as glance.domain.Image.deactivate. */
export async function deactivateImage(ctx: ImageContext, image: ImageRecord): Promise<void> {
  if (image.status === 'deactivated') return;
  if (image.status !== 'active') throw new Forbidden(`Not allowed to deactivate image in status '${image.status}'`);
  if (!(await q.updateImage(ctx.db, image.id, { status: 'deactivated', updated_at: isoNow() }, 'active'))) {
    throw new Conflict(`Image status transition from ${image.status} to deactivated is not allowed`);
  }
}

/** deactivated → active (a no-op when already active), as glance.domain.Image.reactivate. */
export async function reactivateImage(ctx: ImageContext, image: ImageRecord): Promise<void> {
  if (image.status === 'active') return;
  if (image.status !== 'deactivated')
    throw new Forbidden(`Not allowed to reactivate image in status '${image.status}'`);
  if (!(await q.updateImage(ctx.db, image.id, { status: 'active', updated_at: isoNow() }, 'deactivated'))) {
    throw new Conflict(`Image status transition from ${image.status} to active is not allowed`);
  }
}

/** What a list asks for, parsed from the query string (api/image-list-query.ts); `marker` is an image id. */
export type ImageListParams = Omit<q.ImageListQuery, 'viewer' | 'marker'> & { marker?: string };

/**
 * One page of the images the caller may list, and the marker of the next page when this one is full.
 *
 * @throws BadRequest when the marker image does not exist; Forbidden when it exists but is not visible (as Glance).
 */
export async function listImages(
  ctx: ImageContext,
  caller: Caller,
  params: ImageListParams,
): Promise<{ images: ImageRecord[]; nextMarker?: string }> {
  let marker: ImageRow | undefined;
  if (params.marker !== undefined) {
    marker = params.marker.length <= 36 ? await q.findImage(ctx.db, params.marker) : undefined;
    if (!marker) throw new BadRequest(`No image found with ID ${params.marker}`);
    if (!(await isVisible(ctx, marker, caller))) {
      throw new Forbidden(`Forbidding request, image ${params.marker} not visible`);
    }
  }
  const rows = await q.listImages(ctx.db, { ...params, viewer: caller, marker });
  const images = await recordsOf(ctx, rows);
  const last = images[images.length - 1];
  return { images, nextMarker: last && rows.length === params.limit ? last.id : undefined };
}
