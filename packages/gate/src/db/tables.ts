// The builds database as Kysely sees it (Zuul's zuul_buildset, zuul_build, zuul_artifact, zuul_buildset_event).
// Booleans are 0/1 integers, times ISO-8601 text in UTC (they sort as text), durations whole milliseconds.
import type { Kysely } from 'kysely';

/** One item's run through a pipeline: the jobs frozen for one state of the queue. */
export interface BuildsetRow {
  uuid: string;
  tenant: string;
  pipeline: string;
  project: string;
  branch: string;
  change: number | null;
  patchset: number | null;
  ref: string;
  /** Zuul's `newrev`: the commit the speculative merge produced (null before the merge or on a conflict). */
  newrev: string | null;
  event_id: string | null;
  /** SUCCESS, FAILURE, MERGE_CONFLICT, … ; null while the buildset runs. */
  result: string | null;
  message: string | null;
  first_build_start: string | null;
  last_build_end: string | null;
  created_at: string;
  updated_at: string;
}

/** One attempt at a job; a retried attempt stays with `final` 0. */
export interface BuildRow {
  uuid: string;
  buildset_uuid: string;
  job_name: string;
  /** null while the build runs. */
  result: string | null;
  voting: number;
  /** JSON list of node names. */
  nodes: string;
  start_time: string;
  end_time: string | null;
  duration_ms: number | null;
  log_url: string | null;
  error_detail: string | null;
  final: number;
  held: number;
}

/** An artifact a build returned (zuul_return's `zuul.artifacts`). */
export interface ArtifactRow {
  build_uuid: string;
  position: number;
  name: string;
  url: string;
  /** JSON object or null. */
  metadata: string | null;
}

/** An audit event of a buildset (enqueued, dequeued, merge failed, reported …). */
export interface BuildsetEventRow {
  id: string;
  buildset_uuid: string;
  event_type: string;
  description: string;
  event_time: string;
}

export interface GateTables {
  gate_buildsets: BuildsetRow;
  gate_builds: BuildRow;
  gate_artifacts: ArtifactRow;
  gate_buildset_events: BuildsetEventRow;
}

/** The shared database narrowed to the gate's builds tables. */
export type GateDb = Kysely<GateTables>;
