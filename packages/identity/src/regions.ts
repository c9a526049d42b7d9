// Regions: the catalog's divisions of a deployment, optionally nested under a parent region.
import {
  BadRequest,
  Conflict,
  Forbidden,
  fromDbJson,
  isUniqueViolation,
  NotFound,
  newHexId,
  toDbJson,
} from '@nubo/core';
import type { IdentityContext } from './context.js';
import * as q from './db/catalog.js';
import type { RegionRow } from './db/tables.js';

/** The attributes of a region create or update body. */
export interface RegionInput {
  /** Absent, null or empty on create means "generate one". */
  id?: string | null;
  description?: string | null;
  parent_region_id?: string | null;
  extra: Record<string, unknown>;
}

/** The region, or a 404 `Could not find region: <id>.` */
export async function getRegion(ctx: IdentityContext, id: string): Promise<RegionRow> {
  const row = await q.findRegion(ctx.db, id);
  if (!row) throw new NotFound(`Could not find region: ${id}.`);
  return row;
}

const duplicate = (id: string) => new Conflict(`Conflict occurred attempting to store region - Duplicate ID, ${id}.`);

/** Creates a region; a duplicate id is a 409 and a missing parent a 404, as Keystone's catalog manager answers. */
export async function createRegion(ctx: IdentityContext, input: RegionInput): Promise<RegionRow> {
  const id = input.id || newHexId();
  if (await q.findRegion(ctx.db, id)) throw duplicate(id);
  const parentId = input.parent_region_id ?? null;
  if (parentId !== null) await getRegion(ctx, parentId);
  const row: RegionRow = {
    id,
    // The column cannot be null, and Keystone stores a missing description as ''.
    description: input.description ?? '',
    parent_region_id: parentId,
    extra: toDbJson(input.extra),
  };
  try {
    await q.insertRegion(ctx.db, row);
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(id);
    throw err;
  }
  ctx.changes.bump();
  return row;
}

/** Updates description, parent and extra attributes; the id never changes and the hierarchy stays a tree. */
export async function updateRegion(ctx: IdentityContext, id: string, input: RegionInput): Promise<RegionRow> {
  if (input.id !== undefined && input.id !== null && input.id !== id) throw new BadRequest('Cannot change ID');
  if (input.parent_region_id) await getRegion(ctx, input.parent_region_id);
  const current = await getRegion(ctx, id);
  const changes: Partial<RegionRow> = {};
  if (input.description !== undefined) changes.description = input.description ?? '';
  if (input.parent_region_id !== undefined) {
    changes.parent_region_id = input.parent_region_id;
    await assertNoCycle(ctx, id, input.parent_region_id);
  }
  if (Object.keys(input.extra).length > 0)
    changes.extra = toDbJson({ ...fromDbJson(current.extra, {}), ...input.extra });
  await q.updateRegion(ctx.db, id, changes);
  ctx.changes.bump();
  return { ...current, ...changes };
}

/** Walks up from the new parent; meeting the region itself would close a loop (Keystone's CircularRegionHierarchyError). */
async function assertNoCycle(ctx: IdentityContext, id: string, parentId: string | null): Promise<void> {
  const seen = new Set<string>();
  let current = parentId;
  while (current && !seen.has(current)) {
    if (current === id) {
      throw new BadRequest(`The specified parent region ${current} would create a circular region hierarchy.`);
    }
    seen.add(current);
    current = (await q.findRegion(ctx.db, current))?.parent_region_id ?? null;
  }
}

/** Deletes a leaf region that no endpoint uses (a region with child regions or endpoints is a 403). */
export async function deleteRegion(ctx: IdentityContext, id: string): Promise<void> {
  await getRegion(ctx, id);
  if ((await q.listEndpoints(ctx.db, { regionId: id })).length > 0) {
    throw new Forbidden(`Unable to delete region ${id} because it or its child regions have associated endpoints.`);
  }
  if ((await q.listRegions(ctx.db, { parentRegionId: id })).length > 0) {
    throw new Forbidden(`Unable to delete region ${id} because it has child regions; delete them first.`);
  }
  await q.deleteRegion(ctx.db, id);
  ctx.changes.bump();
}
