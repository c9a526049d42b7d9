// /v2.0/quotas: list (projects with limits of their own), show, defaults, details (limit, used, reserved), update
// and reset (Neutron api-ref "Quotas extension").
import type { FastifyInstance } from 'fastify';
import { authorize } from '../authorize.js';
import type { NetworkContext } from '../context.js';
import { NeutronBadRequest } from '../errors.js';
import {
  defaultLimits,
  limitsOf,
  listProjectLimits,
  QUOTA_RESOURCES,
  type QuotaResource,
  resetLimits,
  setLimits,
  usageOf,
} from '../quotas.js';
import { callerOf } from './l3-request.js';

type Params = { project_id: string };

/** The `quota` body of an update: known resources, integers of −1 or more. */
function quotaBody(body: unknown): Partial<Record<QuotaResource, number>> {
  const quota = (body as { quota?: unknown } | null)?.quota;
  if (quota === null || typeof quota !== 'object' || Array.isArray(quota)) {
    throw new NeutronBadRequest('HTTPBadRequest', "Unable to find 'quota' in request body");
  }
  const out: Partial<Record<QuotaResource, number>> = {};
  for (const [key, value] of Object.entries(quota as Record<string, unknown>)) {
    if (!(QUOTA_RESOURCES as readonly string[]).includes(key)) {
      throw new NeutronBadRequest('HTTPBadRequest', `Unrecognized attribute(s) '${key}'`);
    }
    const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
    if (!Number.isInteger(n) || (n as number) < -1) {
      throw new NeutronBadRequest(
        'HTTPBadRequest',
        `Invalid input for ${key}. Reason: '${String(value)}' is not an integer or is less than -1.`,
      );
    }
    out[key as QuotaResource] = n as number;
  }
  return out;
}

export function quotaRoutes(scope: FastifyInstance, ctx: NetworkContext): void {
  const target = (projectId: string) => ({ project_id: projectId, tenant_id: projectId });

  scope.get('/v2.0/quotas', async (request) => {
    const caller = callerOf(ctx, request);
    authorize(ctx, caller, 'get_quota', target(caller.projectId));
    const rows = await listProjectLimits(ctx, caller);
    return { quotas: rows.map((r) => ({ ...r.limits, project_id: r.projectId, tenant_id: r.projectId })) };
  });

  scope.get('/v2.0/quotas/:project_id', async (request) => {
    const { project_id } = request.params as Params;
    authorize(ctx, callerOf(ctx, request), 'get_quota', target(project_id));
    return { quota: await limitsOf(ctx, project_id) };
  });

  scope.get('/v2.0/quotas/:project_id/default', async (request) => {
    const { project_id } = request.params as Params;
    authorize(ctx, callerOf(ctx, request), 'get_quota', target(project_id));
    return { quota: defaultLimits(ctx) };
  });

  scope.get('/v2.0/quotas/:project_id/details', async (request) => {
    const { project_id } = request.params as Params;
    authorize(ctx, callerOf(ctx, request), 'get_quota', target(project_id));
    const [limits, used] = await Promise.all([limitsOf(ctx, project_id), usageOf(ctx.db, project_id)]);
    return {
      quota: Object.fromEntries(QUOTA_RESOURCES.map((r) => [r, { limit: limits[r], used: used[r], reserved: 0 }])),
    };
  });

  scope.put('/v2.0/quotas/:project_id', async (request) => {
    const { project_id } = request.params as Params;
    authorize(ctx, callerOf(ctx, request), 'update_quota', target(project_id));
    return { quota: await setLimits(ctx, project_id, quotaBody(request.body)) };
  });

  scope.delete('/v2.0/quotas/:project_id', async (request, reply) => {
    const { project_id } = request.params as Params;
    authorize(ctx, callerOf(ctx, request), 'delete_quota', target(project_id));
    await resetLimits(ctx, project_id);
    reply.code(204).send();
  });
}
