// /resource_providers/{uuid}/aggregates (1.1).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { getProviderAggregates, setProviderAggregates } from '../aggregates.js';
import type { PlacementContext } from '../context.js';
import { getResourceProvider } from '../resource-providers.js';
import { cacheHeaders, checkAccept, enforce, requireJson, requireVersion, versionOf } from './common.js';
import { aggregatesBody } from './schemas/aggregates.js';
import { extractBody, forVersion } from './validation.js';
import { aggregatesView } from './views/aggregates.js';

type Params = { uuid: string };

/** The handlers of /resource_providers/{uuid}/aggregates. */
export function aggregateHandlers(ctx: PlacementContext) {
  return {
    async list(request: FastifyRequest, reply: FastifyReply) {
      checkAccept(request);
      requireVersion(request, '1.1');
      enforce(ctx, request, 'placement:resource_providers:aggregates:list');
      const { provider, aggregates } = await getProviderAggregates(ctx, (request.params as Params).uuid);
      // Placement records no time for an association, so last-modified is now.
      cacheHeaders(request, reply);
      return aggregatesView(aggregates, provider.generation, versionOf(request));
    },

    async update(request: FastifyRequest, reply: FastifyReply) {
      requireJson(request);
      requireVersion(request, '1.1');
      enforce(ctx, request, 'placement:resource_providers:aggregates:update');
      const version = versionOf(request);
      const { uuid } = request.params as Params;
      await getResourceProvider(ctx, uuid);
      const body = extractBody(request, forVersion(aggregatesBody, version)) as
        | string[]
        | { aggregates: string[]; resource_provider_generation: number };
      // 1.19 sends {aggregates, resource_provider_generation} and gets a conflict check; before, a bare list.
      const [aggregates, generation] = Array.isArray(body)
        ? [body, undefined]
        : [body.aggregates, body.resource_provider_generation];
      const result = await setProviderAggregates(ctx, uuid, aggregates, generation);
      cacheHeaders(request, reply);
      return aggregatesView(result.aggregates, result.provider.generation, version);
    },
  };
}
