// Zuul's /config-errors: what the tenant's configuration got wrong, with file and line; `project` and `branch`
// filter as in Zuul.
import type { FastifyInstance } from 'fastify';
import type { GateApiDeps } from './deps.js';
import { listParam } from './query-params.js';
import { requireTenant } from './tenant-guard.js';
import { configErrorView } from './views/config-errors.js';

type Query = Record<string, string | string[] | undefined>;

export function configErrorRoutes(scope: FastifyInstance, deps: GateApiDeps): void {
  scope.get<{ Params: { tenant: string }; Querystring: Query }>(
    '/api/tenant/:tenant/config-errors',
    { config: { public: true } },
    async (request) => {
      const { tenant } = request.params;
      requireTenant(deps.control, tenant);
      const projects = listParam(request.query, 'project');
      const branches = listParam(request.query, 'branch');
      return deps.control
        .configErrors(tenant)
        .filter((e) => !projects || (e.project !== undefined && projects.includes(e.project)))
        .filter((e) => !branches || (e.branch !== undefined && branches.includes(e.branch)))
        .map(configErrorView);
    },
  );
}
