// /allocations (1.13), /allocations/{consumer_uuid} and /resource_providers/{uuid}/allocations.
import { BadRequest, type Microversion } from '@nubo/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  type ConsumerAllocations,
  deleteConsumerAllocations,
  getConsumerAllocations,
  getProviderAllocations,
  replaceAllocations,
} from '../allocations.js';
import type { PlacementContext } from '../context.js';
import { normalizeUuid } from '../resource-providers.js';
import { cacheHeaders, checkAccept, enforce, requireJson, requireVersion, versionOf } from './common.js';
import { consumerAllocationsBody, manyAllocationsBody } from './schemas/allocations.js';
import { isUuidLike } from './schemas/common.js';
import { extractBody, forVersion } from './validation.js';
import { consumerAllocationsView, providerAllocationsView } from './views/allocations.js';

/** The body of one consumer in any microversion's form, after validation. */
interface AllocationsBody {
  allocations:
    | { resource_provider: { uuid: string }; resources: Record<string, number> }[]
    | Record<string, { resources: Record<string, number> }>;
  project_id?: string;
  user_id?: string;
  consumer_generation?: number | null;
  consumer_type?: string;
}

/** A validated body as the domain wants it, filling in what older microversions do not send. */
function toWrite(
  ctx: PlacementContext,
  consumer: string,
  body: AllocationsBody,
  version: Microversion,
): ConsumerAllocations {
  const entries = Array.isArray(body.allocations)
    ? body.allocations.map((a) => [a.resource_provider.uuid, a.resources] as const)
    : Object.entries(body.allocations).map(([uuid, a]) => [uuid, a.resources] as const);
  // Before 1.8 no project or user is sent: Placement records its "incomplete consumer" ids.
  const incomplete = body.project_id === undefined;
  return {
    consumer,
    projectId: incomplete ? ctx.config.incompleteConsumerProjectId : body.project_id!,
    userId: incomplete ? ctx.config.incompleteConsumerUserId : body.user_id!,
    consumerGeneration: version.atLeast('1.28') ? (body.consumer_generation ?? null) : undefined,
    consumerType: version.atLeast('1.38') ? body.consumer_type : undefined,
    allocations: new Map(entries.map(([uuid, resources]) => [uuid, new Map(Object.entries(resources))])),
  };
}

/** The handlers of /allocations, /allocations/{consumer_uuid} and a provider's allocations. */
export function allocationHandlers(ctx: PlacementContext) {
  return {
    async show(request: FastifyRequest, reply: FastifyReply) {
      checkAccept(request);
      enforce(ctx, request, 'placement:allocations:list');
      const view = await getConsumerAllocations(ctx, (request.params as { consumer_uuid: string }).consumer_uuid);
      cacheHeaders(request, reply);
      return consumerAllocationsView(view, versionOf(request));
    },

    async put(request: FastifyRequest, reply: FastifyReply) {
      requireJson(request);
      enforce(ctx, request, 'placement:allocations:update');
      const version = versionOf(request);
      const { consumer_uuid } = request.params as { consumer_uuid: string };
      if (!isUuidLike(consumer_uuid)) throw new BadRequest(`Malformed consumer_uuid: ${consumer_uuid}`);
      const body = extractBody(request, forVersion(consumerAllocationsBody, version)) as AllocationsBody;
      await replaceAllocations(ctx, [toWrite(ctx, normalizeUuid(consumer_uuid), body, version)]);
      return reply.code(204).send();
    },

    async post(request: FastifyRequest, reply: FastifyReply) {
      requireVersion(request, '1.13');
      requireJson(request);
      enforce(ctx, request, 'placement:allocations:manage');
      const version = versionOf(request);
      const body = extractBody(request, forVersion(manyAllocationsBody, version)) as unknown as Record<
        string,
        AllocationsBody
      >;
      await replaceAllocations(
        ctx,
        Object.entries(body).map(([consumer, allocations]) => toWrite(ctx, consumer, allocations, version)),
      );
      return reply.code(204).send();
    },

    async delete(request: FastifyRequest, reply: FastifyReply) {
      enforce(ctx, request, 'placement:allocations:delete');
      await deleteConsumerAllocations(ctx, (request.params as { consumer_uuid: string }).consumer_uuid);
      return reply.code(204).send();
    },

    async listForProvider(request: FastifyRequest, reply: FastifyReply) {
      checkAccept(request);
      enforce(ctx, request, 'placement:resource_providers:allocations:list');
      const view = await getProviderAllocations(ctx, (request.params as { uuid: string }).uuid);
      cacheHeaders(request, reply);
      return providerAllocationsView(view, versionOf(request));
    },
  };
}
