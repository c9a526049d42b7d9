// The composition root of Identity: config, migrations, keys, policy, and the Fastify plugin under /identity.
import { join } from 'node:path';
import {
  type ConfigSource,
  type CoreConfig,
  type Database,
  type Logger,
  migrate,
  PolicyEngine,
  registerService,
} from '@nubo/core';
import type { FastifyInstance } from 'fastify';
import { renderIdentityFault } from './api/faults.js';
import { identityRoutes } from './api/routes.js';
import { IdentityTokenValidator } from './auth/token-validator.js';
import { type BootstrapCredentials, bootstrapIdentity, type ServiceEndpoint } from './bootstrap.js';
import { ChangeCounter } from './change-counter.js';
import { identitySection } from './config.js';
import type { IdentityContext } from './context.js';
import { identityMigrations } from './db/migrations/index.js';
import type { IdentityDb } from './db/tables.js';
import { PasswordHasher } from './passwords.js';
import { identityPolicyRules } from './policies/index.js';
import { FernetKeyRepository } from './tokens/key-repository.js';
import { FernetTokenProvider } from './tokens/token-provider.js';

export const IDENTITY_PREFIX = '/identity';

export interface IdentityService {
  ctx: IdentityContext;
  validator: IdentityTokenValidator;
  /** Registers the API under /identity (or `prefix`: '' also serves it at the root, as Keystone on port 5000). */
  register(app: FastifyInstance, prefix?: string): Promise<void>;
  bootstrap(services?: ServiceEndpoint[], serviceUsers?: string[]): Promise<BootstrapCredentials>;
  /** Re-reads the Fernet key repository (after `nubo identity fernet-rotate`). */
  reloadKeys(): void;
}

export function fernetKeyDir(core: CoreConfig, configured: string): string {
  return configured || join(core.dataDir, 'fernet-keys');
}

export async function createIdentityService(options: {
  source: ConfigSource;
  core: CoreConfig;
  database: Database;
  log: Logger;
}): Promise<IdentityService> {
  const config = options.source.section('identity', identitySection);
  await migrate(options.database.db, 'identity', identityMigrations);
  const keys = new FernetKeyRepository(fernetKeyDir(options.core, config.fernetKeyDir), config.maxActiveKeys);
  keys.setup();
  const ctx: IdentityContext = {
    db: options.database.db as IdentityDb,
    dialect: options.database.dialect,
    config,
    policy: new PolicyEngine(identityPolicyRules),
    tokens: new FernetTokenProvider(keys),
    passwords: new PasswordHasher(config.bcryptCost),
    changes: new ChangeCounter(),
    baseUrl: `${options.core.publicUrl}${IDENTITY_PREFIX}`,
    log: options.log.child({ service: 'identity' }),
  };
  const validator = new IdentityTokenValidator(ctx);
  return {
    ctx,
    validator,
    register: (app, prefix = IDENTITY_PREFIX) =>
      registerService(app, {
        prefix,
        fault: renderIdentityFault,
        tokens: validator,
        routes: (scope) => identityRoutes(scope, ctx, validator),
      }),
    bootstrap: (services = [], serviceUsers = []) =>
      bootstrapIdentity(ctx, options.core.dataDir, services, serviceUsers),
    reloadKeys: () => keys.reload(),
  };
}
