// The composition root of Compute: config, migrations, policy, the API under /compute, and the engine's workers.
import {
  migrate,
  type NuboService,
  PolicyEngine,
  registerService,
  type ServiceDependencies,
  useMicroversions,
} from '@nubo/core';
import type { Session } from '@nubo/sdk';
import { renderComputeFault } from './api/faults.js';
import { computeRoutes } from './api/routes.js';
import { COMPUTE_MAX_VERSION, COMPUTE_MIN_VERSION } from './api/versions.js';
import { computeSection } from './config.js';
import type { ComputeContext } from './context.js';
import { computeMigrations } from './db/migrations/index.js';
import type { ComputeDb } from './db/tables.js';
import { createComputeEngine } from './engine.js';
import { glanceImageApi } from './images.js';
import { neutronNetworkApi } from './network.js';
import { computePolicyRules } from './policies/index.js';

export const COMPUTE_PREFIX = '/compute';

export interface ComputeService extends NuboService {
  ctx: ComputeContext;
}

export async function createComputeService(deps: ServiceDependencies): Promise<ComputeService> {
  const config = deps.source.section('compute', computeSection);
  await migrate(deps.database.db, 'compute', computeMigrations);
  const ctx: ComputeContext = {
    db: deps.database.db as ComputeDb,
    dialect: deps.database.dialect,
    config,
    policy: new PolicyEngine(computePolicyRules),
    bus: deps.bus,
    baseUrl: `${deps.core.publicUrl}${COMPUTE_PREFIX}/v2.1`,
    session: () => deps.serviceSession() as Session,
    rpc: { consoleOutput: async () => '' },
    images: glanceImageApi(() => deps.serviceSession() as Session),
    network: neutronNetworkApi(() => deps.serviceSession() as Session),
    log: deps.log.child({ service: 'compute' }),
  };
  const engine = createComputeEngine(ctx);
  ctx.rpc = engine.rpc;
  return {
    name: 'compute',
    serviceUser: 'nova',
    endpoints: [{ type: 'compute', name: 'nova', url: ctx.baseUrl }],
    ctx,
    register: (app) =>
      registerService(app, {
        prefix: COMPUTE_PREFIX,
        fault: renderComputeFault,
        tokens: deps.tokens,
        routes: (scope) => {
          useMicroversions(scope, {
            service: 'compute',
            min: COMPUTE_MIN_VERSION,
            max: COMPUTE_MAX_VERSION,
            legacyHeader: 'x-openstack-nova-api-version',
          });
          computeRoutes(scope, ctx);
        },
      }),
    start: () => engine.start(),
    stop: () => engine.stop(),
  };
}
