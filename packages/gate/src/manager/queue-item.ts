// A queue item (Zuul's QueueItem): one change in one pipeline queue, its speculative merge, job graph and builds.
import { randomUUID } from 'node:crypto';
import type { BuildResult } from '../executor/executor.js';
import type { RepoStateMap } from '../merger/merger.js';
import type { ConfigError } from '../model/config-error.js';
import type { FrozenJob } from '../model/frozen-job.js';
import type { JobGraph } from '../model/job-graph.js';
import type { Layout } from '../model/layout.js';
import type { GateChange } from '../scheduler/gate-change.js';

/** One job of an item: its attempts so far and the current (or final) build. */
export interface BuildState {
  readonly job: FrozenJob;
  uuid: string | null;
  result: BuildResult | null;
  tries: number;
  startTime: Date | null;
  endTime: Date | null;
  error: string | null;
  /** Why the job waits (a dependency, a semaphore), for the status page. */
  waiting: string | null;
  abort: AbortController | null;
}

export type MergeState =
  | { readonly kind: 'none' }
  | { readonly kind: 'pending' }
  | {
      readonly kind: 'merged';
      readonly state: RepoStateMap;
      readonly baseTree: string;
      readonly files: readonly string[];
    }
  | { readonly kind: 'conflict'; readonly message: string };

/** Results that count as passing for the item (Zuul: a skipped job does not fail the buildset). */
export const PASSING: ReadonlySet<BuildResult> = new Set(['SUCCESS', 'SKIPPED']);

export class QueueItem {
  readonly id = randomUUID();
  buildsetUuid = randomUUID();
  /** The item this one's speculative state is built on (Zuul's item_ahead); null at the head of its chain. */
  ahead: QueueItem | null = null;
  merge: MergeState = { kind: 'none' };
  /** The layout the item's jobs froze from (speculative when the change edits untrusted configuration). */
  layout: Layout | null = null;
  graph: JobGraph | null = null;
  configErrors: readonly ConfigError[] = [];
  builds = new Map<string, BuildState>();
  /** Set when something outside the jobs failed the item (submit refused, the branch moved under it). */
  failure: string | null = null;
  /** Bumped by every reset, so work started for an older state is dropped when it finishes. */
  generation = 0;
  removed = false;
  failFast = false;
  /** The pipeline's start report went out. */
  startReported = false;
  /** Told the old buildset's uuid when a reset starts a new one (the scheduler records both). */
  onReset: ((previousBuildset: string) => void) | null = null;
  /** A reporting is under way (the head item is being reported and submitted). */
  reporting = false;

  constructor(
    public change: GateChange,
    readonly live: boolean,
    readonly enqueueTime: number = Date.now(),
  ) {}

  /** Whether the item fails: a merge conflict, a config error, a failed voting job, or a failure set from outside. */
  isFailing(): boolean {
    if (this.failure !== null) return true;
    if (this.merge.kind === 'conflict' || this.configErrors.length > 0) return true;
    for (const b of this.builds.values()) if (b.job.voting && b.result !== null && !PASSING.has(b.result)) return true;
    return false;
  }

  /** Whether nothing more will run: a conflict or config error, or every job has its final result. */
  isComplete(): boolean {
    if (this.failure !== null || this.merge.kind === 'conflict' || this.configErrors.length > 0) return true;
    if (this.graph === null) return false;
    for (const b of this.builds.values()) if (b.result === null) return false;
    return true;
  }

  /** Every build aborted and every result dropped: the item starts over from its merge. */
  reset(): void {
    const previous = this.buildsetUuid;
    this.generation += 1;
    for (const b of this.builds.values()) b.abort?.abort();
    this.builds = new Map();
    this.merge = { kind: 'none' };
    this.layout = null;
    this.graph = null;
    this.configErrors = [];
    this.failure = null;
    this.buildsetUuid = randomUUID();
    this.onReset?.(previous);
  }

  /** Aborts running builds (the item leaves the queue). */
  cancel(): void {
    this.generation += 1;
    for (const b of this.builds.values()) b.abort?.abort();
  }
}
