// A provider's aggregates as Placement shows them; the generation appears from 1.19.
import type { Microversion } from '@nubo/core';

/** GET and PUT /resource_providers/{uuid}/aggregates. */
export function aggregatesView(
  aggregates: string[],
  generation: number,
  version: Microversion,
): Record<string, unknown> {
  return {
    aggregates,
    ...(version.atLeast('1.19') ? { resource_provider_generation: generation } : {}),
  };
}
