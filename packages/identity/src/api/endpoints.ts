// /v3/endpoints
import type { FastifyInstance } from 'fastify';
import type { IdentityContext } from '../context.js';
import { listEndpoints } from '../db/catalog.js';
import { createEndpoint, deleteEndpoint, type EndpointInput, getEndpoint, updateEndpoint } from '../endpoints.js';
import { collectionLinks, enforce, member, queryOf, splitExtra } from './common.js';
import { endpointCreateBody, endpointListQuery, endpointParams, endpointUpdateBody } from './schemas/catalog.js';
import { endpointView } from './views/catalog.js';

// `legacy_endpoint_id` is Keystone-internal (v2 migration) and never stored from a request.
const fields = [
  'id',
  'interface',
  'url',
  'service_id',
  'region_id',
  'region',
  'enabled',
  'legacy_endpoint_id',
] as const;

function endpointInput(body: unknown): EndpointInput {
  const { known, extra } = splitExtra(member(body, 'endpoint'), fields);
  delete known.legacy_endpoint_id;
  return { ...(known as Omit<EndpointInput, 'extra'>), extra };
}

/** GET/POST /v3/endpoints and GET/PATCH/DELETE /v3/endpoints/{endpoint_id}. */
export function endpointRoutes(scope: FastifyInstance, ctx: IdentityContext): void {
  scope.get('/v3/endpoints', { schema: { querystring: endpointListQuery } }, async (request) => {
    enforce(ctx, request, 'identity:list_endpoints');
    const query = queryOf(request);
    const rows = await listEndpoints(ctx.db, {
      interface: query.interface,
      serviceId: query.service_id,
      regionId: query.region_id,
    });
    return { endpoints: rows.map((r) => endpointView(ctx, r)), links: collectionLinks(ctx, request) };
  });
  scope.post('/v3/endpoints', { schema: { body: endpointCreateBody } }, async (request, reply) => {
    enforce(ctx, request, 'identity:create_endpoint');
    const { id: _ignored, ...input } = endpointInput(request.body);
    const row = await createEndpoint(ctx, input);
    reply.code(201);
    return { endpoint: endpointView(ctx, row) };
  });
  scope.get('/v3/endpoints/:endpoint_id', { schema: { params: endpointParams } }, async (request) => {
    enforce(ctx, request, 'identity:get_endpoint');
    const { endpoint_id } = request.params as { endpoint_id: string };
    return { endpoint: endpointView(ctx, await getEndpoint(ctx, endpoint_id)) };
  });
  scope.patch(
    '/v3/endpoints/:endpoint_id',
    { schema: { params: endpointParams, body: endpointUpdateBody } },
    async (request) => {
      enforce(ctx, request, 'identity:update_endpoint');
      const { endpoint_id } = request.params as { endpoint_id: string };
      const row = await updateEndpoint(ctx, endpoint_id, endpointInput(request.body));
      return { endpoint: endpointView(ctx, row) };
    },
  );
  scope.delete('/v3/endpoints/:endpoint_id', { schema: { params: endpointParams } }, async (request, reply) => {
    enforce(ctx, request, 'identity:delete_endpoint');
    const { endpoint_id } = request.params as { endpoint_id: string };
    await deleteEndpoint(ctx, endpoint_id);
    reply.code(204).send();
  });
}
