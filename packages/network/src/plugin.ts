// The composition root of Networking: config, migrations, policy, and the Neutron v2.0 API under /networking.
import { migrate, type NuboService, PolicyEngine, registerService, type ServiceDependencies } from '@nubo/core';
import { renderNetworkFault } from './api/faults.js';
import { networkApiRoutes } from './api/routes.js';
import { networkSection } from './config.js';
import type { NetworkContext } from './context.js';
import { networkMigrations } from './db/migrations/index.js';
import type { NetworkDb } from './db/tables.js';
import { networkPolicyRules } from './policies/index.js';

/** Where the API is mounted, as DevStack serves Neutron (`http://host/networking`); clients append `/v2.0`. */
export const NETWORK_PREFIX = '/networking';

/** The Networking service as the composition root sees it; `ctx` is exposed for tests and tools. */
export interface NetworkService extends NuboService {
  ctx: NetworkContext;
}

/**
 * Builds the Networking service (Neutron v2.0) on the shared database.
 *
 * @example services.push({ serviceUser: 'neutron', create: createNetworkService });
 */
export async function createNetworkService(deps: ServiceDependencies): Promise<NetworkService> {
  const config = deps.source.section('network', networkSection);
  await migrate(deps.database.db, 'network', networkMigrations);
  const ctx: NetworkContext = {
    db: deps.database.db as unknown as NetworkDb,
    dialect: deps.database.dialect,
    config,
    policy: new PolicyEngine(networkPolicyRules),
    baseUrl: `${deps.core.publicUrl}${NETWORK_PREFIX}`,
    log: deps.log.child({ service: 'network' }),
  };
  return {
    name: 'network',
    serviceUser: 'neutron',
    endpoints: [{ type: 'network', name: 'neutron', url: ctx.baseUrl }],
    ctx,
    register: (app) =>
      registerService(app, {
        prefix: NETWORK_PREFIX,
        fault: renderNetworkFault,
        tokens: deps.tokens,
        routes: (scope) => networkApiRoutes(scope, ctx),
      }),
  };
}
