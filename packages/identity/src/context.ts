// Everything an Identity handler or domain function needs, built once in the composition root (plugin.ts).
import type { DialectName, Logger, PolicyEngine } from '@nubo/core';
import type { ChangeCounter } from './change-counter.js';
import type { IdentityConfig } from './config.js';
import type { IdentityDb } from './db/tables.js';
import type { PasswordHasher } from './passwords.js';
import type { FernetTokenProvider } from './tokens/token-provider.js';

export interface IdentityContext {
  db: IdentityDb;
  dialect: DialectName;
  config: IdentityConfig;
  policy: PolicyEngine;
  tokens: FernetTokenProvider;
  passwords: PasswordHasher;
  /** Bumped by every write; caches compare against it. */
  changes: ChangeCounter;
  /** The identity endpoint as clients reach it, e.g. http://127.0.0.1:5000/identity. */
  baseUrl: string;
  log: Logger;
}
