// Everything a Networking handler or domain function needs, built once in the composition root (plugin.ts).
import type { DialectName, Logger, PolicyEngine } from '@nubo/core';
import type { NetworkConfig } from './config.js';
import type { NetworkDb } from './db/tables.js';

/** What every Networking handler and domain function is given. */
export interface NetworkContext {
  db: NetworkDb;
  dialect: DialectName;
  config: NetworkConfig;
  policy: PolicyEngine;
  /** The public URL the API is mounted on (`http://host/network`): pagination links are built from it. */
  baseUrl: string;
  log: Logger;
}

/** Who is calling, as the domain needs it: their project, whether they are an admin, and the policy credentials. */
export interface Caller {
  projectId: string;
  isAdmin: boolean;
  creds: Record<string, unknown>;
}
