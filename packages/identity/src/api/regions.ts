// /v3/regions
import { BadRequest } from '@nubo/core';
import type { FastifyInstance } from 'fastify';
import type { IdentityContext } from '../context.js';
import { listRegions } from '../db/catalog.js';
import { createRegion, deleteRegion, getRegion, type RegionInput, updateRegion } from '../regions.js';
import { collectionLinks, enforce, member, queryOf, splitExtra } from './common.js';
import { regionCreateBody, regionParams, regionUpdateBody } from './schemas/catalog.js';
import { regionView } from './views/catalog.js';

const fields = ['id', 'description', 'parent_region_id'] as const;

function regionInput(body: unknown): RegionInput {
  const { known, extra } = splitExtra(member(body, 'region'), fields);
  return { ...(known as Omit<RegionInput, 'extra'>), extra };
}

/** GET/POST /v3/regions and GET/PUT/PATCH/DELETE /v3/regions/{region_id}. */
export function regionRoutes(scope: FastifyInstance, ctx: IdentityContext): void {
  scope.get('/v3/regions', async (request) => {
    enforce(ctx, request, 'identity:list_regions');
    const rows = await listRegions(ctx.db, { parentRegionId: queryOf(request).parent_region_id });
    return { regions: rows.map((r) => regionView(ctx, r)), links: collectionLinks(ctx, request) };
  });
  scope.post('/v3/regions', { schema: { body: regionCreateBody } }, async (request, reply) => {
    enforce(ctx, request, 'identity:create_region');
    const row = await createRegion(ctx, regionInput(request.body));
    reply.code(201);
    return { region: regionView(ctx, row) };
  });
  scope.get('/v3/regions/:region_id', { schema: { params: regionParams } }, async (request) => {
    enforce(ctx, request, 'identity:get_region');
    const { region_id } = request.params as { region_id: string };
    return { region: regionView(ctx, await getRegion(ctx, region_id)) };
  });
  // Creating with the id in the URL (api-ref "Create region": the supported way to choose an id).
  scope.put(
    '/v3/regions/:region_id',
    { schema: { params: regionParams, body: regionCreateBody } },
    async (request, reply) => {
      enforce(ctx, request, 'identity:create_region');
      const { region_id } = request.params as { region_id: string };
      const input = regionInput(request.body);
      if (input.id !== undefined && input.id !== region_id) {
        throw new BadRequest(`Conflicting region IDs specified: "${region_id}" != "${input.id}"`);
      }
      const row = await createRegion(ctx, { ...input, id: region_id });
      reply.code(201);
      return { region: regionView(ctx, row) };
    },
  );
  scope.patch(
    '/v3/regions/:region_id',
    { schema: { params: regionParams, body: regionUpdateBody } },
    async (request) => {
      enforce(ctx, request, 'identity:update_region');
      const { region_id } = request.params as { region_id: string };
      const row = await updateRegion(ctx, region_id, regionInput(request.body));
      return { region: regionView(ctx, row) };
    },
  );
  scope.delete('/v3/regions/:region_id', { schema: { params: regionParams } }, async (request, reply) => {
    enforce(ctx, request, 'identity:delete_region');
    const { region_id } = request.params as { region_id: string };
    await deleteRegion(ctx, region_id);
    reply.code(204).send();
  });
}
