// Resource classes: the standard ones of os-resource-classes and the CUSTOM_ ones operators create.
import { BadRequest, Conflict, isUniqueViolation, NotFound } from '@nubo/core';
import type { PlacementContext } from './context.js';
import * as q from './db/resource-classes.js';
import type { PlacementQueryable } from './db/tables.js';
import { inWriteTransaction } from './db/transaction.js';
import { isStandardResourceClass, STANDARD_RESOURCE_CLASSES } from './standard-resource-classes.js';

/** A resource class as GET /resource_classes lists it; standard classes have no timestamps. */
export interface ResourceClass {
  name: string;
  createdAt?: string;
  updatedAt?: string;
}

function resourceClassNotFound(name: string): NotFound {
  return new NotFound(`No such resource class ${name}.`);
}

/** Standard classes in os-resource-classes order, then custom classes oldest first. */
export async function listResourceClasses(ctx: PlacementContext): Promise<ResourceClass[]> {
  const custom = await q.listCustomResourceClasses(ctx.db);
  return [
    ...STANDARD_RESOURCE_CLASSES.map((name) => ({ name })),
    ...custom.map((r) => ({ name: r.name, createdAt: r.created_at, updatedAt: r.updated_at })),
  ];
}

/** @throws NotFound `No such resource class X.` */
export async function getResourceClass(ctx: PlacementContext, name: string): Promise<ResourceClass> {
  if (isStandardResourceClass(name)) return { name };
  const row = await q.findCustomResourceClass(ctx.db, name);
  if (!row) throw resourceClassNotFound(name);
  return { name: row.name, createdAt: row.created_at, updatedAt: row.updated_at };
}

/** The names among `names` that are no resource class. */
export async function missingResourceClasses(db: PlacementQueryable, names: Iterable<string>): Promise<string[]> {
  const custom = new Set((await q.listCustomResourceClasses(db)).map((r) => r.name));
  return [...new Set(names)].filter((n) => !isStandardResourceClass(n) && !custom.has(n));
}

/** A sort key per class: standard classes in their list order, custom ones after (Placement orders by class id). */
export async function resourceClassOrder(ctx: PlacementContext): Promise<(name: string) => number> {
  const order = new Map<string, number>(STANDARD_RESOURCE_CLASSES.map((n, i) => [n, i]));
  for (const [i, r] of (await q.listCustomResourceClasses(ctx.db)).entries()) order.set(r.name, 10000 + i);
  return (name) => order.get(name) ?? Number.MAX_SAFE_INTEGER;
}

/** POST /resource_classes: a new CUSTOM_ class; a 409 when it (or a standard class of that name) exists. */
export async function createResourceClass(ctx: PlacementContext, name: string): Promise<ResourceClass> {
  const conflict = new Conflict(`Conflicting resource class already exists: ${name}`);
  if (isStandardResourceClass(name)) throw conflict;
  const now = new Date().toISOString();
  try {
    await q.insertResourceClass(ctx.db, { name, created_at: now, updated_at: now });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict;
    throw err;
  }
  return { name, createdAt: now, updatedAt: now };
}

/** PUT /resource_classes/{name} from 1.7: creates the class unless it exists; true when it was created. */
export async function ensureResourceClass(ctx: PlacementContext, name: string): Promise<boolean> {
  if (isStandardResourceClass(name) || (await q.findCustomResourceClass(ctx.db, name))) return false;
  const now = new Date().toISOString();
  try {
    await q.insertResourceClass(ctx.db, { name, created_at: now, updated_at: now });
    return true;
  } catch (err) {
    // Someone created it between the look and the insert: it exists, which is all the caller asked.
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/** PUT /resource_classes/{name} before 1.7: renames a custom class, with its inventories and allocations. */
export async function renameResourceClass(ctx: PlacementContext, from: string, to: string): Promise<ResourceClass> {
  await getResourceClass(ctx, from);
  if (isStandardResourceClass(from)) throw new BadRequest(`Cannot update standard resource class ${from}`);
  const conflict = new Conflict(`Resource class already exists: ${to}`);
  if (from === to) return getResourceClass(ctx, to);
  if (isStandardResourceClass(to)) throw conflict;
  const now = new Date().toISOString();
  try {
    await inWriteTransaction(ctx.db, ctx.dialect, (trx) => q.renameResourceClass(trx, from, to, now));
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict;
    throw err;
  }
  return { name: to, createdAt: now, updatedAt: now };
}

/** DELETE /resource_classes/{name}: a custom class no inventory uses. */
export async function deleteResourceClass(ctx: PlacementContext, name: string): Promise<void> {
  await getResourceClass(ctx, name);
  if (isStandardResourceClass(name)) {
    throw new BadRequest(`Error in delete resource class: Cannot delete standard resource class ${name}.`);
  }
  if (await q.resourceClassHasInventory(ctx.db, name)) {
    throw new Conflict(
      `Error in delete resource class: Cannot delete resource class ${name}. Class is in use in inventory.`,
    );
  }
  await q.deleteResourceClass(ctx.db, name);
}
