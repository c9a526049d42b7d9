// What the gate's REST API and web pages need from the running gate: the scheduler's control surface, the builds
// database, the token validator for admin calls, and where build logs live.
import type { PolicyEngine, TokenValidator } from '@nubo/core';
import type { GateDb } from '../db/tables.js';
import type { GateControl } from '../scheduler/gate-control.js';

export interface GateApiDeps {
  control: GateControl;
  db: GateDb;
  /** Validates X-Auth-Token on admin calls (enqueue, dequeue, promote, autohold). */
  tokens: TokenValidator;
  /** `<logRoot>/<build uuid>/` holds each build's job-output.txt and collected logs (BuildRequest.logDir). */
  logRoot: string;
  /** Where the API is mounted (default `/zuul`). */
  prefix?: string;
  /** The version string `/api/info` and the status report (default nubo's gate version). */
  version?: string;
  /** The policy for admin calls (default the gate's default rules: the admin role). */
  policy?: PolicyEngine;
  /** How often a live console stream checks its file and the build's state (default 250 ms). */
  consolePollMs?: number;
  /** How long remaining-time estimates from past builds are cached (default 30 s). */
  estimateCacheMs?: number;
}

/** The prefix the gate's API and pages are served under. */
export const GATE_PREFIX = '/zuul';

/** The URL of a build's logs, as the scheduler records it in `log_url` (`<public url>/zuul/logs/<uuid>/`). */
export function buildLogUrl(publicUrl: string, uuid: string, prefix = GATE_PREFIX): string {
  return `${publicUrl.replace(/\/+$/, '')}${prefix}/logs/${uuid}/`;
}

/** The build page the status report links a finished job to (StatusJob.report_url). */
export function buildPageUrl(publicUrl: string, tenant: string, uuid: string, prefix = GATE_PREFIX): string {
  return `${publicUrl.replace(/\/+$/, '')}${prefix}/t/${encodeURIComponent(tenant)}/build/${uuid}`;
}

/** The live console page the status report links a running job to (StatusJob.url). */
export function consolePageUrl(publicUrl: string, tenant: string, uuid: string, prefix = GATE_PREFIX): string {
  return `${publicUrl.replace(/\/+$/, '')}${prefix}/t/${encodeURIComponent(tenant)}/stream/${uuid}`;
}
