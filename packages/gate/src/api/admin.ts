// Zuul's admin calls: enqueue, dequeue, promote and autohold requests. Each needs a token whose roles the gate's
// policy accepts; the scheduler does the work through GateControl.
import { NotFound } from '@nubo/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AutoholdRequest } from '../scheduler/gate-control.js';
import { autoholdBodyOf, itemSelectorOf, promoteBodyOf } from './admin-bodies.js';
import { enforce } from './caller.js';
import type { GateApiDeps } from './deps.js';
import { requireTenant, tenantLayout } from './tenant-guard.js';

/** Zuul's autohold request document. */
export function autoholdView(a: AutoholdRequest): Record<string, unknown> {
  return {
    id: a.id,
    tenant: a.tenant,
    project: a.project,
    job: a.job,
    ref_filter: a.refFilter ?? '.*',
    max_count: a.count,
    current_count: a.currentCount,
    reason: a.reason,
    node_expiration: a.nodeExpiration,
    expired: null,
    nodes: [],
  };
}

/** The project-scoped admin actions (the project route dispatches on the path's last segment). */
export interface AdminActions {
  enqueue(request: FastifyRequest, tenant: string, project: string): Promise<unknown>;
  dequeue(request: FastifyRequest, tenant: string, project: string): Promise<unknown>;
  autohold(request: FastifyRequest, tenant: string, project: string): Promise<unknown>;
  listAutoholds(tenant: string, project?: string): Record<string, unknown>[];
}

function requirePipeline(deps: GateApiDeps, tenant: string, pipeline: string): void {
  const layout = tenantLayout(deps.control, tenant);
  if (!layout?.pipelines.has(pipeline)) throw new NotFound(`Pipeline ${pipeline} does not exist in tenant ${tenant}.`);
}

export function adminActions(deps: GateApiDeps & { policy: NonNullable<GateApiDeps['policy']> }): AdminActions {
  return {
    async enqueue(request, tenant, project) {
      enforce(deps.policy, request, 'gate:enqueue', 'enqueue');
      const item = itemSelectorOf(request.body, project);
      requirePipeline(deps, tenant, item.pipeline);
      await deps.control.enqueue(tenant, item);
      return true;
    },
    async dequeue(request, tenant, project) {
      enforce(deps.policy, request, 'gate:dequeue', 'dequeue');
      const item = itemSelectorOf(request.body, project);
      requirePipeline(deps, tenant, item.pipeline);
      await deps.control.dequeue(tenant, item);
      return true;
    },
    async autohold(request, tenant, project) {
      enforce(deps.policy, request, 'gate:autohold', 'autohold');
      const body = autoholdBodyOf(request.body);
      await deps.control.autohold({
        tenant,
        project,
        job: body.job,
        refFilter: body.refFilter,
        reason: body.reason,
        count: body.count,
        nodeExpiration: body.nodeExpiration,
      });
      return true;
    },
    listAutoholds(tenant, project) {
      return deps.control
        .autoholds(tenant)
        .filter((a) => project === undefined || a.project === project)
        .map(autoholdView);
    },
  };
}

export function adminRoutes(
  scope: FastifyInstance,
  deps: GateApiDeps,
  admin: AdminActions,
  policy: NonNullable<GateApiDeps['policy']>,
): void {
  const open = { config: { public: true } };
  scope.post<{ Params: { tenant: string } }>('/api/tenant/:tenant/promote', async (request) => {
    const { tenant } = request.params;
    requireTenant(deps.control, tenant);
    enforce(policy, request, 'gate:promote', 'promote');
    const body = promoteBodyOf(request.body);
    requirePipeline(deps, tenant, body.pipeline);
    await deps.control.promote(tenant, body.pipeline, body.changes);
    return true;
  });

  scope.get<{ Params: { tenant: string } }>('/api/tenant/:tenant/autohold', open, async (request) => {
    requireTenant(deps.control, request.params.tenant);
    return admin.listAutoholds(request.params.tenant);
  });

  scope.get<{ Params: { tenant: string; id: string } }>('/api/tenant/:tenant/autohold/:id', open, async (request) => {
    const { tenant, id } = request.params;
    requireTenant(deps.control, tenant);
    const found = deps.control.autoholds(tenant).find((a) => a.id === id);
    if (!found) throw new NotFound(`Autohold request ${id} does not exist.`);
    return autoholdView(found);
  });

  scope.delete<{ Params: { tenant: string; id: string } }>(
    '/api/tenant/:tenant/autohold/:id',
    async (request, reply) => {
      const { tenant, id } = request.params;
      requireTenant(deps.control, tenant);
      enforce(policy, request, 'gate:autohold', 'autohold delete');
      if (!(await deps.control.deleteAutohold(tenant, id)))
        throw new NotFound(`Autohold request ${id} does not exist.`);
      return reply.code(204).send();
    },
  );
}
