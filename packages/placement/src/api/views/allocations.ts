// Allocations as Placement shows them, by consumer (1.12 adds project and user, 1.28 the consumer generation,
// 1.38 its type) or by provider (1.28 adds each consumer's generation).
import type { Microversion } from '@nubo/core';
import type { ConsumerAllocationView, ProviderAllocationView } from '../../allocations.js';
import { UNKNOWN_CONSUMER_TYPE } from '../../usages.js';

/** GET /allocations/{consumer_uuid}. */
export function consumerAllocationsView(view: ConsumerAllocationView, version: Microversion): Record<string, unknown> {
  const body: Record<string, unknown> = {
    allocations: Object.fromEntries(
      [...view.byProvider].map(([uuid, a]) => [
        uuid,
        { resources: Object.fromEntries(a.resources), generation: a.generation },
      ]),
    ),
  };
  if (view.consumer && version.atLeast('1.12')) {
    body.project_id = view.consumer.project_id;
    body.user_id = view.consumer.user_id;
    if (version.atLeast('1.28')) body.consumer_generation = view.consumer.generation;
    if (version.atLeast('1.38')) body.consumer_type = view.consumer.consumer_type ?? UNKNOWN_CONSUMER_TYPE;
  }
  return body;
}

/** GET /resource_providers/{uuid}/allocations. */
export function providerAllocationsView(view: ProviderAllocationView, version: Microversion): Record<string, unknown> {
  return {
    allocations: Object.fromEntries(
      [...view.byConsumer].map(([consumer, a]) => [
        consumer,
        {
          resources: Object.fromEntries(a.resources),
          ...(version.atLeast('1.28') ? { consumer_generation: a.generation } : {}),
        },
      ]),
    ),
    resource_provider_generation: view.provider.generation,
  };
}
