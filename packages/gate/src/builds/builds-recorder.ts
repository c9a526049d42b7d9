// What the scheduler writes to the builds database (Zuul's buildsets, builds, artifacts and events), so the REST
// API, the status page's history and a restarted scheduler can read it. Implemented over Kysely in `db/`.
import type { BuildResult } from '../executor/executor.js';

export interface BuildsetRecord {
  readonly uuid: string;
  readonly tenant: string;
  readonly pipeline: string;
  readonly project: string;
  readonly branch: string;
  readonly change: number | null;
  readonly patchset: number | null;
  readonly ref: string;
  /** The commit the speculative merge produced for the item's own project (null until merged or on conflict). */
  readonly commit: string | null;
  readonly eventId: string | null;
  readonly firstBuildStart?: Date | null;
}

export interface BuildRecord {
  readonly uuid: string;
  readonly buildsetUuid: string;
  readonly jobName: string;
  readonly voting: boolean;
  readonly nodes: readonly string[];
  readonly startTime: Date;
}

export interface BuildsRecorder {
  buildsetCreated(buildset: BuildsetRecord): Promise<void>;
  /** A buildset's final result: SUCCESS, FAILURE, MERGE_CONFLICT, CONFIG_ERROR, DEQUEUED, NO_JOBS … */
  buildsetFinished(uuid: string, result: string, message: string | null, endTime: Date): Promise<void>;
  buildStarted(build: BuildRecord): Promise<void>;
  buildFinished(
    uuid: string,
    outcome: {
      readonly result: BuildResult;
      readonly endTime: Date;
      readonly error: string | null;
      readonly logUrl: string | null;
      readonly artifacts: readonly { readonly name: string; readonly url: string }[];
      /** True when the build will be retried (Zuul keeps the attempt with `final: false`). */
      readonly retried: boolean;
    },
  ): Promise<void>;
  /** Audit events of a buildset (enqueued, dequeued, merge failed, reported …). */
  buildsetEvent(uuid: string, eventType: string, description: string, at: Date): Promise<void>;
}
