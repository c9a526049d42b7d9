// /flavors: list, detail, show, and the admin's create, description update (2.55) and delete.
import { BadRequest } from '@nubo/core';
import type { FastifyInstance } from 'fastify';
import type { ComputeContext } from '../context.js';
import {
  createFlavor,
  deleteFlavor,
  type FlavorQuery,
  getFlavor,
  listFlavors,
  updateFlavorDescription,
} from '../flavors.js';
import {
  atLeast,
  callerOf,
  can,
  checkQuery,
  collectionLinks,
  enforce,
  limitAndMarker,
  queryLast,
  requireVersion,
  strictBool,
  validBody,
} from './common.js';
import { flavorCreateBody, flavorListQuery, flavorUpdateBody } from './schemas/flavors.js';
import { flavorBasicView, flavorView } from './views/flavors.js';

type Params = { flavor_id: string };

/** Nova's `_parse_is_public`: absent is true, "none" is all, else a strict boolean. */
function parseIsPublic(value: string | undefined): boolean | null {
  if (value === undefined) return true;
  if (value.toLowerCase() === 'none') return null;
  const parsed = strictBool(value);
  if (parsed === undefined) throw new BadRequest(`Invalid is_public filter [${value}]`);
  return parsed;
}

function intFilter(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\s*[-+]?\d+\s*$/.test(value)) throw new BadRequest(`Invalid ${name} filter [${value}]`);
  return Number(value);
}

export function flavorRoutes(scope: FastifyInstance, ctx: ComputeContext): void {
  const list = (detail: boolean) => async (request: import('fastify').FastifyRequest) => {
    checkQuery(request, flavorListQuery);
    const caller = callerOf(ctx, request);
    const { limit, marker } = limitAndMarker(request);
    const query: FlavorQuery = {
      // Only admins choose: everyone else lists public flavors and the private ones granted to their project.
      isPublic: caller.isAdmin ? parseIsPublic(queryLast(request, 'is_public')) : true,
      minRam: intFilter('minRam', queryLast(request, 'minRam')),
      minDisk: intFilter('minDisk', queryLast(request, 'minDisk')),
      sortKey: queryLast(request, 'sort_key') || 'flavorid',
      sortDir: queryLast(request, 'sort_dir') === 'desc' ? 'desc' : 'asc',
      limit,
      ...(marker !== undefined ? { marker } : {}),
    };
    const flavors = await listFlavors(ctx, caller, query);
    const specs = detail && can(ctx, request, 'os_compute_api:os-flavor-extra-specs:index');
    const links = collectionLinks(
      ctx,
      request,
      detail ? 'flavors/detail' : 'flavors',
      flavors.length,
      flavors.at(-1)?.id,
    );
    return {
      flavors: flavors.map((f) => (detail ? flavorView(ctx, request, f, specs) : flavorBasicView(ctx, request, f))),
      ...(links.length > 0 ? { flavors_links: links } : {}),
    };
  };
  scope.get('/v2.1/flavors', list(false));
  scope.get('/v2.1/flavors/detail', list(true));

  scope.get('/v2.1/flavors/:flavor_id', async (request) => {
    const { flavor_id } = request.params as Params;
    const flavor = await getFlavor(ctx, callerOf(ctx, request), flavor_id);
    const specs = can(ctx, request, 'os_compute_api:os-flavor-extra-specs:index');
    return { flavor: flavorView(ctx, request, flavor, specs) };
  });

  scope.post('/v2.1/flavors', async (request) => {
    enforce(ctx, request, 'os_compute_api:os-flavor-manage:create', {});
    const body = validBody<{ flavor: Record<string, unknown> }>(request, flavorCreateBody).flavor;
    const isPublic = body['os-flavor-access:is_public'];
    const flavor = await createFlavor(ctx, {
      name: String(body.name),
      id: body.id === undefined || body.id === null ? null : String(body.id),
      ram: Number(body.ram),
      vcpus: Number(body.vcpus),
      disk: Number(body.disk),
      ephemeral: Number(body['OS-FLV-EXT-DATA:ephemeral'] ?? 0),
      swap: Number(body.swap ?? 0),
      rxtxFactor: Number(body.rxtx_factor ?? 1),
      isPublic: isPublic === undefined ? true : (strictBool(isPublic) ?? true),
      description: atLeast(request, '2.55') ? ((body.description as string | null | undefined) ?? null) : null,
    });
    // Nova answers this create with 200, not 201.
    const specs = can(ctx, request, 'os_compute_api:os-flavor-extra-specs:index');
    return { flavor: flavorView(ctx, request, flavor, specs) };
  });

  scope.put('/v2.1/flavors/:flavor_id', async (request) => {
    const { flavor_id } = request.params as Params;
    requireVersion(request, '2.55');
    enforce(ctx, request, 'os_compute_api:os-flavor-manage:update', {});
    const body = validBody<{ flavor: { description: string | null } }>(request, flavorUpdateBody);
    const flavor = await updateFlavorDescription(ctx, callerOf(ctx, request), flavor_id, body.flavor.description);
    const specs = can(ctx, request, 'os_compute_api:os-flavor-extra-specs:index');
    return { flavor: flavorView(ctx, request, flavor, specs) };
  });

  scope.delete('/v2.1/flavors/:flavor_id', async (request, reply) => {
    const { flavor_id } = request.params as Params;
    enforce(ctx, request, 'os_compute_api:os-flavor-manage:delete', {});
    await deleteFlavor(ctx, flavor_id);
    reply.code(202).send();
  });
}
