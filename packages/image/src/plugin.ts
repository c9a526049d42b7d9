// The composition root of Image: config, migrations, the store, policy, and the Fastify plugin under /image.
import { join } from 'node:path';
import { migrate, type NuboService, PolicyEngine, registerService, type ServiceDependencies } from '@nubo/core';
import { renderImageFault } from './api/faults.js';
import { imageApiRoutes } from './api/routes.js';
import { imageSection } from './config.js';
import { IMAGE_PREFIX, type ImageContext } from './context.js';

export { IMAGE_PREFIX };

import { imageMigrations } from './db/migrations/index.js';
import type { ImageDb } from './db/tables.js';
import { imagePolicyRules } from './policies/index.js';
import { FileStore } from './stores/file-store.js';

/** The Image service as the composition root sees it; `ctx` is exposed for tests and tools. */
export interface ImageService extends NuboService {
  ctx: ImageContext;
}

/**
 * Builds the Image service (Glance v2) on the shared database, with its file store under `<data dir>/images`.
 *
 * @example services.push({ serviceUser: 'glance', create: createImageService });
 */
export async function createImageService(deps: ServiceDependencies): Promise<ImageService> {
  const config = deps.source.section('image', imageSection);
  await migrate(deps.database.db, 'image', imageMigrations);
  const ctx: ImageContext = {
    db: deps.database.db as ImageDb,
    dialect: deps.database.dialect,
    config,
    policy: new PolicyEngine(imagePolicyRules),
    store: new FileStore(config.storeDir || join(deps.core.dataDir, 'images')),
    baseUrl: `${deps.core.publicUrl}${IMAGE_PREFIX}`,
    log: deps.log.child({ service: 'image' }),
  };
  return {
    name: 'image',
    serviceUser: 'glance',
    endpoints: [{ type: 'image', name: 'glance', url: ctx.baseUrl }],
    ctx,
    register: (app) =>
      registerService(app, {
        prefix: IMAGE_PREFIX,
        fault: renderImageFault,
        tokens: deps.tokens,
        routes: (scope) => imageApiRoutes(scope, ctx),
      }),
  };
}
