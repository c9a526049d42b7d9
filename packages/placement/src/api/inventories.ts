// /resource_providers/{uuid}/inventories and /resource_providers/{uuid}/inventories/{resource_class}.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import type { PlacementContext } from '../context.js';
import {
  createInventory,
  deleteAllInventories,
  deleteInventory,
  getInventory,
  INVENTORY_DEFAULTS,
  type InventoryInput,
  listInventories,
  replaceInventories,
  updateInventory,
} from '../inventories.js';
import { getResourceProvider } from '../resource-providers.js';
import {
  apiPath,
  cacheHeaders,
  checkAccept,
  enforce,
  latest,
  locationOf,
  requireJson,
  requireVersion,
  versionOf,
} from './common.js';
import { createInventoryBody, inventoriesBody, inventoryBody } from './schemas/inventories.js';
import { extractBody } from './validation.js';
import { inventoriesView, inventoryView } from './views/inventories.js';

type Params = { uuid: string; resource_class: string };

/** The record with Placement's defaults for what the body left out. */
function withDefaults(body: Partial<InventoryInput> & { total: number }): InventoryInput {
  return {
    total: body.total,
    reserved: body.reserved ?? INVENTORY_DEFAULTS.reserved,
    min_unit: body.min_unit ?? INVENTORY_DEFAULTS.min_unit,
    max_unit: body.max_unit ?? INVENTORY_DEFAULTS.max_unit,
    step_size: body.step_size ?? INVENTORY_DEFAULTS.step_size,
    allocation_ratio: body.allocation_ratio ?? INVENTORY_DEFAULTS.allocation_ratio,
  };
}

/** The handlers of /resource_providers/{uuid}/inventories[/{resource_class}]. */
export function inventoryHandlers(ctx: PlacementContext) {
  return {
    async list(request: FastifyRequest, reply: FastifyReply) {
      checkAccept(request);
      enforce(ctx, request, 'placement:resource_providers:inventories:list');
      const { provider, inventories } = await listInventories(ctx, (request.params as Params).uuid);
      cacheHeaders(request, reply, latest(inventories.map((i) => i.updated_at)));
      return inventoriesView(provider.generation, inventories);
    },

    async show(request: FastifyRequest, reply: FastifyReply) {
      checkAccept(request);
      enforce(ctx, request, 'placement:resource_providers:inventories:show');
      const { uuid, resource_class } = request.params as Params;
      const { provider, inventory } = await getInventory(ctx, uuid, resource_class);
      cacheHeaders(request, reply, inventory.updated_at);
      return inventoryView(inventory, provider.generation);
    },

    async create(request: FastifyRequest, reply: FastifyReply) {
      requireJson(request);
      enforce(ctx, request, 'placement:resource_providers:inventories:create');
      const { uuid } = request.params as Params;
      await getResourceProvider(ctx, uuid);
      const body = extractBody(request, createInventoryBody);
      const { provider, inventory } = await createInventory(
        ctx,
        uuid,
        body.resource_class,
        withDefaults(body),
        versionOf(request),
      );
      const path = apiPath(ctx, `/resource_providers/${uuid}/inventories/${body.resource_class}`);
      reply.header('location', locationOf(request, path));
      cacheHeaders(request, reply, inventory.updated_at);
      return reply.code(201).send(inventoryView(inventory, provider.generation));
    },

    async replace(request: FastifyRequest, reply: FastifyReply) {
      requireJson(request);
      enforce(ctx, request, 'placement:resource_providers:inventories:update');
      const { uuid } = request.params as Params;
      await getResourceProvider(ctx, uuid);
      const body: Static<typeof inventoriesBody> = extractBody(request, inventoriesBody);
      const wanted = new Map(Object.entries(body.inventories).map(([rc, inv]) => [rc, withDefaults(inv)]));
      const { provider, inventories } = await replaceInventories(
        ctx,
        uuid,
        body.resource_provider_generation,
        wanted,
        versionOf(request),
      );
      cacheHeaders(request, reply, latest(inventories.map((i) => i.updated_at)));
      return inventoriesView(provider.generation, inventories);
    },

    async update(request: FastifyRequest, reply: FastifyReply) {
      requireJson(request);
      enforce(ctx, request, 'placement:resource_providers:inventories:update');
      const { uuid, resource_class } = request.params as Params;
      await getResourceProvider(ctx, uuid);
      const body = extractBody(request, inventoryBody);
      const { provider, inventory } = await updateInventory(
        ctx,
        uuid,
        resource_class,
        body.resource_provider_generation,
        withDefaults(body),
        versionOf(request),
      );
      cacheHeaders(request, reply, inventory.updated_at);
      return inventoryView(inventory, provider.generation);
    },

    async delete(request: FastifyRequest, reply: FastifyReply) {
      enforce(ctx, request, 'placement:resource_providers:inventories:delete');
      const { uuid, resource_class } = request.params as Params;
      await deleteInventory(ctx, uuid, resource_class);
      return reply.code(204).send();
    },

    async deleteAll(request: FastifyRequest, reply: FastifyReply) {
      // Before 1.5 the method does not exist on this URL: a 405, not a 404.
      requireVersion(request, '1.5', 405);
      enforce(ctx, request, 'placement:resource_providers:inventories:delete');
      await deleteAllInventories(ctx, (request.params as Params).uuid);
      return reply.code(204).send();
    },
  };
}
