// Zuul's job catalogue: /jobs (each job with its variants) and /job/{name} (every variant in full).
import { NotFound } from '@nubo/core';
import type { FastifyInstance } from 'fastify';
import type { GateApiDeps } from './deps.js';
import { tenantLayout } from './tenant-guard.js';
import { jobSummaryView, jobVariantView } from './views/jobs.js';

export function jobRoutes(scope: FastifyInstance, deps: GateApiDeps): void {
  const open = { config: { public: true } };
  scope.get<{ Params: { tenant: string } }>('/api/tenant/:tenant/jobs', open, async (request) => {
    const layout = tenantLayout(deps.control, request.params.tenant);
    if (!layout) return [];
    return [...layout.jobs.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, variants]) => jobSummaryView(name, variants));
  });

  scope.get<{ Params: { tenant: string; name: string } }>('/api/tenant/:tenant/job/:name', open, async (request) => {
    const { tenant, name } = request.params;
    const layout = tenantLayout(deps.control, tenant);
    const variants = layout?.jobs.get(name);
    if (!layout || !variants) throw new NotFound(`Job ${name} does not exist.`);
    return variants.map((v) => jobVariantView(v, layout.tenant.defaultParent));
  });
}
