// Traits (the standard ones of os-traits and CUSTOM_ ones) and the traits of each resource provider.
import { BadRequest, Conflict, isUniqueViolation, NotFound } from '@nubo/core';
import type { PlacementContext } from './context.js';
import { findProvider } from './db/resource-providers.js';
import type { PlacementQueryable, ResourceProviderRow } from './db/tables.js';
import * as q from './db/traits.js';
import { bumpGeneration, inWriteTransaction, lockProviders } from './db/transaction.js';
import { ConcurrentUpdate, providerNotFound } from './errors.js';
import { isStandardTrait, STANDARD_TRAITS } from './standard-traits.js';

/** GET /traits filters: `name=in:A,B`, `name=startswith:CUSTOM_`, `associated=true|false`. */
export interface TraitFilters {
  nameIn?: string[];
  prefix?: string;
  associated?: boolean;
}

/** The traits known, standard and custom, sorted by name and filtered. */
export async function listTraits(ctx: PlacementContext, filters: TraitFilters = {}): Promise<string[]> {
  const custom = (await q.listCustomTraits(ctx.db)).map((r) => r.name);
  let names = [...STANDARD_TRAITS, ...custom].sort();
  if (filters.nameIn) {
    const wanted = new Set(filters.nameIn);
    names = names.filter((n) => wanted.has(n));
  }
  if (filters.prefix !== undefined) names = names.filter((n) => n.startsWith(filters.prefix!));
  if (filters.associated !== undefined) {
    const associated = await q.associatedTraits(ctx.db);
    names = names.filter((n) => associated.has(n) === filters.associated);
  }
  return names;
}

/** The names among `names` that are no trait. */
export async function missingTraits(db: PlacementQueryable, names: Iterable<string>): Promise<string[]> {
  const custom = new Set((await q.listCustomTraits(db)).map((r) => r.name));
  return [...new Set(names)].filter((n) => !isStandardTrait(n) && !custom.has(n)).sort();
}

/** Placement's TraitNotFound message. */
export function traitsNotFound(names: string[]): string {
  return `No such trait(s): ${names.join(', ')}.`;
}

/** @throws NotFound when there is no such trait. */
export async function getTrait(ctx: PlacementContext, name: string): Promise<void> {
  if (isStandardTrait(name) || (await q.findCustomTrait(ctx.db, name))) return;
  throw new NotFound(traitsNotFound([name]));
}

/** PUT /traits/{name}: creates a custom trait unless it exists; true when it was created. */
export async function ensureTrait(ctx: PlacementContext, name: string): Promise<boolean> {
  if (isStandardTrait(name) || (await q.findCustomTrait(ctx.db, name))) return false;
  try {
    await q.insertTrait(ctx.db, { name, created_at: new Date().toISOString() });
    return true;
  } catch (err) {
    // Created concurrently: it exists, which is what the caller wanted.
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/** DELETE /traits/{name}: a custom trait no provider has. */
export async function deleteTrait(ctx: PlacementContext, name: string): Promise<void> {
  await getTrait(ctx, name);
  if (isStandardTrait(name)) throw new BadRequest(`Cannot delete standard trait ${name}.`);
  if (await q.traitInUse(ctx.db, name)) throw new Conflict(`The trait ${name} is in use by a resource provider.`);
  await q.deleteTrait(ctx.db, name);
}

/** A provider with its traits (for the generation in the response). */
export interface ProviderTraits {
  provider: ResourceProviderRow;
  traits: string[];
}

/** GET /resource_providers/{uuid}/traits. @throws NotFound for an unknown provider. */
export async function getProviderTraits(ctx: PlacementContext, uuid: string): Promise<ProviderTraits> {
  const provider = await findProvider(ctx.db, uuid);
  if (!provider) throw providerNotFound(uuid);
  return { provider, traits: await q.providerTraits(ctx.db, uuid) };
}

function generationChanged(): ConcurrentUpdate {
  return new ConcurrentUpdate(
    "Resource provider's generation already changed. Please update the generation and try again.",
  );
}

/**
 * PUT /resource_providers/{uuid}/traits: replaces the provider's traits when `generation` is current, bumping it
 * when the set changes.
 */
export async function setProviderTraits(
  ctx: PlacementContext,
  uuid: string,
  generation: number,
  traits: string[],
): Promise<ProviderTraits> {
  return inWriteTransaction(ctx.db, ctx.dialect, async (trx) => {
    const provider = (await lockProviders(trx, ctx.dialect, [uuid])).get(uuid);
    if (!provider) throw providerNotFound(uuid);
    if (provider.generation !== generation) throw generationChanged();
    const missing = await missingTraits(trx, traits);
    if (missing.length > 0) throw new BadRequest(`No such trait ${missing.join(', ')}`);
    const wanted = [...new Set(traits)].sort();
    const current = await q.providerTraits(trx, uuid);
    if (current.join() === wanted.join()) return { provider, traits: wanted };
    await q.replaceProviderTraits(trx, uuid, wanted);
    const next = await bumpGeneration(trx, uuid, provider.generation, new Date().toISOString());
    return { provider: { ...provider, generation: next }, traits: wanted };
  });
}

/** DELETE /resource_providers/{uuid}/traits: removes every trait, bumping the generation if there were any. */
export async function deleteProviderTraits(ctx: PlacementContext, uuid: string): Promise<void> {
  await inWriteTransaction(ctx.db, ctx.dialect, async (trx) => {
    const provider = (await lockProviders(trx, ctx.dialect, [uuid])).get(uuid);
    if (!provider) throw providerNotFound(uuid);
    if ((await q.providerTraits(trx, uuid)).length === 0) return;
    await q.replaceProviderTraits(trx, uuid, []);
    await bumpGeneration(trx, uuid, provider.generation, new Date().toISOString());
  });
}
