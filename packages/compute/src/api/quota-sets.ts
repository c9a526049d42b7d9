// /os-quota-sets/{project_id}: show, detail (limit, in_use, reserved), defaults, update and revert (delete).
import { BadRequest } from '@nubo/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { ComputeContext } from '../context.js';
import { verifyProjectId } from '../projects.js';
import {
  defaultQuotas,
  INJECTED_FILE_RESOURCES,
  NETWORK_RESOURCES,
  QUOTA_RESOURCES,
  type QuotaResource,
  quotaLimits,
  quotaUsage,
  revertQuotas,
  updateQuotas,
} from '../quotas.js';
import { atLeast, boolFromString, checkQuery, enforce, queryLast, validBody } from './common.js';
import { boolean } from './schemas/parameter-types.js';

type Params = { project_id: string };

/** The resources a microversion still shows (network proxies go in 2.36, injected files in 2.57). */
function shown(request: FastifyRequest): QuotaResource[] {
  return QUOTA_RESOURCES.filter(
    (r) =>
      !(atLeast(request, '2.36') && NETWORK_RESOURCES.includes(r)) &&
      !(atLeast(request, '2.57') && INJECTED_FILE_RESOURCES.includes(r)),
  );
}

const limit = Type.Union([Type.Integer({ minimum: -1, maximum: 0x7fffffff }), Type.String({ pattern: '^-?[0-9]+$' })]);

function updateSchema(resources: readonly string[], withNetworks: boolean) {
  const properties: Record<string, typeof limit | typeof boolean> = { force: boolean };
  for (const r of resources) properties[r] = limit;
  if (withNetworks) properties.networks = limit;
  return Type.Object(
    { quota_set: Type.Object(properties, { required: [], additionalProperties: false }) },
    { required: ['quota_set'], additionalProperties: false },
  );
}

const updateBodies = {
  v21: updateSchema(QUOTA_RESOURCES, true),
  v236: updateSchema(
    QUOTA_RESOURCES.filter((r) => !NETWORK_RESOURCES.includes(r)),
    false,
  ),
  v257: updateSchema(
    QUOTA_RESOURCES.filter((r) => !NETWORK_RESOURCES.includes(r) && !INJECTED_FILE_RESOURCES.includes(r)),
    false,
  ),
};

export function quotaSetRoutes(scope: FastifyInstance, ctx: ComputeContext): void {
  const query = (request: FastifyRequest) => checkQuery(request, { known: ['user_id'], strictFrom: '2.75' });
  const pick = (request: FastifyRequest, values: Record<QuotaResource, unknown>) =>
    Object.fromEntries(shown(request).map((r) => [r, values[r]]));

  scope.get('/v2.1/os-quota-sets/:project_id', async (request) => {
    const { project_id } = request.params as Params;
    query(request);
    enforce(ctx, request, 'os_compute_api:os-quota-sets:show', { project_id });
    await verifyProjectId(ctx, project_id);
    return { quota_set: { id: project_id, ...pick(request, await quotaLimits(ctx, project_id)) } };
  });

  scope.get('/v2.1/os-quota-sets/:project_id/detail', async (request) => {
    const { project_id } = request.params as Params;
    query(request);
    enforce(ctx, request, 'os_compute_api:os-quota-sets:detail', { project_id });
    await verifyProjectId(ctx, project_id);
    const limits = await quotaLimits(ctx, project_id);
    const usage = await quotaUsage(ctx, project_id, queryLast(request, 'user_id'));
    const detail = Object.fromEntries(
      QUOTA_RESOURCES.map((r) => [r, { limit: limits[r], in_use: usage[r], reserved: 0 }]),
    ) as Record<QuotaResource, unknown>;
    return { quota_set: { id: project_id, ...pick(request, detail) } };
  });

  scope.get('/v2.1/os-quota-sets/:project_id/defaults', async (request) => {
    const { project_id } = request.params as Params;
    enforce(ctx, request, 'os_compute_api:os-quota-sets:defaults', { project_id });
    await verifyProjectId(ctx, project_id);
    return { quota_set: { id: project_id, ...pick(request, defaultQuotas(ctx)) } };
  });

  scope.put('/v2.1/os-quota-sets/:project_id', async (request) => {
    const { project_id } = request.params as Params;
    const schema = atLeast(request, '2.57')
      ? updateBodies.v257
      : atLeast(request, '2.36')
        ? updateBodies.v236
        : updateBodies.v21;
    const body = validBody<{ quota_set: Record<string, unknown> }>(request, schema).quota_set;
    query(request);
    enforce(ctx, request, 'os_compute_api:os-quota-sets:update', { project_id });
    await verifyProjectId(ctx, project_id);
    if ('networks' in body) throw new BadRequest('The networks quota has been removed');
    const requested: Partial<Record<QuotaResource, number>> = {};
    for (const [key, value] of Object.entries(body)) {
      if (key === 'force' || value === null || value === '') continue;
      requested[key as QuotaResource] = Number(value);
    }
    const limits = await updateQuotas(ctx, project_id, requested, boolFromString(body.force ?? false));
    // Nova's update answer has no `id`.
    return { quota_set: pick(request, limits) };
  });

  scope.delete('/v2.1/os-quota-sets/:project_id', async (request, reply) => {
    const { project_id } = request.params as Params;
    query(request);
    enforce(ctx, request, 'os_compute_api:os-quota-sets:delete', { project_id });
    await revertQuotas(ctx, project_id);
    reply.code(202).send();
  });
}
