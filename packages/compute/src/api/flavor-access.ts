// /flavors/{id}/os-flavor-access and the addTenantAccess / removeTenantAccess actions on private flavors.
import { BadRequest } from '@nubo/core';
import type { FastifyInstance } from 'fastify';
import type { ComputeContext } from '../context.js';
import { addFlavorAccess, listFlavorAccess, removeFlavorAccess } from '../flavors.js';
import { verifyProjectId } from '../projects.js';
import { atLeast, callerOf, enforce, validBody } from './common.js';
import { addTenantAccessBody, removeTenantAccessBody } from './schemas/flavors.js';

type Params = { flavor_id: string };

/** Nova's `_marshall_flavor_access`. */
function accessView(flavorId: string, projects: string[]) {
  return { flavor_access: projects.map((tenant_id) => ({ flavor_id: flavorId, tenant_id })) };
}

export function flavorAccessRoutes(scope: FastifyInstance, ctx: ComputeContext): void {
  scope.get('/v2.1/flavors/:flavor_id/os-flavor-access', async (request) => {
    const { flavor_id } = request.params as Params;
    enforce(ctx, request, 'os_compute_api:os-flavor-access');
    return accessView(flavor_id, await listFlavorAccess(ctx, callerOf(ctx, request), flavor_id));
  });

  scope.post('/v2.1/flavors/:flavor_id/action', async (request) => {
    const { flavor_id } = request.params as Params;
    const body = request.body as Record<string, unknown> | undefined;
    const caller = callerOf(ctx, request);
    if (body && 'addTenantAccess' in body) {
      enforce(ctx, request, 'os_compute_api:os-flavor-access:add_tenant_access', {});
      const { tenant } = validBody<{ addTenantAccess: { tenant: string } }>(
        request,
        addTenantAccessBody,
      ).addTenantAccess;
      await verifyProjectId(ctx, tenant);
      return accessView(flavor_id, await addFlavorAccess(ctx, caller, flavor_id, tenant, atLeast(request, '2.7')));
    }
    if (body && 'removeTenantAccess' in body) {
      enforce(ctx, request, 'os_compute_api:os-flavor-access:remove_tenant_access', {});
      const { tenant } = validBody<{ removeTenantAccess: { tenant: string } }>(
        request,
        removeTenantAccessBody,
      ).removeTenantAccess;
      // Nova lets a removal through for a project Keystone no longer knows, so stale grants can be cleaned up.
      return accessView(flavor_id, await removeFlavorAccess(ctx, caller, flavor_id, tenant));
    }
    throw new BadRequest(`There is no such action: ${Object.keys(body ?? {})[0] ?? ''}`);
  });
}
