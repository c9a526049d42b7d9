// Zuul's buildset history: /buildsets (filters and paging) and /buildset/{uuid} with its builds and events.
import { NotFound } from '@nubo/core';
import type { FastifyInstance } from 'fastify';
import { buildsOfBuildset } from '../db/builds.js';
import { eventsOfBuildset, findBuildset, listBuildsets } from '../db/buildsets.js';
import type { GateApiDeps } from './deps.js';
import { itemFilterParams, pageParams } from './query-params.js';
import { requireTenant } from './tenant-guard.js';
import { buildsetView } from './views/builds.js';

type Query = Record<string, string | string[] | undefined>;

export function buildsetRoutes(scope: FastifyInstance, deps: GateApiDeps): void {
  const open = { config: { public: true } };
  scope.get<{ Params: { tenant: string }; Querystring: Query }>(
    '/api/tenant/:tenant/buildsets',
    open,
    async (request) => {
      const { tenant } = request.params;
      requireTenant(deps.control, tenant);
      const q = request.query;
      const rows = await listBuildsets(deps.db, {
        tenant,
        ...itemFilterParams(q),
        ...pageParams(q),
      });
      return rows.map((r) => buildsetView(r));
    },
  );

  scope.get<{ Params: { tenant: string; uuid: string } }>(
    '/api/tenant/:tenant/buildset/:uuid',
    open,
    async (request) => {
      const { tenant, uuid } = request.params;
      requireTenant(deps.control, tenant);
      const buildset = await findBuildset(deps.db, tenant, uuid);
      if (!buildset) throw new NotFound('Buildset not found');
      const [builds, events] = await Promise.all([buildsOfBuildset(deps.db, uuid), eventsOfBuildset(deps.db, uuid)]);
      return buildsetView(buildset, builds, events);
    },
  );
}
