// /v3/services
import type { FastifyInstance } from 'fastify';
import type { IdentityContext } from '../context.js';
import {
  createService,
  deleteService,
  getService,
  listServices,
  type ServiceInput,
  updateService,
} from '../services.js';
import { collectionLinks, enforce, member, queryOf, splitExtra } from './common.js';
import { serviceCreateBody, serviceParams, serviceUpdateBody } from './schemas/catalog.js';
import { serviceView } from './views/catalog.js';

// `id` is read only to refuse a change of it; Keystone assigns a new id on create whatever the body says.
const fields = ['id', 'type', 'enabled'] as const;

function serviceInput(body: unknown): ServiceInput {
  const { known, extra } = splitExtra(member(body, 'service'), fields);
  return { ...(known as Omit<ServiceInput, 'extra'>), extra };
}

/** GET/POST /v3/services and GET/PATCH/DELETE /v3/services/{service_id}. */
export function serviceRoutes(scope: FastifyInstance, ctx: IdentityContext): void {
  scope.get('/v3/services', async (request) => {
    enforce(ctx, request, 'identity:list_services');
    const query = queryOf(request);
    const rows = await listServices(ctx, { type: query.type, name: query.name });
    return { services: rows.map((r) => serviceView(ctx, r)), links: collectionLinks(ctx, request) };
  });
  scope.post('/v3/services', { schema: { body: serviceCreateBody } }, async (request, reply) => {
    enforce(ctx, request, 'identity:create_service');
    const { id: _ignored, ...input } = serviceInput(request.body);
    const row = await createService(ctx, input);
    reply.code(201);
    return { service: serviceView(ctx, row) };
  });
  scope.get('/v3/services/:service_id', { schema: { params: serviceParams } }, async (request) => {
    enforce(ctx, request, 'identity:get_service');
    const { service_id } = request.params as { service_id: string };
    return { service: serviceView(ctx, await getService(ctx, service_id)) };
  });
  scope.patch(
    '/v3/services/:service_id',
    { schema: { params: serviceParams, body: serviceUpdateBody } },
    async (request) => {
      enforce(ctx, request, 'identity:update_service');
      const { service_id } = request.params as { service_id: string };
      const row = await updateService(ctx, service_id, serviceInput(request.body));
      return { service: serviceView(ctx, row) };
    },
  );
  scope.delete('/v3/services/:service_id', { schema: { params: serviceParams } }, async (request, reply) => {
    enforce(ctx, request, 'identity:delete_service');
    const { service_id } = request.params as { service_id: string };
    await deleteService(ctx, service_id);
    reply.code(204).send();
  });
}
