// The executor's contract: the scheduler hands it one frozen job with the exact repository state the merger
// produced, it runs the job's playbooks on nodes from a provider and answers with a result. Implementations:
// `ansible-executor` (the real one) and `fake-executor` (tests and the gate benchmark).
import type { FrozenJob } from '../model/frozen-job.js';

/** Zuul's build results. `RETRY_LIMIT` is decided by the scheduler after `attempts` retryable outcomes. */
export type BuildResult =
  | 'SUCCESS'
  | 'FAILURE'
  | 'TIMED_OUT'
  | 'POST_FAILURE'
  | 'NODE_FAILURE'
  | 'RETRY_LIMIT'
  | 'MERGE_CONFLICT'
  | 'SKIPPED'
  | 'ABORTED'
  | 'ERROR';

/** One repository as the job must see it: a git repository on local disk holding `commit` (the speculative merge). */
export interface RepoState {
  readonly project: string;
  readonly branch: string;
  /** A local git repository (the merger's workspace) that contains `commit`; the executor clones from it. */
  readonly path: string;
  readonly commit: string;
}

/** The change under test, as Zuul's `zuul.change`, `zuul.patchset`, … variables describe it. */
export interface BuildItemInfo {
  readonly project: string;
  readonly branch: string;
  readonly change: number | null;
  readonly patchset: number | null;
  readonly ref: string;
  readonly message: string | null;
}

export interface BuildRequest {
  readonly uuid: string;
  readonly tenant: string;
  readonly pipeline: string;
  readonly job: FrozenJob;
  readonly item: BuildItemInfo;
  /** Every project the job checks out (the item's, those ahead of it in the queue, required-projects). */
  readonly repos: readonly RepoState[];
  /** Zuul's `zuul` variable (build, buildset, items, projects, pipeline, job, …), built by the scheduler. */
  readonly zuulVars: Readonly<Record<string, unknown>>;
  /** Where job-output.txt and the job's collected logs go; served under the build's log URL. */
  readonly logDir: string;
}

/** What an executor tells about a running build, for the status page and the builds database. */
export interface BuildListener {
  started?(info: { readonly nodes: readonly string[]; readonly startTime: Date }): void;
  /** One line of job-output, as it is written (the live console). */
  console?(line: string): void;
}

export interface BuildOutcome {
  readonly result: BuildResult;
  /**
   * True when the failure happened in pre-run or in getting nodes: Zuul retries such builds up to the job's
   * `attempts`, then reports RETRY_LIMIT.
   */
  readonly retryable: boolean;
  readonly startTime: Date;
  readonly endTime: Date;
  /** A short reason for non-SUCCESS results (shown in the report). */
  readonly error: string | null;
  readonly nodes: readonly string[];
  /** Artifacts the job returned (zuul_return `zuul.artifacts`), name → URL or path relative to the log dir. */
  readonly artifacts: readonly { readonly name: string; readonly url: string }[];
}

export interface Executor {
  /** Runs the build; rejects only for bugs. Aborting the signal cancels it (result ABORTED). */
  execute(request: BuildRequest, signal: AbortSignal, listener?: BuildListener): Promise<BuildOutcome>;
}
