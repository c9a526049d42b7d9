// The gate's HTTP face under /zuul: Zuul's REST API (/zuul/api/…), build logs (/zuul/logs/…), the live console
// (server-sent events) and the web pages (/zuul/t/<tenant>/status …). Reads are public, as Zuul's are; admin calls
// need a nubo Identity token (X-Auth-Token) that the gate's policy accepts.
import { PolicyEngine, registerService } from '@nubo/core';
import type { FastifyInstance } from 'fastify';
import { gatePolicyRules } from '../policies/index.js';
import { webRoutes } from '../web/web-routes.js';
import { adminActions, adminRoutes } from './admin.js';
import { buildRoutes } from './builds.js';
import { buildsetRoutes } from './buildsets.js';
import { configErrorRoutes } from './config-errors.js';
import { consoleStreamRoutes } from './console-stream.js';
import { GATE_PREFIX, type GateApiDeps } from './deps.js';
import { renderGateFault } from './faults.js';
import { freezeJobRoutes } from './freeze-jobs.js';
import { jobRoutes } from './jobs.js';
import { logRoutes } from './logs.js';
import { projectRoutes } from './projects.js';
import { StatusEstimator } from './status-estimates.js';
import { tenantRoutes } from './tenants.js';

/** nubo's gate version, as `/api/info` and the status report give it. */
export const GATE_VERSION = 'nubo-gate 0.1.0';

/**
 * Registers the gate's API, logs, console stream and pages on `app` under `deps.prefix` (default `/zuul`).
 *
 * @example await registerGateApi(app, { control: scheduler, db, tokens: deps.tokens, logRoot });
 */
export async function registerGateApi(app: FastifyInstance, deps: GateApiDeps): Promise<void> {
  const prefix = deps.prefix ?? GATE_PREFIX;
  const policy = deps.policy ?? new PolicyEngine(gatePolicyRules);
  const full = { ...deps, prefix, policy, version: deps.version ?? GATE_VERSION };
  const estimator = new StatusEstimator(deps.db, deps.estimateCacheMs ?? 30_000);
  const admin = adminActions(full);
  await registerService(app, {
    prefix,
    fault: renderGateFault,
    tokens: deps.tokens,
    routes: (scope) => {
      // Zuul's API answers every read with a wildcard CORS header, so dashboards on other origins can read it.
      scope.addHook('onRequest', async (request, reply) => {
        if (request.method === 'GET' && request.url.startsWith(`${prefix}/api/`)) {
          reply.header('access-control-allow-origin', '*');
        }
      });
      tenantRoutes(scope, full, estimator);
      buildRoutes(scope, full);
      buildsetRoutes(scope, full);
      jobRoutes(scope, full);
      freezeJobRoutes(scope, full);
      projectRoutes(scope, full, admin);
      configErrorRoutes(scope, full);
      adminRoutes(scope, full, admin, policy);
      logRoutes(scope, full);
      consoleStreamRoutes(scope, full);
      webRoutes(scope, full);
    },
  });
}
