// Inventories: how much of each resource class a provider has, and the rules for changing it while in use.
import { BadRequest, type Microversion, NotFound } from '@nubo/core';
import type { PlacementContext } from './context.js';
import * as q from './db/inventories.js';
import { findProvider } from './db/resource-providers.js';
import type { InventoryRow, ResourceProviderRow } from './db/tables.js';
import { bumpGeneration, inWriteTransaction, lockProviders, type PlacementTransaction } from './db/transaction.js';
import { CodedConflict, ConcurrentUpdate, ErrorCode, providerNotFound } from './errors.js';
import { missingResourceClasses } from './resource-classes.js';

/** The numbers of one inventory record. */
export interface InventoryInput {
  total: number;
  reserved: number;
  min_unit: number;
  max_unit: number;
  step_size: number;
  allocation_ratio: number;
}

/** Placement's 32-bit signed integer maximum, the default max_unit and the cap of every count. */
export const MAX_INT = 2147483647;

/** What an omitted field means (handlers/inventory.py INVENTORY_DEFAULTS). */
export const INVENTORY_DEFAULTS: Omit<InventoryInput, 'total'> = {
  reserved: 0,
  min_unit: 1,
  max_unit: MAX_INT,
  step_size: 1,
  allocation_ratio: 1.0,
};

/** A provider with its inventories (for the generation in the response). */
export interface ProviderInventories {
  provider: ResourceProviderRow;
  inventories: InventoryRow[];
}

/**
 * The capacity rule: before 1.26 reserved must stay below total; from 1.26 it may equal it.
 * @returns the complaint, or undefined when the inventory is valid.
 */
function capacityProblem(uuid: string, resourceClass: string, inv: InventoryInput, version: Microversion) {
  const capacity = Math.trunc((inv.total - inv.reserved) * inv.allocation_ratio);
  const reservedMayEqualTotal = version.atLeast('1.26');
  if (reservedMayEqualTotal ? capacity >= 0 : capacity > 0) return undefined;
  const rule = reservedMayEqualTotal ? 'greater than total' : 'greater than or equal to total';
  return `Invalid inventory for '${resourceClass}' on resource provider '${uuid}'. The reserved value is ${rule}.`;
}

async function lockedProvider(trx: PlacementTransaction, ctx: PlacementContext, uuid: string) {
  const provider = (await lockProviders(trx, ctx.dialect, [uuid])).get(uuid);
  if (!provider) throw providerNotFound(uuid);
  return provider;
}

function generationConflict(): ConcurrentUpdate {
  return new ConcurrentUpdate('resource provider generation conflict');
}

function rowOf(uuid: string, resourceClass: string, inv: InventoryInput, now: string): InventoryRow {
  return { resource_provider_uuid: uuid, resource_class: resourceClass, ...inv, created_at: now, updated_at: now };
}

/** GET /resource_providers/{uuid}/inventories. @throws NotFound for an unknown provider. */
export async function listInventories(ctx: PlacementContext, uuid: string): Promise<ProviderInventories> {
  const provider = await findProvider(ctx.db, uuid);
  if (!provider) throw providerNotFound(uuid);
  return { provider, inventories: await q.listInventories(ctx.db, uuid) };
}

/** GET /resource_providers/{uuid}/inventories/{resource_class}. @throws NotFound for either. */
export async function getInventory(
  ctx: PlacementContext,
  uuid: string,
  resourceClass: string,
): Promise<{ provider: ResourceProviderRow; inventory: InventoryRow }> {
  const { provider, inventories } = await listInventories(ctx, uuid);
  const inventory = inventories.find((i) => i.resource_class === resourceClass);
  if (!inventory) throw new NotFound(`No inventory of class ${resourceClass} for ${uuid}`);
  return { provider, inventory };
}

/**
 * PUT /resource_providers/{uuid}/inventories: replaces every inventory when `generation` is current. Classes
 * dropped while allocated are a 409 `placement.inventory.inuse`; shrinking below what is allocated is allowed
 * (the provider is then over capacity, as Placement permits).
 */
export async function replaceInventories(
  ctx: PlacementContext,
  uuid: string,
  generation: number,
  inventories: Map<string, InventoryInput>,
  version: Microversion,
): Promise<ProviderInventories> {
  return inWriteTransaction(ctx.db, ctx.dialect, async (trx) => {
    const provider = await lockedProvider(trx, ctx, uuid);
    if (provider.generation !== generation) throw generationConflict();
    for (const [rc, inv] of inventories) {
      const problem = capacityProblem(uuid, rc, inv, version);
      if (problem) throw new BadRequest(`Unable to update inventory for resource provider ${uuid}: ${problem}`);
    }
    const unknown = await missingResourceClasses(trx, inventories.keys());
    if (unknown.length > 0) {
      throw new BadRequest(
        `Unknown resource class in inventory for resource provider ${uuid}: No such resource class ${unknown[0]}.`,
      );
    }
    const existing = new Set((await q.listInventories(trx, uuid)).map((i) => i.resource_class));
    const dropped = [...existing].filter((rc) => !inventories.has(rc));
    const inUse = await q.classesInUse(trx, uuid, dropped);
    if (inUse.length > 0) {
      throw new CodedConflict(
        `update conflict: Inventory for '${inUse.join(', ')}' on resource provider '${uuid}' in use.`,
        ErrorCode.inventoryInUse,
      );
    }
    const now = new Date().toISOString();
    await q.deleteInventories(trx, uuid, dropped);
    for (const [rc, inv] of inventories) {
      if (existing.has(rc)) await q.updateInventory(trx, rowOf(uuid, rc, inv, now));
      else await q.insertInventory(trx, rowOf(uuid, rc, inv, now));
    }
    const next = await bumpGeneration(trx, uuid, provider.generation, now);
    return { provider: { ...provider, generation: next }, inventories: await q.listInventories(trx, uuid) };
  });
}

/** POST /resource_providers/{uuid}/inventories: one inventory of a class the provider has none of yet. */
export async function createInventory(
  ctx: PlacementContext,
  uuid: string,
  resourceClass: string,
  inv: InventoryInput,
  version: Microversion,
): Promise<{ provider: ResourceProviderRow; inventory: InventoryRow }> {
  return inWriteTransaction(ctx.db, ctx.dialect, async (trx) => {
    const provider = await lockedProvider(trx, ctx, uuid);
    const failed = (reason: string) =>
      new BadRequest(`Unable to create inventory for resource provider ${uuid}: ${reason}`);
    const problem = capacityProblem(uuid, resourceClass, inv, version);
    if (problem) throw failed(problem);
    if ((await missingResourceClasses(trx, [resourceClass])).length > 0) {
      throw failed(`No such resource class ${resourceClass}.`);
    }
    if ((await q.listInventories(trx, uuid)).some((i) => i.resource_class === resourceClass)) {
      throw new ConcurrentUpdate(
        `Update conflict: Inventory for '${resourceClass}' on resource provider '${uuid}' already exists.`,
      );
    }
    const now = new Date().toISOString();
    const inventory = rowOf(uuid, resourceClass, inv, now);
    await q.insertInventory(trx, inventory);
    const next = await bumpGeneration(trx, uuid, provider.generation, now);
    return { provider: { ...provider, generation: next }, inventory };
  });
}

/** PUT /resource_providers/{uuid}/inventories/{resource_class}: changes an inventory that exists. */
export async function updateInventory(
  ctx: PlacementContext,
  uuid: string,
  resourceClass: string,
  generation: number,
  inv: InventoryInput,
  version: Microversion,
): Promise<{ provider: ResourceProviderRow; inventory: InventoryRow }> {
  return inWriteTransaction(ctx.db, ctx.dialect, async (trx) => {
    const provider = await lockedProvider(trx, ctx, uuid);
    if (provider.generation !== generation) throw generationConflict();
    const problem = capacityProblem(uuid, resourceClass, inv, version);
    if (problem) throw new BadRequest(`Unable to update inventory for resource provider ${uuid}: ${problem}`);
    // An unknown class is Placement's ResourceClassNotFound, which its dispatcher turns into a 404.
    if ((await missingResourceClasses(trx, [resourceClass])).length > 0) {
      throw new NotFound(`No such resource class ${resourceClass}.`);
    }
    const now = new Date().toISOString();
    const inventory = rowOf(uuid, resourceClass, inv, now);
    if (!(await q.updateInventory(trx, inventory))) {
      throw new BadRequest(
        `No inventory record with resource class for resource provider ${uuid}: ` +
          `No inventory of class ${resourceClass} found.`,
      );
    }
    const next = await bumpGeneration(trx, uuid, provider.generation, now);
    return { provider: { ...provider, generation: next }, inventory };
  });
}

/** DELETE /resource_providers/{uuid}/inventories/{resource_class}: refused while the class is allocated. */
export async function deleteInventory(ctx: PlacementContext, uuid: string, resourceClass: string): Promise<void> {
  await inWriteTransaction(ctx.db, ctx.dialect, async (trx) => {
    const provider = await lockedProvider(trx, ctx, uuid);
    const notFound = (reason: string) =>
      new NotFound(`No inventory of class ${resourceClass} found for delete: ${reason}`);
    if ((await missingResourceClasses(trx, [resourceClass])).length > 0) {
      throw notFound(`No such resource class ${resourceClass}.`);
    }
    if ((await q.classesInUse(trx, uuid, [resourceClass])).length > 0) {
      // Upstream reports this one with the concurrent_update code (handlers/inventory.py delete_inventory).
      throw new ConcurrentUpdate(
        `Unable to delete inventory of class ${resourceClass}: ` +
          `Inventory for '${resourceClass}' on resource provider '${uuid}' in use.`,
      );
    }
    if ((await q.deleteInventories(trx, uuid, [resourceClass])) === 0) {
      throw notFound(`No inventory of class ${resourceClass} found for delete`);
    }
    await bumpGeneration(trx, uuid, provider.generation, new Date().toISOString());
  });
}

/** DELETE /resource_providers/{uuid}/inventories (1.5): every inventory, refused while any is allocated. */
export async function deleteAllInventories(ctx: PlacementContext, uuid: string): Promise<void> {
  await inWriteTransaction(ctx.db, ctx.dialect, async (trx) => {
    const provider = await lockedProvider(trx, ctx, uuid);
    const classes = (await q.listInventories(trx, uuid)).map((i) => i.resource_class);
    const inUse = await q.classesInUse(trx, uuid, classes);
    if (inUse.length > 0) {
      throw new CodedConflict(
        `Inventory for '${inUse.join(', ')}' on resource provider '${uuid}' in use.`,
        ErrorCode.inventoryInUse,
      );
    }
    await q.deleteInventories(trx, uuid, classes);
    await bumpGeneration(trx, uuid, provider.generation, new Date().toISOString());
  });
}
