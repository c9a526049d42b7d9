// What a tenant scheduler is built from: the review connection, the merger, the executor, the builds database, the
// queue store, and where logs go. Every piece is an interface, so tests and the benchmark swap in their own.
import type { BuildsRecorder } from '../builds/builds-recorder.js';
import type { TenantRepos } from '../config/load-tenant-config.js';
import type { Executor } from '../executor/executor.js';
import type { Merger } from '../merger/merger.js';
import type { Tenant } from '../model/tenant.js';
import type { QueueStore } from '../state/queue-store.js';
import type { ReviewConnection } from './gate-change.js';

export interface SchedulerLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface SchedulerDeps {
  readonly connection: ReviewConnection;
  /** The name pipelines and tenant sources use for the review connection (Zuul's `gerrit`). */
  readonly connectionName: string;
  readonly merger: Merger;
  readonly executor: Executor;
  readonly recorder: BuildsRecorder;
  readonly store: QueueStore;
  /** Reads the configuration files of the tenant's projects (every branch) from the review service's repositories. */
  readonly readRepos: (tenant: Tenant) => Promise<TenantRepos>;
  /** Where a build's logs go on disk. */
  readonly logDir: (tenant: string, buildUuid: string) => string;
  /** The URL of a build's page (the log link in reports). */
  readonly buildUrl: (tenant: string, buildUuid: string) => string;
  /** The URL of a build's logs, recorded in the builds database (default: the build page). */
  readonly logUrl?: (tenant: string, buildUuid: string) => string;
  readonly log: SchedulerLog;
}

export const silentLog: SchedulerLog = { info() {}, warn() {}, error() {} };
