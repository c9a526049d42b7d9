// Zuul's informational routes: /api/info, /api/tenants, /api/tenant/{t}/info, the live status and the pipelines.
import type { FastifyInstance } from 'fastify';
import type { StatusItem } from '../status/tenant-status.js';
import type { GateApiDeps } from './deps.js';
import type { StatusEstimator } from './status-estimates.js';
import { requireTenant, tenantLayout } from './tenant-guard.js';

type TenantParams = { Params: { tenant: string } };

/** What the dashboard learns about the server: nubo has a job history, no stats server, and token auth. */
function infoBody(deps: GateApiDeps, tenant?: string): Record<string, unknown> {
  const info: Record<string, unknown> = {
    capabilities: {
      job_history: true,
      auth: { realms: {}, default_realm: null, read_protected: false },
    },
    stats: { url: null, prefix: null, type: 'graphite' },
    websocket_url: null,
    version: deps.version,
  };
  if (tenant !== undefined) info.tenant = tenant;
  return { info };
}

export function tenantRoutes(scope: FastifyInstance, deps: GateApiDeps, estimator: StatusEstimator): void {
  const open = { config: { public: true } };
  scope.get('/api/info', open, async () => infoBody(deps));

  scope.get('/api/tenants', open, async () =>
    deps.control.tenants().map((name) => {
      const layout = deps.control.layout(name);
      const status = deps.control.status(name);
      const queued = status
        ? status.pipelines.reduce((n, p) => n + p.change_queues.reduce((m, q) => m + q.heads.flat().length, 0), 0)
        : 0;
      return { name, projects: layout?.tenant.projects.length ?? 0, queue: queued };
    }),
  );

  scope.get<TenantParams>('/api/tenant/:tenant/info', open, async (request) => {
    requireTenant(deps.control, request.params.tenant);
    return infoBody(deps, request.params.tenant);
  });

  scope.get<TenantParams>('/api/tenant/:tenant/status', open, async (request, reply) => {
    const { tenant } = request.params;
    requireTenant(deps.control, tenant);
    // A tenant without a layout yet (its configuration is broken from the start) has empty pipelines.
    const status = deps.control.status(tenant) ?? {
      zuul_version: deps.version ?? '',
      last_reconfigured: 0,
      pipelines: [],
    };
    // The status changes every few seconds; let no cache hold it longer than Zuul's dashboard polls.
    reply.header('cache-control', 'public, max-age=1');
    return estimator.complete(tenant, status);
  });

  scope.get<{ Params: { tenant: string; change: string } }>(
    '/api/tenant/:tenant/status/change/:change',
    open,
    async (request) => {
      const { tenant, change } = request.params;
      requireTenant(deps.control, tenant);
      const status = deps.control.status(tenant);
      if (!status) return [];
      const completed = await estimator.complete(tenant, status);
      const items: StatusItem[] = [];
      for (const p of completed.pipelines)
        for (const q of p.change_queues)
          for (const item of q.heads.flat()) if (matchesChange(item, change)) items.push(item);
      return items;
    },
  );

  scope.get<TenantParams>('/api/tenant/:tenant/pipelines', open, async (request) => {
    const layout = tenantLayout(deps.control, request.params.tenant);
    if (!layout) return [];
    return [...layout.pipelines.values()].map((p) => ({
      name: p.name,
      manager: p.manager,
      description: p.description,
      triggers: p.triggers.map((t) => ({ name: t.connection, driver: t.connection })),
    }));
  });
}

/** Zuul's `/status/change/{change}` accepts `123` or `123,1`. */
function matchesChange(item: StatusItem, change: string): boolean {
  if (item.change === null) return false;
  const [number, patchset] = change.split(',');
  if (String(item.change) !== number) return false;
  return patchset === undefined || String(item.patchset) === patchset;
}
