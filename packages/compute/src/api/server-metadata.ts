// /servers/{id}/metadata and /servers/{id}/metadata/{key}.
import { BadRequest, NotFound } from '@nubo/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ComputeContext } from '../context.js';
import type { InstanceRow } from '../db/tables.js';
import { deleteMetadata, getMetadata, setMetadata } from '../server-metadata.js';
import { getServer } from '../servers.js';
import { callerOf, enforce, validBody } from './common.js';
import { metadataBody, metadataItemBody } from './schemas/server-metadata.js';

type Params = { server_id: string; key: string };

export function serverMetadataRoutes(scope: FastifyInstance, ctx: ComputeContext): void {
  const server = async (request: FastifyRequest, rule: string): Promise<InstanceRow> => {
    const row = await getServer(ctx, callerOf(ctx, request), (request.params as Params).server_id);
    enforce(ctx, request, rule, { project_id: row.project_id });
    return row;
  };

  scope.get('/v2.1/servers/:server_id/metadata', async (request) => {
    const row = await server(request, 'os_compute_api:server-metadata:index');
    return { metadata: await getMetadata(ctx, row) };
  });

  scope.get('/v2.1/servers/:server_id/metadata/:key', async (request) => {
    const row = await server(request, 'os_compute_api:server-metadata:show');
    const { key } = request.params as Params;
    const items = await getMetadata(ctx, row);
    if (!Object.hasOwn(items, key)) throw new NotFound('Metadata item was not found');
    return { meta: { [key]: items[key] } };
  });

  scope.post('/v2.1/servers/:server_id/metadata', async (request) => {
    const body = validBody<{ metadata: Record<string, string> }>(request, metadataBody);
    const row = await server(request, 'os_compute_api:server-metadata:create');
    return { metadata: await setMetadata(ctx, callerOf(ctx, request), row, body.metadata, false, 'update metadata') };
  });

  scope.put('/v2.1/servers/:server_id/metadata', async (request) => {
    const body = validBody<{ metadata: Record<string, string> }>(request, metadataBody);
    const row = await server(request, 'os_compute_api:server-metadata:update_all');
    return { metadata: await setMetadata(ctx, callerOf(ctx, request), row, body.metadata, true, 'update metadata') };
  });

  scope.put('/v2.1/servers/:server_id/metadata/:key', async (request) => {
    const body = validBody<{ meta: Record<string, string> }>(request, metadataItemBody);
    const row = await server(request, 'os_compute_api:server-metadata:update');
    const { key } = request.params as Params;
    if (!Object.hasOwn(body.meta, key)) throw new BadRequest('Request body and URI mismatch');
    await setMetadata(ctx, callerOf(ctx, request), row, body.meta, false, 'update metadata');
    return { meta: body.meta };
  });

  scope.delete('/v2.1/servers/:server_id/metadata/:key', async (request, reply) => {
    const row = await server(request, 'os_compute_api:server-metadata:delete');
    await deleteMetadata(ctx, callerOf(ctx, request), row, (request.params as Params).key);
    reply.code(204).send();
  });
}
