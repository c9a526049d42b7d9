// Everything a Placement handler or domain function needs, built once in the composition root (plugin.ts).
import type { DialectName, Logger, PolicyEngine } from '@nubo/core';
import type { PlacementConfig } from './config.js';
import type { PlacementDb } from './db/tables.js';

/** What every Placement handler and domain function is given. */
export interface PlacementContext {
  db: PlacementDb;
  dialect: DialectName;
  config: PlacementConfig;
  policy: PolicyEngine;
  /** The URL prefix the API is mounted on (`/placement`): Placement's links are paths under it. */
  prefix: string;
  log: Logger;
}
