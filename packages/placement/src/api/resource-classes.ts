// /resource_classes and /resource_classes/{name} (1.2).

import { BadRequest } from '@nubo/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PlacementContext } from '../context.js';
import {
  createResourceClass,
  deleteResourceClass,
  ensureResourceClass,
  getResourceClass,
  listResourceClasses,
  renameResourceClass,
} from '../resource-classes.js';
import {
  cacheHeaders,
  checkAccept,
  enforce,
  latest,
  locationOf,
  requireJson,
  requireVersion,
  versionOf,
} from './common.js';
import { resourceClassBody } from './schemas/resource-classes.js';
import { extractBody, schemaProblem } from './validation.js';
import { resourceClassPath, resourceClassView } from './views/resource-classes.js';

type Params = { name: string };

/** The handlers of /resource_classes. */
export function resourceClassHandlers(ctx: PlacementContext) {
  return {
    async list(request: FastifyRequest, reply: FastifyReply) {
      requireVersion(request, '1.2');
      checkAccept(request);
      enforce(ctx, request, 'placement:resource_classes:list');
      const classes = await listResourceClasses(ctx);
      cacheHeaders(request, reply, latest(classes.map((c) => c.updatedAt)));
      return { resource_classes: classes.map((c) => resourceClassView(ctx, c.name)) };
    },

    async show(request: FastifyRequest, reply: FastifyReply) {
      requireVersion(request, '1.2');
      checkAccept(request);
      enforce(ctx, request, 'placement:resource_classes:show');
      const rc = await getResourceClass(ctx, (request.params as Params).name);
      cacheHeaders(request, reply, rc.updatedAt);
      return resourceClassView(ctx, rc.name);
    },

    async create(request: FastifyRequest, reply: FastifyReply) {
      requireVersion(request, '1.2');
      requireJson(request);
      enforce(ctx, request, 'placement:resource_classes:create');
      const { name } = extractBody(request, resourceClassBody);
      await createResourceClass(ctx, name);
      reply.header('location', locationOf(request, resourceClassPath(ctx, name)));
      return reply.code(201).send();
    },

    async update(request: FastifyRequest, reply: FastifyReply) {
      requireVersion(request, '1.2');
      const { name } = request.params as Params;
      if (!versionOf(request).atLeast('1.7')) {
        // Before 1.7 a PUT renames a custom class.
        requireJson(request);
        enforce(ctx, request, 'placement:resource_classes:update');
        const body = extractBody(request, resourceClassBody);
        const rc = await renameResourceClass(ctx, name, body.name);
        return resourceClassView(ctx, rc.name);
      }
      // From 1.7 a PUT has no body: it creates the class named in the URL unless it exists.
      enforce(ctx, request, 'placement:resource_classes:update');
      const problem = schemaProblem(resourceClassBody, { name });
      if (problem) throw new BadRequest(`JSON does not validate: ${problem}`);
      const created = await ensureResourceClass(ctx, name);
      reply.header('location', locationOf(request, resourceClassPath(ctx, name)));
      return reply.code(created ? 201 : 204).send();
    },

    async delete(request: FastifyRequest, reply: FastifyReply) {
      requireVersion(request, '1.2');
      enforce(ctx, request, 'placement:resource_classes:delete');
      await deleteResourceClass(ctx, (request.params as Params).name);
      return reply.code(204).send();
    },
  };
}
