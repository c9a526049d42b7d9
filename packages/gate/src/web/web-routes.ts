// The gate's web pages: /zuul/ redirects to a tenant's status, /zuul/t/<tenant>/… serve one HTML shell whose
// script (/zuul/static/gate-web.js) renders the page the path names.
import type { FastifyInstance } from 'fastify';
import type { GateApiDeps } from '../api/deps.js';
import { escapeHtml } from '../api/logs.js';
import { requireTenant } from '../api/tenant-guard.js';
import { webBundle } from './web-bundle.js';

/** How often the status page polls, in ms (Zuul's dashboard polls every 5 s). */
const POLL_MS = 5000;

function shell(prefix: string, tenant: string, pollMs: number): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(tenant)} · nubo gate</title>
</head>
<body>
<div id="root" data-base="${escapeHtml(prefix)}" data-tenant="${escapeHtml(tenant)}" data-poll-ms="${pollMs}"></div>
<script src="${escapeHtml(prefix)}/static/gate-web.js"></script>
</body>
</html>
`;
}

export function webRoutes(scope: FastifyInstance, deps: GateApiDeps & { prefix: string }): void {
  const open = { config: { public: true } };
  const prefix = deps.prefix;
  scope.get('/', open, async (_request, reply) => {
    const tenants = deps.control.tenants();
    const target =
      tenants.length > 0 ? `${prefix}/t/${encodeURIComponent(tenants[0]!)}/status` : `${prefix}/api/tenants`;
    return reply.redirect(target, 302);
  });
  scope.get<{ Params: { tenant: string } }>('/t/:tenant', open, async (request, reply) =>
    reply.redirect(`${prefix}/t/${encodeURIComponent(request.params.tenant)}/status`, 302),
  );
  scope.get<{ Params: { tenant: string; '*': string }; Querystring: { poll_ms?: string } }>(
    '/t/:tenant/*',
    open,
    async (request, reply) => {
      requireTenant(deps.control, request.params.tenant);
      // ?poll_ms= lets a test (or an impatient operator) poll faster; never below half a second.
      const asked = Number(request.query.poll_ms);
      const pollMs = Number.isFinite(asked) && asked >= 500 ? asked : POLL_MS;
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(shell(prefix, request.params.tenant, pollMs));
    },
  );
  scope.get('/static/gate-web.js', open, async (request, reply) => {
    const bundle = await webBundle();
    reply.header('etag', bundle.etag).header('cache-control', 'no-cache');
    if (request.headers['if-none-match'] === bundle.etag) return reply.code(304).send();
    return reply.type('text/javascript; charset=utf-8').send(bundle.code);
  });
}
