// /traits, /traits/{name} and /resource_providers/{uuid}/traits (1.6).
import { BadRequest } from '@nubo/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PlacementContext } from '../context.js';
import {
  deleteProviderTraits,
  deleteTrait,
  ensureTrait,
  getProviderTraits,
  getTrait,
  listTraits,
  setProviderTraits,
  type TraitFilters,
} from '../traits.js';
import { apiPath, cacheHeaders, checkAccept, enforce, locationOf, requireJson, requireVersion } from './common.js';
import { customTrait, listTraitsQuery, providerTraitsBody } from './schemas/traits.js';
import { extractBody, schemaProblem, validateQuery } from './validation.js';
import { providerTraitsView, traitsView } from './views/traits.js';

type NameParams = { name: string };
type ProviderParams = { uuid: string };

/** `name=in:A,B` or `name=startswith:PREFIX`; another operator filters nothing, as upstream. */
function nameFilter(value: string): TraitFilters {
  const colon = value.indexOf(':');
  if (colon < 0) {
    throw new BadRequest(
      'Badly formatted name parameter. Expected name query string parameter in form: ' +
        `?name=[in|startswith]:[name1,name2|prefix]. Got: "${value}"`,
    );
  }
  const [op, operand] = [value.slice(0, colon), value.slice(colon + 1)];
  if (op === 'in') return { nameIn: operand.split(',') };
  if (op === 'startswith') return { prefix: operand };
  return {};
}

/** The handlers of /traits and /resource_providers/{uuid}/traits. */
export function traitHandlers(ctx: PlacementContext) {
  return {
    async list(request: FastifyRequest, reply: FastifyReply) {
      requireVersion(request, '1.6');
      checkAccept(request);
      enforce(ctx, request, 'placement:traits:list');
      const query = validateQuery(request, listTraitsQuery);
      let filters: TraitFilters = query.name !== undefined ? nameFilter(query.name) : {};
      if (query.associated !== undefined) {
        const associated = query.associated.toLowerCase();
        if (associated !== 'true' && associated !== 'false') {
          throw new BadRequest('The query parameter "associated" only accepts "true" or "false"');
        }
        filters = { ...filters, associated: associated === 'true' };
      }
      const traits = await listTraits(ctx, filters);
      cacheHeaders(request, reply);
      return traitsView(traits);
    },

    async show(request: FastifyRequest, reply: FastifyReply) {
      requireVersion(request, '1.6');
      enforce(ctx, request, 'placement:traits:show');
      await getTrait(ctx, (request.params as NameParams).name);
      cacheHeaders(request, reply);
      return reply.code(204).send();
    },

    async put(request: FastifyRequest, reply: FastifyReply) {
      requireVersion(request, '1.6');
      enforce(ctx, request, 'placement:traits:update');
      const { name } = request.params as NameParams;
      if (schemaProblem(customTrait, name)) {
        throw new BadRequest(
          'The trait is invalid. A valid trait must be no longer than 255 characters, start with the prefix ' +
            '"CUSTOM_" and use following characters: "A"-"Z", "0"-"9" and "_"',
        );
      }
      const created = await ensureTrait(ctx, name);
      reply.header('location', locationOf(request, apiPath(ctx, `/traits/${name}`)));
      cacheHeaders(request, reply);
      return reply.code(created ? 201 : 204).send();
    },

    async delete(request: FastifyRequest, reply: FastifyReply) {
      requireVersion(request, '1.6');
      enforce(ctx, request, 'placement:traits:delete');
      await deleteTrait(ctx, (request.params as NameParams).name);
      return reply.code(204).send();
    },

    async listForProvider(request: FastifyRequest, reply: FastifyReply) {
      requireVersion(request, '1.6');
      checkAccept(request);
      enforce(ctx, request, 'placement:resource_providers:traits:list');
      const { provider, traits } = await getProviderTraits(ctx, (request.params as ProviderParams).uuid);
      cacheHeaders(request, reply);
      return providerTraitsView(traits, provider.generation);
    },

    async updateForProvider(request: FastifyRequest, reply: FastifyReply) {
      requireVersion(request, '1.6');
      requireJson(request);
      enforce(ctx, request, 'placement:resource_providers:traits:update');
      const body = extractBody(request, providerTraitsBody);
      const { provider, traits } = await setProviderTraits(
        ctx,
        (request.params as ProviderParams).uuid,
        body.resource_provider_generation,
        body.traits,
      );
      cacheHeaders(request, reply);
      return providerTraitsView(traits, provider.generation);
    },

    async deleteForProvider(request: FastifyRequest, reply: FastifyReply) {
      requireVersion(request, '1.6');
      enforce(ctx, request, 'placement:resource_providers:traits:delete');
      await deleteProviderTraits(ctx, (request.params as ProviderParams).uuid);
      return reply.code(204).send();
    },
  };
}
