// /resource_providers and /resource_providers/{uuid}.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PlacementContext } from '../context.js';
import {
  createResourceProvider,
  deleteResourceProvider,
  getResourceProvider,
  listResourceProviders,
  type ProviderFilters,
  updateResourceProvider,
} from '../resource-providers.js';
import { apiPath, cacheHeaders, checkAccept, enforce, latest, locationOf, requireJson, versionOf } from './common.js';
import { parseMemberOf, parseRequired, parseResources } from './query-params.js';
import { createProviderBody, listProvidersQuery, updateProviderBody } from './schemas/resource-providers.js';
import { extractBody, forVersion, queryValues, validateQuery } from './validation.js';
import { providerView } from './views/resource-providers.js';

type Params = { uuid: string };

/** The handlers of /resource_providers and /resource_providers/{uuid}. */
export function resourceProviderHandlers(ctx: PlacementContext) {
  return {
    async list(request: FastifyRequest, reply: FastifyReply) {
      checkAccept(request);
      enforce(ctx, request, 'placement:resource_providers:list');
      const version = versionOf(request);
      const query = validateQuery(request, forVersion(listProvidersQuery, version));
      const all = queryValues(request);
      const filters: ProviderFilters = { uuid: query.uuid, name: query.name, inTree: query.in_tree };
      if (query.resources !== undefined) filters.resources = parseResources(query.resources);
      if (all.has('member_of')) {
        const aggregates = parseMemberOf(all.get('member_of')!, version);
        filters.memberOf = aggregates.memberOf;
        filters.forbiddenAggregates = aggregates.forbidden;
      }
      if (all.has('required')) {
        const traits = parseRequired(all.get('required')!, version);
        filters.requiredTraits = traits.required;
        filters.forbiddenTraits = traits.forbidden;
      }
      const rows = await listResourceProviders(ctx, filters);
      cacheHeaders(request, reply, latest(rows.map((r) => r.updated_at)));
      return { resource_providers: rows.map((r) => providerView(ctx, r, version)) };
    },

    async show(request: FastifyRequest, reply: FastifyReply) {
      checkAccept(request);
      enforce(ctx, request, 'placement:resource_providers:show');
      const row = await getResourceProvider(ctx, (request.params as Params).uuid);
      cacheHeaders(request, reply, row.updated_at);
      return providerView(ctx, row, versionOf(request));
    },

    async create(request: FastifyRequest, reply: FastifyReply) {
      requireJson(request);
      enforce(ctx, request, 'placement:resource_providers:create');
      const version = versionOf(request);
      const body = extractBody(request, forVersion(createProviderBody, version)) as {
        name: string;
        uuid?: string;
        parent_provider_uuid?: string | null;
      };
      const row = await createResourceProvider(ctx, {
        name: body.name,
        uuid: body.uuid,
        parentUuid: body.parent_provider_uuid,
      });
      reply.header('location', locationOf(request, apiPath(ctx, `/resource_providers/${row.uuid}`)));
      // 1.20 answers 200 with the provider; before, 201 with no body.
      if (!version.atLeast('1.20')) return reply.code(201).send();
      cacheHeaders(request, reply, row.updated_at);
      return providerView(ctx, row, version);
    },

    async update(request: FastifyRequest, reply: FastifyReply) {
      requireJson(request);
      enforce(ctx, request, 'placement:resource_providers:update');
      const version = versionOf(request);
      const { uuid } = request.params as Params;
      await getResourceProvider(ctx, uuid);
      const body = extractBody(request, forVersion(updateProviderBody, version)) as {
        name: string;
        parent_provider_uuid?: string | null;
      };
      const row = await updateResourceProvider(
        ctx,
        uuid,
        { name: body.name, parentUuid: body.parent_provider_uuid },
        version.atLeast('1.37'),
      );
      cacheHeaders(request, reply, row.updated_at);
      return providerView(ctx, row, version);
    },

    async delete(request: FastifyRequest, reply: FastifyReply) {
      enforce(ctx, request, 'placement:resource_providers:delete');
      await deleteResourceProvider(ctx, (request.params as Params).uuid);
      return reply.code(204).send();
    },
  };
}
