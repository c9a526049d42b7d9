// A frozen job graph: the jobs one item runs in one pipeline and the dependencies between them (a DAG).
import type { ConfigError } from './config-error.js';
import type { FrozenJob } from './frozen-job.js';

/**
 * The jobs to run, in the order of the project's job lists (templates first), each with its dependencies resolved
 * to jobs of this graph. `dependents` is the reverse edge list, for schedulers that walk downstream.
 */
export interface JobGraph {
  readonly jobs: readonly FrozenJob[];
  readonly dependents: Readonly<Record<string, readonly string[]>>;
}

/**
 * The outcome of freezing: the graph and any errors that make the item unrunnable (abstract job, dependency on a job
 * that does not run, a final job changed by a variant …). `participates` is false when the project has no job list
 * for the pipeline at all. `debug` explains which variants matched, like Zuul's `debug: true` reports.
 */
export interface FreezeResult {
  readonly participates: boolean;
  readonly graph: JobGraph;
  readonly errors: readonly ConfigError[];
  readonly failFast: boolean;
  readonly debug: readonly string[];
}
