// The aggregates a resource provider is associated with (by uuid only: Placement does not know what they are).
import type { PlacementContext } from './context.js';
import * as q from './db/aggregates.js';
import { findProvider } from './db/resource-providers.js';
import type { ResourceProviderRow } from './db/tables.js';
import { bumpGeneration, inWriteTransaction, lockProviders } from './db/transaction.js';
import { ConcurrentUpdate, providerNotFound } from './errors.js';

/** A provider with its aggregate uuids. */
export interface ProviderAggregates {
  provider: ResourceProviderRow;
  aggregates: string[];
}

/** GET /resource_providers/{uuid}/aggregates. @throws NotFound for an unknown provider. */
export async function getProviderAggregates(ctx: PlacementContext, uuid: string): Promise<ProviderAggregates> {
  const provider = await findProvider(ctx.db, uuid);
  if (!provider) throw providerNotFound(uuid);
  return { provider, aggregates: await q.providerAggregates(ctx.db, uuid) };
}

/**
 * PUT /resource_providers/{uuid}/aggregates. From 1.19 the caller sends the provider generation: a stale one is a
 * 409 and a successful write bumps it; before 1.19 (`generation` undefined) the generation is neither checked nor
 * changed.
 */
export async function setProviderAggregates(
  ctx: PlacementContext,
  uuid: string,
  aggregates: string[],
  generation: number | undefined,
): Promise<ProviderAggregates> {
  return inWriteTransaction(ctx.db, ctx.dialect, async (trx) => {
    const provider = (await lockProviders(trx, ctx.dialect, [uuid])).get(uuid);
    if (!provider) throw providerNotFound(uuid);
    if (generation !== undefined && provider.generation !== generation) {
      throw new ConcurrentUpdate(
        "Resource provider's generation already changed. Please update the generation and try again.",
      );
    }
    await q.replaceProviderAggregates(trx, uuid, [...new Set(aggregates)]);
    if (generation === undefined) return { provider, aggregates };
    const next = await bumpGeneration(trx, uuid, provider.generation, new Date().toISOString());
    return { provider: { ...provider, generation: next }, aggregates };
  });
}
