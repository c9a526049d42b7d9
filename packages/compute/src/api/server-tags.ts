// /servers/{id}/tags (2.26): list, replace, check, add, delete one, delete all.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { ComputeContext } from '../context.js';
import { findInstance } from '../db/instances.js';
import type { InstanceRow } from '../db/tables.js';
import { checkTag, getTags, putTag, putTags, removeTag, removeTags } from '../server-tags.js';
import { serverNotFound } from '../servers.js';
import { enforce, requireVersion, validBody } from './common.js';
import { tag } from './schemas/parameter-types.js';

type Params = { server_id: string; tag: string };

/** PUT /servers/{id}/tags. */
const tagsBody = Type.Object(
  { tags: Type.Array(tag, { maxItems: 50 }) },
  { required: ['tags'], additionalProperties: false },
);

export function serverTagRoutes(scope: FastifyInstance, ctx: ComputeContext): void {
  /**
   * Nova finds the server through its instance mapping, which knows every project, and then checks the policy
   * against the server's project: another project's server is a 403 here, not a 404.
   */
  const server = async (request: FastifyRequest, rule: string): Promise<InstanceRow> => {
    requireVersion(request, '2.26');
    const id = (request.params as Params).server_id;
    const row = await findInstance(ctx.db, id);
    if (!row) throw serverNotFound(id);
    enforce(ctx, request, rule, { project_id: row.project_id });
    return row;
  };

  scope.get('/v2.1/servers/:server_id/tags', async (request) => {
    const row = await server(request, 'os_compute_api:os-server-tags:index');
    return { tags: await getTags(ctx, row) };
  });

  scope.put('/v2.1/servers/:server_id/tags', async (request) => {
    requireVersion(request, '2.26');
    const body = validBody<{ tags: string[] }>(request, tagsBody);
    const row = await server(request, 'os_compute_api:os-server-tags:update_all');
    return { tags: await putTags(ctx, row, body.tags) };
  });

  scope.delete('/v2.1/servers/:server_id/tags', async (request, reply) => {
    const row = await server(request, 'os_compute_api:os-server-tags:delete_all');
    await removeTags(ctx, row);
    reply.code(204).send();
  });

  scope.get('/v2.1/servers/:server_id/tags/:tag', async (request, reply) => {
    const row = await server(request, 'os_compute_api:os-server-tags:show');
    await checkTag(ctx, row, (request.params as Params).tag);
    reply.code(204).send();
  });

  scope.put('/v2.1/servers/:server_id/tags/:tag', async (request, reply) => {
    const row = await server(request, 'os_compute_api:os-server-tags:update');
    const name = (request.params as Params).tag;
    if (await putTag(ctx, row, name)) {
      reply.code(201).header('location', `${ctx.baseUrl}/servers/${row.id}/tags/${encodeURIComponent(name)}`);
    } else {
      reply.code(204);
    }
    reply.send();
  });

  scope.delete('/v2.1/servers/:server_id/tags/:tag', async (request, reply) => {
    const row = await server(request, 'os_compute_api:os-server-tags:delete');
    await removeTag(ctx, row, (request.params as Params).tag);
    reply.code(204).send();
  });
}
