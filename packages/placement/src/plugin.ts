// The composition root of Placement: config, migrations, policy, and the Fastify plugin under /placement.
import { migrate, type NuboService, PolicyEngine, registerService, type ServiceDependencies } from '@nubo/core';
import { renderPlacementFault } from './api/faults.js';
import { placementRoutes } from './api/routes.js';
import { placementSection } from './config.js';
import type { PlacementContext } from './context.js';
import { placementMigrations } from './db/migrations/index.js';
import type { PlacementDb } from './db/tables.js';
import { placementPolicyRules } from './policies/index.js';

/** Where the API is mounted, as in DevStack (`http://host/placement`). */
export const PLACEMENT_PREFIX = '/placement';

/** A running Placement: the NuboService the cloud wires in, and its context for tests and tools. */
export interface PlacementService extends NuboService {
  ctx: PlacementContext;
}

/**
 * Builds Placement: reads its nubo.yaml section, migrates its tables and returns the service the composition
 * root registers (catalog type `placement`, service user `placement`).
 */
export async function createPlacementService(deps: ServiceDependencies): Promise<PlacementService> {
  const config = deps.source.section('placement', placementSection);
  await migrate(deps.database.db, 'placement', placementMigrations);
  const ctx: PlacementContext = {
    db: deps.database.db as PlacementDb,
    dialect: deps.database.dialect,
    config,
    policy: new PolicyEngine(placementPolicyRules),
    prefix: PLACEMENT_PREFIX,
    log: deps.log.child({ service: 'placement' }),
  };
  return {
    name: 'placement',
    serviceUser: 'placement',
    endpoints: [{ type: 'placement', name: 'placement', url: `${deps.core.publicUrl}${PLACEMENT_PREFIX}` }],
    ctx,
    register: (app) =>
      registerService(app, {
        prefix: PLACEMENT_PREFIX,
        fault: renderPlacementFault,
        tokens: deps.tokens,
        routes: (scope) => placementRoutes(scope, ctx),
      }),
  };
}
