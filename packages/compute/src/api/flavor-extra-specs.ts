// /flavors/{id}/os-extra_specs: list, show, create (merge), update one key, delete one key.
import { BadRequest, NotFound } from '@nubo/core';
import type { FastifyInstance } from 'fastify';
import type { ComputeContext } from '../context.js';
import { deleteExtraSpec, getFlavor, setExtraSpecs } from '../flavors.js';
import { callerOf, enforce, validBody } from './common.js';
import { extraSpecsCreateBody, extraSpecUpdateBody } from './schemas/flavors.js';

type Params = { flavor_id: string; key: string };

export function flavorExtraSpecRoutes(scope: FastifyInstance, ctx: ComputeContext): void {
  scope.get('/v2.1/flavors/:flavor_id/os-extra_specs', async (request) => {
    const { flavor_id } = request.params as Params;
    enforce(ctx, request, 'os_compute_api:os-flavor-extra-specs:index');
    return { extra_specs: (await getFlavor(ctx, callerOf(ctx, request), flavor_id)).extra_specs };
  });

  scope.get('/v2.1/flavors/:flavor_id/os-extra_specs/:key', async (request) => {
    const { flavor_id, key } = request.params as Params;
    enforce(ctx, request, 'os_compute_api:os-flavor-extra-specs:show');
    const flavor = await getFlavor(ctx, callerOf(ctx, request), flavor_id);
    if (!Object.hasOwn(flavor.extra_specs, key)) {
      throw new NotFound(`Flavor ${flavor_id} has no extra specs with key ${key}.`);
    }
    return { [key]: flavor.extra_specs[key] };
  });

  scope.post('/v2.1/flavors/:flavor_id/os-extra_specs', async (request) => {
    const { flavor_id } = request.params as Params;
    enforce(ctx, request, 'os_compute_api:os-flavor-extra-specs:create', {});
    const body = validBody<{ extra_specs: Record<string, string | number> }>(request, extraSpecsCreateBody);
    await setExtraSpecs(ctx, callerOf(ctx, request), flavor_id, body.extra_specs);
    return body;
  });

  scope.put('/v2.1/flavors/:flavor_id/os-extra_specs/:key', async (request) => {
    const { flavor_id, key } = request.params as Params;
    enforce(ctx, request, 'os_compute_api:os-flavor-extra-specs:update', {});
    const body = validBody<Record<string, string | number>>(request, extraSpecUpdateBody);
    if (!Object.hasOwn(body, key)) throw new BadRequest('Request body and URI mismatch');
    await setExtraSpecs(ctx, callerOf(ctx, request), flavor_id, body);
    return body;
  });

  scope.delete('/v2.1/flavors/:flavor_id/os-extra_specs/:key', async (request, reply) => {
    const { flavor_id, key } = request.params as Params;
    enforce(ctx, request, 'os_compute_api:os-flavor-extra-specs:delete', {});
    await deleteExtraSpec(ctx, callerOf(ctx, request), flavor_id, key);
    reply.code(200).send();
  });
}
