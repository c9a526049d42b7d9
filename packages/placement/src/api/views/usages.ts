// Usages as Placement shows them: per provider with its generation, per project flat or by consumer type (1.38).
import type { ConsumerTypeUsage } from '../../usages.js';

/** GET /resource_providers/{uuid}/usages. */
export function providerUsagesView(generation: number, usages: Map<string, number>): Record<string, unknown> {
  return { resource_provider_generation: generation, usages: Object.fromEntries(usages) };
}

/** GET /usages before 1.38. */
export function projectUsagesView(usages: Map<string, number>): Record<string, unknown> {
  return { usages: Object.fromEntries(usages) };
}

/** GET /usages from 1.38: one entry per consumer type, each with its consumer_count. */
export function consumerTypeUsagesView(byType: Map<string, ConsumerTypeUsage>): Record<string, unknown> {
  return {
    usages: Object.fromEntries(
      [...byType].map(([type, u]) => [type, { ...Object.fromEntries(u.usages), consumer_count: u.consumerCount }]),
    ),
  };
}
