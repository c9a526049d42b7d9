// Zuul's project routes: /projects, /project/{name}, and the admin calls under a project (enqueue, dequeue,
// autohold). Project names contain slashes, so everything after `project/` is matched as one wildcard.
import { NotFound } from '@nubo/core';
import type { FastifyInstance } from 'fastify';
import type { Layout } from '../model/layout.js';
import type { TenantProject } from '../model/tenant.js';
import type { AdminActions } from './admin.js';
import type { GateApiDeps } from './deps.js';
import { requireTenant, tenantLayout } from './tenant-guard.js';
import { canonicalName, projectSummaryView, projectView } from './views/projects.js';

type ProjectParams = { Params: { tenant: string; '*': string } };

const ACTIONS = ['enqueue', 'dequeue', 'autohold'] as const;

/** The tenant project named by its name or canonical name (404 otherwise). */
export function findProject(layout: Layout | null, tenant: string, name: string): TenantProject {
  const project = layout?.tenant.projects.find((p) => p.name === name || canonicalName(p) === name);
  if (!project) throw new NotFound(`Project ${name} does not exist in tenant ${tenant}.`);
  return project;
}

export function projectRoutes(scope: FastifyInstance, deps: GateApiDeps, admin: AdminActions): void {
  scope.get<{ Params: { tenant: string } }>(
    '/api/tenant/:tenant/projects',
    { config: { public: true } },
    async (request) => {
      const layout = tenantLayout(deps.control, request.params.tenant);
      return (layout?.tenant.projects ?? [])
        .map(projectSummaryView)
        .sort((a, b) => String(a.name).localeCompare(String(b.name)));
    },
  );

  scope.get<ProjectParams>('/api/tenant/:tenant/project/*', { config: { public: true } }, async (request) => {
    const { tenant } = request.params;
    const path = request.params['*'];
    const layout = tenantLayout(deps.control, tenant);
    // Zuul's older GET …/project/{p}/autohold lists the project's autohold requests.
    if (path.endsWith('/autohold') && !layout?.tenant.projects.some((p) => p.name === path)) {
      const project = findProject(layout, tenant, path.slice(0, -'/autohold'.length));
      return admin.listAutoholds(tenant, project.name);
    }
    const project = findProject(layout, tenant, path);
    return projectView(project, layout!);
  });

  scope.post<ProjectParams>('/api/tenant/:tenant/project/*', async (request) => {
    const { tenant } = request.params;
    const path = request.params['*'];
    requireTenant(deps.control, tenant);
    const slash = path.lastIndexOf('/');
    const action = path.slice(slash + 1) as (typeof ACTIONS)[number];
    if (slash <= 0 || !ACTIONS.includes(action)) throw new NotFound('The resource could not be found.');
    const project = findProject(deps.control.layout(tenant), tenant, path.slice(0, slash));
    return admin[action](request, tenant, project.name);
  });
}
