// Resource providers: create, list, show, rename, re-parent and delete, keeping each tree's root up to date.
import { BadRequest, isUniqueViolation, NotFound, newUuid } from '@nubo/core';
import { canSatisfy, intersects, type ProviderNode, satisfiesAll } from './candidates/provider-snapshot.js';
import type { PlacementContext } from './context.js';
import * as q from './db/resource-providers.js';
import { loadProviderSnapshot } from './db/snapshot.js';
import type { ResourceProviderRow } from './db/tables.js';
import { inWriteTransaction, lockProviders } from './db/transaction.js';
import { CodedConflict, ErrorCode, providerNotFound } from './errors.js';
import { missingResourceClasses } from './resource-classes.js';
import { missingTraits, traitsNotFound } from './traits.js';

/** A uuid in Python's `str(uuid.UUID(x))` form: lowercase, dashed. */
export function normalizeUuid(text: string): string {
  const hex = text
    .replace(/^urn:uuid:/i, '')
    .replace(/[{}-]/g, '')
    .toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** GET /resource_providers/{uuid}. @throws NotFound `No resource provider with uuid X found`. */
export async function getResourceProvider(ctx: PlacementContext, uuid: string): Promise<ResourceProviderRow> {
  const row = await q.findProvider(ctx.db, uuid);
  if (!row) throw providerNotFound(uuid);
  return row;
}

/** The filters of GET /resource_providers; each is AND'd with the others. */
export interface ProviderFilters {
  uuid?: string;
  name?: string;
  /** Only providers of the tree this provider is in (nothing when it does not exist). */
  inTree?: string;
  /** Providers with room for each amount (capacity, min_unit, max_unit, step_size). */
  resources?: Map<string, number>;
  requiredTraits?: Set<string>[];
  forbiddenTraits?: Set<string>;
  memberOf?: Set<string>[];
  forbiddenAggregates?: Set<string>;
}

/** GET /resource_providers. */
export async function listResourceProviders(
  ctx: PlacementContext,
  filters: ProviderFilters = {},
): Promise<ResourceProviderRow[]> {
  const resources = filters.resources ?? new Map<string, number>();
  const unknownClasses = await missingResourceClasses(ctx.db, resources.keys());
  if (unknownClasses.length > 0) {
    throw new BadRequest(`Invalid resource class in resources parameter: No such resource class ${unknownClasses[0]}.`);
  }
  const required = filters.requiredTraits ?? [];
  const forbidden = filters.forbiddenTraits ?? new Set<string>();
  const unknownTraits = await missingTraits(ctx.db, [...required.flatMap((s) => [...s]), ...forbidden]);
  if (unknownTraits.length > 0) {
    throw new BadRequest(`Invalid trait(s) in "required" parameter: ${traitsNotFound(unknownTraits)}`);
  }
  let rootUuid: string | undefined;
  if (filters.inTree !== undefined) {
    // A list is never a 404: an in_tree provider that does not exist simply matches nothing.
    rootUuid = (await q.findProvider(ctx.db, filters.inTree))?.root_provider_uuid;
    if (rootUuid === undefined) return [];
  }
  const rows = await q.listProviders(ctx.db, { uuid: filters.uuid, name: filters.name, rootUuid });
  const memberOf = filters.memberOf ?? [];
  const forbiddenAggregates = filters.forbiddenAggregates ?? new Set<string>();
  if (resources.size === 0 && required.length === 0 && forbidden.size === 0 && memberOf.length === 0) {
    if (forbiddenAggregates.size === 0) return rows;
  }
  const snapshot = await loadProviderSnapshot(ctx.db);
  const matches = (p: ProviderNode) =>
    satisfiesAll(p.traits, required) &&
    !intersects(p.traits, forbidden) &&
    satisfiesAll(p.aggregates, memberOf) &&
    !intersects(p.aggregates, forbiddenAggregates) &&
    [...resources].every(([rc, amount]) => canSatisfy(p.inventories.get(rc), amount));
  return rows.filter((r) => {
    const node = snapshot.providers.get(r.uuid);
    return node !== undefined && matches(node);
  });
}

function duplicate(parts: string[]): CodedConflict {
  return new CodedConflict(
    `Conflicting resource provider ${parts.join(', ')} already exists.`,
    ErrorCode.duplicateName,
  );
}

/** POST /resource_providers: a root provider, or a child of `parentUuid` (1.14) in its parent's tree. */
export async function createResourceProvider(
  ctx: PlacementContext,
  input: { name: string; uuid?: string; parentUuid?: string | null },
): Promise<ResourceProviderRow> {
  const uuid = input.uuid ? normalizeUuid(input.uuid) : newUuid();
  const failed = (reason: string) =>
    new BadRequest(
      `Unable to create resource provider "${input.name}", ${uuid}: Object action create failed because: ${reason}`,
    );
  const parentUuid = input.parentUuid ?? null;
  if (parentUuid === uuid) {
    throw failed(
      'parent provider UUID cannot be same as UUID. Please set parent provider UUID to None if there is no parent.',
    );
  }
  const now = new Date().toISOString();
  try {
    return await inWriteTransaction(ctx.db, ctx.dialect, async (trx) => {
      let root = uuid;
      if (parentUuid !== null) {
        // Locking the parent orders this create against a concurrent delete of the parent.
        const parent = (await lockProviders(trx, ctx.dialect, [parentUuid])).get(parentUuid);
        if (!parent) throw failed('parent provider UUID does not exist.');
        root = parent.root_provider_uuid;
      }
      const row: ResourceProviderRow = {
        uuid,
        name: input.name,
        generation: 0,
        parent_provider_uuid: parentUuid,
        root_provider_uuid: root,
        created_at: now,
        updated_at: now,
      };
      await q.insertProvider(trx, row);
      return row;
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const parts: string[] = [];
    if (await q.findProvider(ctx.db, uuid)) parts.push(`uuid: ${uuid}`);
    if (await q.findProviderByName(ctx.db, input.name)) parts.push(`name: ${input.name}`);
    throw duplicate(parts.length > 0 ? parts : [`name: ${input.name}`]);
  }
}

/**
 * PUT /resource_providers/{uuid}: a new name, and from 1.14 a parent. Before 1.37 a parent may only be set where
 * there was none; from 1.37 (`allowReparenting`) a provider may move to another parent (not into its own subtree)
 * or become a root (`parentUuid: null`). The subtree that moves takes the new root. The generation is unchanged.
 */
export async function updateResourceProvider(
  ctx: PlacementContext,
  uuid: string,
  input: { name?: string; parentUuid?: string | null },
  allowReparenting: boolean,
): Promise<ResourceProviderRow> {
  const failed = (action: string, reason: string) =>
    new BadRequest(`Unable to save resource provider ${uuid}: Object action ${action} failed because: ${reason}`);
  try {
    return await inWriteTransaction(ctx.db, ctx.dialect, async (trx) => {
      const wanted = input.parentUuid ? [uuid, input.parentUuid] : [uuid];
      const locked = await lockProviders(trx, ctx.dialect, wanted);
      const current = locked.get(uuid);
      if (!current) throw providerNotFound(uuid);
      const changes: Partial<ResourceProviderRow> = { updated_at: new Date().toISOString() };
      if (input.name !== undefined) changes.name = input.name;
      let newRoot: string | undefined;
      if (input.parentUuid !== undefined && input.parentUuid !== current.parent_provider_uuid) {
        if (input.parentUuid !== null) {
          const parent = locked.get(input.parentUuid);
          if (!parent) throw failed('create', 'parent provider UUID does not exist.');
          if (current.parent_provider_uuid !== null && !allowReparenting) {
            throw failed('update', 're-parenting a provider is not currently allowed.');
          }
          newRoot = parent.root_provider_uuid;
        } else {
          if (!allowReparenting) throw failed('update', 'un-parenting a provider is not currently allowed.');
          newRoot = uuid;
        }
        changes.parent_provider_uuid = input.parentUuid;
      }
      if (newRoot !== undefined) {
        const subtree = subtreeOf(await q.listProviders(trx, { rootUuid: current.root_provider_uuid }), uuid);
        if (input.parentUuid && subtree.includes(input.parentUuid)) {
          throw failed('update', 'creating loop in the provider tree is not allowed.');
        }
        changes.root_provider_uuid = newRoot;
        await q.setRootProvider(trx, subtree, newRoot);
      }
      await q.updateProvider(trx, uuid, changes);
      return { ...current, ...changes };
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new CodedConflict(`Conflicting resource provider ${input.name} already exists.`, ErrorCode.duplicateName);
    }
    throw err;
  }
}

/** The provider and every provider below it, from the rows of its tree. */
function subtreeOf(tree: ResourceProviderRow[], uuid: string): string[] {
  const out = [uuid];
  for (let i = 0; i < out.length; i++) {
    for (const row of tree) if (row.parent_provider_uuid === out[i] && !out.includes(row.uuid)) out.push(row.uuid);
  }
  return out;
}

/** DELETE /resource_providers/{uuid}: refused while it has children or allocations. */
export async function deleteResourceProvider(ctx: PlacementContext, uuid: string): Promise<void> {
  await inWriteTransaction(ctx.db, ctx.dialect, async (trx) => {
    const row = (await lockProviders(trx, ctx.dialect, [uuid])).get(uuid);
    if (!row) throw new NotFound(`No resource provider with uuid ${uuid} found for delete`);
    if (await q.hasChildProviders(trx, uuid)) {
      throw new CodedConflict(
        `Unable to delete parent resource provider ${uuid}: It has child resource providers.`,
        ErrorCode.cannotDeleteParent,
      );
    }
    if (await q.hasAllocations(trx, uuid)) {
      throw new CodedConflict(
        `Unable to delete resource provider ${uuid}: Resource provider has allocations.`,
        ErrorCode.providerInUse,
      );
    }
    await q.deleteProvider(trx, uuid);
  });
}
