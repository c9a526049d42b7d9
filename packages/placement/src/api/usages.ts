// /resource_providers/{uuid}/usages and /usages (1.9).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PlacementContext } from '../context.js';
import { getProjectUsages, getProjectUsagesByConsumerType, getProviderUsages } from '../usages.js';
import { cacheHeaders, checkAccept, enforce, requireVersion, versionOf } from './common.js';
import { usagesQuery } from './schemas/usages.js';
import { forVersion, queryValues, validateQuery } from './validation.js';
import { consumerTypeUsagesView, projectUsagesView, providerUsagesView } from './views/usages.js';

/** The handlers of provider usages and GET /usages. */
export function usageHandlers(ctx: PlacementContext) {
  return {
    async forProvider(request: FastifyRequest, reply: FastifyReply) {
      checkAccept(request);
      enforce(ctx, request, 'placement:resource_providers:usages');
      const { provider, usages } = await getProviderUsages(ctx, (request.params as { uuid: string }).uuid);
      // Usage is "now": Placement does not derive last-modified from the allocations.
      cacheHeaders(request, reply);
      return providerUsagesView(provider.generation, usages);
    },

    async total(request: FastifyRequest, reply: FastifyReply) {
      requireVersion(request, '1.9');
      checkAccept(request);
      // The policy target is the project asked about, checked before the query is validated (as upstream).
      const projectId = queryValues(request).get('project_id')?.at(-1) ?? null;
      enforce(ctx, request, 'placement:usages', { project_id: projectId });
      const version = versionOf(request);
      const query = validateQuery(request, forVersion(usagesQuery, version));
      cacheHeaders(request, reply);
      if (version.atLeast('1.38')) {
        return consumerTypeUsagesView(
          await getProjectUsagesByConsumerType(ctx, query.project_id!, query.user_id, query.consumer_type),
        );
      }
      return projectUsagesView(await getProjectUsages(ctx, query.project_id!, query.user_id));
    },
  };
}
