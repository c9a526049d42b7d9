// Allocations: what consumers hold on providers, written with a capacity check and generation compare-and-swaps
// in one transaction, so that concurrent writers can never overcommit a provider.
import { BadRequest, Conflict, isUniqueViolation, NotFound } from '@nubo/core';
import type { PlacementContext } from './context.js';
import * as q from './db/allocations.js';
import { inventoriesOfProviders } from './db/inventories.js';
import { findProvider } from './db/resource-providers.js';
import type { AllocationRow, ConsumerRow, ResourceProviderRow } from './db/tables.js';
import { bumpGeneration, inWriteTransaction, lockProviders, type PlacementTransaction } from './db/transaction.js';
import { ConcurrentUpdate, ProviderConcurrentUpdate } from './errors.js';
import { missingResourceClasses } from './resource-classes.js';

/** The allocations one consumer should hold after a write. */
export interface ConsumerAllocations {
  consumer: string;
  projectId: string;
  userId: string;
  /** From 1.28: null when the caller believes the consumer is new, else its generation. Undefined: not checked. */
  consumerGeneration?: number | null;
  /** From 1.38. Undefined keeps the consumer's type (null for a new consumer: shown as `unknown`). */
  consumerType?: string;
  /** provider uuid → resource class → amount. Empty removes every allocation of the consumer. */
  allocations: Map<string, Map<string, number>>;
}

const CONCURRENT = 'Inventory and/or allocations changed while attempting to allocate: ';

const pyValue = (v: number | null | undefined) => (v === null || v === undefined ? 'None' : String(v));

/**
 * PUT /allocations/{consumer_uuid} and POST /allocations: replaces the allocations of every consumer named.
 * Everything happens in one transaction that locks the providers involved (in uuid order), checks
 * used + requested ≤ (total − reserved) × allocation_ratio and min_unit/max_unit/step_size, writes, and bumps each
 * provider generation with a compare-and-swap. A lost swap is retried (allocation_conflict_retry_count times) and
 * then reported as a 409 placement.concurrent_update.
 *
 * @throws ConcurrentUpdate (409) on a stale consumer generation or a concurrent write.
 * @throws BadRequest (400) for a provider or resource class that does not exist.
 * @throws Conflict (409) when an amount does not fit.
 */
export async function replaceAllocations(ctx: PlacementContext, writes: ConsumerAllocations[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await inWriteTransaction(ctx.db, ctx.dialect, (trx) => writeAllocations(ctx, trx, writes));
      return;
    } catch (err) {
      if (err instanceof ProviderConcurrentUpdate) {
        if (attempt < ctx.config.allocationConflictRetryCount) continue;
        throw new ConcurrentUpdate(`${CONCURRENT}${err.message}`);
      }
      // Two writers creating the same consumer: the loser sees the winner's row.
      if (isUniqueViolation(err)) {
        throw new ConcurrentUpdate(
          `${CONCURRENT}Another thread concurrently updated the data. Please retry your update`,
        );
      }
      throw err;
    }
  }
}

async function writeAllocations(
  ctx: PlacementContext,
  trx: PlacementTransaction,
  writes: ConsumerAllocations[],
): Promise<void> {
  const sorted = [...writes].sort((a, b) => (a.consumer < b.consumer ? -1 : a.consumer > b.consumer ? 1 : 0));
  const consumerUuids = sorted.map((w) => w.consumer);
  const consumers = new Map((await q.findConsumers(trx, consumerUuids)).map((c) => [c.uuid, c]));
  for (const w of sorted) checkConsumerGeneration(w, consumers.get(w.consumer));

  const previous = await q.allocationsOfConsumers(trx, consumerUuids);
  const wanted = sorted.flatMap((w) =>
    [...w.allocations].flatMap(([provider, resources]) =>
      [...resources].map(([resourceClass, used]) => ({ consumer: w.consumer, provider, resourceClass, used })),
    ),
  );
  const locked = await lockProviders(trx, ctx.dialect, [
    ...previous.map((a) => a.resource_provider_uuid),
    ...wanted.map((a) => a.provider),
  ]);
  for (const a of wanted) {
    if (!locked.has(a.provider)) {
      throw new BadRequest(`Allocation for resource provider '${a.provider}' that does not exist.`);
    }
  }
  const unknown = await missingResourceClasses(
    trx,
    wanted.map((a) => a.resourceClass),
  );
  if (unknown.length > 0) {
    const consumer = wanted.find((a) => a.resourceClass === unknown[0])?.consumer;
    throw new BadRequest(
      `Unable to allocate inventory for consumer ${consumer}: No such resource class ${unknown[0]}.`,
    );
  }

  const providers = [...locked.keys()];
  const classes = [...new Set(wanted.map((a) => a.resourceClass))];
  const before = await q.usageSums(trx, providers, classes);
  await q.deleteAllocationsOfConsumers(trx, consumerUuids);
  await checkCapacity(trx, wanted, before, await q.usageSums(trx, providers, classes));

  const now = new Date().toISOString();
  await q.insertAllocations(
    trx,
    wanted.map(
      (a): AllocationRow => ({
        consumer_uuid: a.consumer,
        resource_provider_uuid: a.provider,
        resource_class: a.resourceClass,
        used: a.used,
        created_at: now,
      }),
    ),
  );
  // The providers written to, and those of consumers emptied, change generation (Placement's replace_all).
  const emptied = new Set(sorted.filter((w) => w.allocations.size === 0).map((w) => w.consumer));
  const touched = new Set([
    ...wanted.map((a) => a.provider),
    ...previous.filter((a) => emptied.has(a.consumer_uuid)).map((a) => a.resource_provider_uuid),
  ]);
  for (const uuid of [...touched].sort()) {
    await bumpGeneration(trx, uuid, (locked.get(uuid) as ResourceProviderRow).generation, now);
  }
  for (const w of sorted) await saveConsumer(trx, w, consumers.get(w.consumer), now);
}

function checkConsumerGeneration(write: ConsumerAllocations, existing: ConsumerRow | undefined): void {
  if (write.consumerGeneration === undefined) return;
  const expected = existing ? existing.generation : null;
  if (expected !== write.consumerGeneration) {
    throw new ConcurrentUpdate(
      `consumer generation conflict - expected ${pyValue(expected)} but got ${pyValue(write.consumerGeneration)}`,
    );
  }
}

/** Placement's _check_capacity_exceeded, over the usage with the consumers' own allocations already removed. */
async function checkCapacity(
  trx: PlacementTransaction,
  wanted: { provider: string; resourceClass: string; used: number }[],
  before: Map<string, number>,
  after: Map<string, number>,
): Promise<void> {
  const inventories = await inventoriesOfProviders(trx, [...new Set(wanted.map((a) => a.provider))]);
  const needed = new Map<string, number>();
  for (const a of wanted) {
    const key = `${a.provider}|${a.resourceClass}`;
    const inventory = inventories.get(key);
    if (!inventory) {
      throw new Conflict(
        `Unable to allocate inventory: Inventory for '${a.resourceClass}' on resource provider '${a.provider}' invalid.`,
      );
    }
    const refuse = (why: string) =>
      new Conflict(
        `Unable to allocate inventory: Unable to create allocation for '${a.resourceClass}' on resource provider ` +
          `'${a.provider}'. The requested amount would ${why}.`,
      );
    if (a.used < inventory.min_unit || a.used > inventory.max_unit || a.used % inventory.step_size !== 0) {
      throw refuse('violate inventory constraints');
    }
    needed.set(key, (needed.get(key) ?? 0) + a.used);
    const used = after.get(key) ?? 0;
    const capacity = (inventory.total - inventory.reserved) * Number(inventory.allocation_ratio);
    if (capacity < used + a.used || capacity < used + needed.get(key)!) {
      // Over capacity is tolerated when the write leaves the provider no worse off than it was.
      const prior = before.get(key);
      if (prior === undefined || used + needed.get(key)! > prior) throw refuse('exceed the capacity');
    }
  }
}

async function saveConsumer(
  trx: PlacementTransaction,
  write: ConsumerAllocations,
  existing: ConsumerRow | undefined,
  now: string,
): Promise<void> {
  if (existing) {
    const swapped = await q.updateConsumer(
      trx,
      {
        uuid: write.consumer,
        project_id: write.projectId,
        user_id: write.userId,
        consumer_type: write.consumerType ?? existing.consumer_type,
        updated_at: now,
      },
      existing.generation,
    );
    if (!swapped) {
      throw new ConcurrentUpdate(`${CONCURRENT}Another thread concurrently updated the data. Please retry your update`);
    }
    // A consumer left without allocations is forgotten (its generation starts again from null).
    if (write.allocations.size === 0) await q.deleteConsumers(trx, [write.consumer]);
    return;
  }
  if (write.allocations.size === 0) return;
  await q.insertConsumer(trx, {
    uuid: write.consumer,
    project_id: write.projectId,
    user_id: write.userId,
    consumer_type: write.consumerType ?? null,
    // Created at 0 and bumped by the write, as Placement does: the first write leaves generation 1.
    generation: 1,
    created_at: now,
    updated_at: now,
  });
}

/** The allocations of one consumer, grouped by provider with each provider's generation. */
export interface ConsumerAllocationView {
  consumer: ConsumerRow | undefined;
  byProvider: Map<string, { generation: number; resources: Map<string, number> }>;
}

/** GET /allocations/{consumer_uuid}: never a 404, an unknown consumer simply has none. */
export async function getConsumerAllocations(ctx: PlacementContext, consumer: string): Promise<ConsumerAllocationView> {
  const rows = await q.allocationsOfConsumer(ctx.db, consumer);
  const byProvider: ConsumerAllocationView['byProvider'] = new Map();
  for (const r of rows) {
    const entry = byProvider.get(r.resource_provider_uuid) ?? {
      generation: r.resource_provider_generation,
      resources: new Map<string, number>(),
    };
    entry.resources.set(r.resource_class, r.used);
    byProvider.set(r.resource_provider_uuid, entry);
  }
  return { consumer: rows.length > 0 ? await q.findConsumer(ctx.db, consumer) : undefined, byProvider };
}

/** The allocations against one provider, grouped by consumer with each consumer's generation. */
export interface ProviderAllocationView {
  provider: ResourceProviderRow;
  byConsumer: Map<string, { generation: number | null; resources: Map<string, number> }>;
}

/** GET /resource_providers/{uuid}/allocations. @throws NotFound for an unknown provider. */
export async function getProviderAllocations(ctx: PlacementContext, uuid: string): Promise<ProviderAllocationView> {
  const provider = await findProvider(ctx.db, uuid);
  if (!provider) {
    throw new NotFound(`Resource provider '${uuid}' not found: No resource provider with uuid ${uuid} found`);
  }
  const byConsumer: ProviderAllocationView['byConsumer'] = new Map();
  for (const r of await q.allocationsOnProvider(ctx.db, uuid)) {
    const entry = byConsumer.get(r.consumer_uuid) ?? {
      generation: r.consumer_generation,
      resources: new Map<string, number>(),
    };
    entry.resources.set(r.resource_class, r.used);
    byConsumer.set(r.consumer_uuid, entry);
  }
  return { provider, byConsumer };
}

/** DELETE /allocations/{consumer_uuid}: removes them all (unsafe against concurrent writers, as upstream says). */
export async function deleteConsumerAllocations(ctx: PlacementContext, consumer: string): Promise<void> {
  await inWriteTransaction(ctx.db, ctx.dialect, async (trx) => {
    const rows = await q.allocationsOfConsumers(trx, [consumer]);
    if (rows.length === 0) throw new NotFound(`No allocations for consumer '${consumer}'`);
    await q.deleteAllocationsOfConsumers(trx, [consumer]);
    await q.deleteConsumers(trx, [consumer]);
  });
}
