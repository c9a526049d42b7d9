// Flavors: who sees which (public, or private with access), the sorted and paged list, create, delete, description,
// extra specs and the access list of private flavors.
import { BadRequest, Conflict, isUniqueViolation, NotFound, newUuid } from '@nubo/core';
import type { Caller } from './caller.js';
import type { ComputeContext } from './context.js';
import * as db from './db/flavors.js';
import type { FlavorRow } from './db/tables.js';

/** A flavor with its extra specs, as views and the instance's embedded copy use it. */
export type Flavor = FlavorRow & { extra_specs: Record<string, string> };

/** Nova's `FlavorNotFound`. */
export function flavorNotFound(id: string): NotFound {
  return new NotFound(`Flavor ${id} could not be found.`);
}

async function withSpecs(ctx: ComputeContext, rows: FlavorRow[]): Promise<Flavor[]> {
  const specs = await db.listExtraSpecs(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, extra_specs: specs.get(r.id) ?? {} }));
}

/** Whether the caller sees a flavor: admins see all; others public ones and private ones their project was granted. */
async function visible(ctx: ComputeContext, caller: Caller, row: FlavorRow): Promise<boolean> {
  if (caller.isAdmin || row.is_public === 1) return true;
  return (await db.flavorIdsOfProject(ctx.db, caller.projectId)).has(row.id);
}

/**
 * A flavor the caller may see, with its extra specs.
 *
 * @throws NotFound "Flavor … could not be found." (also for a private flavor of no concern to the caller)
 */
export async function getFlavor(ctx: ComputeContext, caller: Caller, id: string): Promise<Flavor> {
  const row = await db.findFlavor(ctx.db, id);
  if (!row || !(await visible(ctx, caller, row))) throw flavorNotFound(id);
  return (await withSpecs(ctx, [row]))[0]!;
}

/** The list filters of GET /flavors. */
export interface FlavorQuery {
  /** true: public (plus the caller's private ones), false: private only, null: all. */
  isPublic: boolean | null;
  minRam?: number;
  minDisk?: number;
  sortKey: string;
  sortDir: 'asc' | 'desc';
  limit: number;
  marker?: string;
}

/** Nova's sort keys mapped onto columns (`id` is Nova's internal integer id: creation order here). */
const SORT_COLUMNS: Record<string, keyof FlavorRow> = {
  flavorid: 'id',
  id: 'created_at',
  name: 'name',
  memory_mb: 'ram',
  root_gb: 'disk',
  ephemeral_gb: 'ephemeral',
  swap: 'swap',
  vcpus: 'vcpus',
  rxtx_factor: 'rxtx_factor',
  is_public: 'is_public',
  disabled: 'disabled',
  description: 'description',
  created_at: 'created_at',
  updated_at: 'created_at',
  vcpu_weight: 'created_at',
};

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}

/**
 * The flavors the caller may list, filtered, sorted and paged after `marker`.
 *
 * @throws BadRequest "marker [x] not found" when the marker is not in the list.
 */
export async function listFlavors(ctx: ComputeContext, caller: Caller, query: FlavorQuery): Promise<Flavor[]> {
  const granted = await db.flavorIdsOfProject(ctx.db, caller.projectId);
  const column = SORT_COLUMNS[query.sortKey] ?? 'id';
  const sign = query.sortDir === 'desc' ? -1 : 1;
  const rows = (await db.listFlavors(ctx.db))
    .filter((r) => {
      // Nova's flavor_get_all: is_public=True means public ones plus the private ones the project was granted.
      if (query.isPublic === true && r.is_public !== 1 && !granted.has(r.id)) return false;
      if (query.isPublic === false && r.is_public === 1) return false;
      if (!caller.isAdmin && r.disabled === 1) return false;
      if (query.minRam !== undefined && r.ram < query.minRam) return false;
      if (query.minDisk !== undefined && r.disk < query.minDisk) return false;
      return true;
    })
    .sort((a, b) => sign * compare(a[column], b[column]) || sign * compare(a.id, b.id));
  let start = 0;
  if (query.marker !== undefined) {
    const at = rows.findIndex((r) => r.id === query.marker);
    if (at < 0) throw new BadRequest(`marker [${query.marker}] not found`);
    start = at + 1;
  }
  return withSpecs(ctx, rows.slice(start, start + query.limit));
}

/** The attributes of POST /flavors, already validated by the schema. */
export interface FlavorCreate {
  name: string;
  id?: string | null;
  ram: number;
  vcpus: number;
  disk: number;
  ephemeral: number;
  swap: number;
  rxtxFactor: number;
  isPublic: boolean;
  description: string | null;
}

/**
 * Creates a flavor (Nova's flavors.create): the name is stripped, a missing id becomes a UUID.
 *
 * @throws Conflict when the name or the id is taken.
 */
export async function createFlavor(ctx: ComputeContext, input: FlavorCreate): Promise<Flavor> {
  const name = input.name.trim();
  if (name === '') throw new BadRequest('Flavor names can not be empty.');
  const id = input.id === undefined || input.id === null || input.id === '' ? newUuid() : String(input.id);
  if (await db.findFlavor(ctx.db, id)) throw new Conflict(`Flavor with ID ${id} already exists.`);
  if (await db.findFlavorByName(ctx.db, name)) throw new Conflict(`Flavor with name ${name} already exists.`);
  const row: FlavorRow = {
    id,
    name,
    vcpus: input.vcpus,
    ram: input.ram,
    disk: input.disk,
    ephemeral: input.ephemeral,
    swap: input.swap,
    rxtx_factor: input.rxtxFactor,
    is_public: input.isPublic ? 1 : 0,
    description: input.description,
    disabled: 0,
    created_at: new Date().toISOString(),
  };
  try {
    await db.insertFlavor(ctx.db, row);
  } catch (err) {
    if (isUniqueViolation(err)) throw new Conflict(`Flavor with name ${name} already exists.`);
    throw err;
  }
  return { ...row, extra_specs: {} };
}

/** Deletes a flavor; servers keep their embedded copy, as in Nova. @throws NotFound */
export async function deleteFlavor(ctx: ComputeContext, id: string): Promise<void> {
  if (!(await db.deleteFlavor(ctx.db, id))) throw flavorNotFound(id);
}

/** Sets a flavor's description (2.55). @throws NotFound */
export async function updateFlavorDescription(
  ctx: ComputeContext,
  caller: Caller,
  id: string,
  description: string | null,
): Promise<Flavor> {
  const flavor = await getFlavor(ctx, caller, id);
  await db.updateFlavor(ctx.db, id, { description });
  return { ...flavor, description };
}

/** Merges extra specs into a flavor's (numbers are stored as their text, as Nova does). @throws NotFound */
export async function setExtraSpecs(
  ctx: ComputeContext,
  caller: Caller,
  id: string,
  specs: Record<string, string | number>,
): Promise<void> {
  await getFlavor(ctx, caller, id);
  const texts: Record<string, string> = {};
  for (const [key, value] of Object.entries(specs)) {
    texts[key] = String(value);
    if (texts[key].length > 255) {
      throw new BadRequest('extra_specs value has a length greater than the maximum of 255 characters.');
    }
  }
  await db.upsertExtraSpecs(ctx.db, id, texts);
}

/** Deletes one extra spec. @throws NotFound for the flavor or the key */
export async function deleteExtraSpec(ctx: ComputeContext, caller: Caller, id: string, key: string): Promise<void> {
  await getFlavor(ctx, caller, id);
  if (!(await db.deleteExtraSpec(ctx.db, id, key))) {
    throw new NotFound(`Flavor ${id} has no extra specs with key ${key}.`);
  }
}

/** The projects granted a private flavor. @throws NotFound for public flavors, as Nova answers */
export async function listFlavorAccess(ctx: ComputeContext, caller: Caller, id: string): Promise<string[]> {
  const flavor = await getFlavor(ctx, caller, id);
  if (flavor.is_public === 1) throw new NotFound('Access list not available for public flavors.');
  return (await db.listFlavorAccess(ctx.db, id)).map((r) => r.project_id);
}

/** Grants a project access. @throws Conflict when public (2.7+) or already granted */
export async function addFlavorAccess(
  ctx: ComputeContext,
  caller: Caller,
  id: string,
  projectId: string,
  refusePublic: boolean,
): Promise<string[]> {
  const flavor = await getFlavor(ctx, caller, id);
  if (refusePublic && flavor.is_public === 1) throw new Conflict('Can not add access to a public flavor.');
  const granted = (await db.listFlavorAccess(ctx.db, id)).map((r) => r.project_id);
  if (granted.includes(projectId)) {
    throw new Conflict(`Flavor access already exists for flavor ${id} and project ${projectId} combination.`);
  }
  await db.insertFlavorAccess(ctx.db, { flavor_id: id, project_id: projectId });
  return [...granted, projectId].sort();
}

/** Revokes a project's access. @throws NotFound when it had none */
export async function removeFlavorAccess(
  ctx: ComputeContext,
  caller: Caller,
  id: string,
  projectId: string,
): Promise<string[]> {
  await getFlavor(ctx, caller, id);
  if (!(await db.deleteFlavorAccess(ctx.db, id, projectId))) {
    throw new NotFound(`Flavor access not found for ${id} / ${projectId} combination.`);
  }
  return (await db.listFlavorAccess(ctx.db, id)).map((r) => r.project_id);
}
