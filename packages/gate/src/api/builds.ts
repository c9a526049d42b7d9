// Zuul's build history: /builds (filters and paging) and /build/{uuid}.
import { NotFound } from '@nubo/core';
import type { FastifyInstance } from 'fastify';
import { findBuild, listBuilds } from '../db/builds.js';
import type { GateApiDeps } from './deps.js';
import { boolParam, itemFilterParams, listParam, pageParams } from './query-params.js';
import { requireTenant } from './tenant-guard.js';
import { buildView } from './views/builds.js';

type Query = Record<string, string | string[] | undefined>;

export function buildRoutes(scope: FastifyInstance, deps: GateApiDeps): void {
  const open = { config: { public: true } };
  scope.get<{ Params: { tenant: string }; Querystring: Query }>('/api/tenant/:tenant/builds', open, async (request) => {
    const { tenant } = request.params;
    requireTenant(deps.control, tenant);
    const q = request.query;
    const rows = await listBuilds(deps.db, {
      tenant,
      ...itemFilterParams(q),
      jobName: listParam(q, 'job_name'),
      voting: boolParam(q, 'voting'),
      final: boolParam(q, 'final'),
      held: boolParam(q, 'held'),
      ...pageParams(q),
    });
    return rows.map((r) => buildView(r.build, r.artifacts, r.buildset));
  });

  scope.get<{ Params: { tenant: string; uuid: string } }>('/api/tenant/:tenant/build/:uuid', open, async (request) => {
    const { tenant, uuid } = request.params;
    requireTenant(deps.control, tenant);
    const found = await findBuild(deps.db, tenant, uuid);
    if (!found) throw new NotFound('Build not found');
    return buildView(found.build, found.artifacts, found.buildset);
  });
}
