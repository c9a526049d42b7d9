// A pipeline: which events enqueue items, how its queues are managed, and where results are reported.
import type { ConfigMap, ConfigValue } from './config-value.js';
import type { SourceContext } from './source-context.js';
import type { SourcePosition } from './source-position.js';

/** The four queue-management schemes of Zuul's `pipeline.manager`. */
export type PipelineManager = 'independent' | 'dependent' | 'serial' | 'supercedent';

/** How the build scheduler orders jobs of different pipelines. */
export type PipelinePrecedence = 'high' | 'normal' | 'low';

/** How the window of a dependent pipeline grows after a merge or shrinks after a failure. */
export type WindowChangeType = 'linear' | 'exponential';

/** The reporter actions a pipeline may configure (`success`, `failure`, …). */
export type ReporterAction =
  | 'enqueue'
  | 'start'
  | 'success'
  | 'failure'
  | 'merge-conflict'
  | 'config-error'
  | 'no-jobs'
  | 'disabled'
  | 'dequeue';

/**
 * The rate limit of a dependent pipeline, like TCP flow control. Zuul's defaults: a window of 20, a floor of 3, no
 * ceiling, +1 linear increase after a merge, ÷2 exponential decrease after a failure.
 */
export interface PipelineWindow {
  readonly window: number;
  readonly floor: number;
  /** `null` means unlimited. */
  readonly ceiling: number | null;
  readonly increaseType: WindowChangeType;
  readonly increaseFactor: number;
  readonly decreaseType: WindowChangeType;
  readonly decreaseFactor: number;
}

/** The trigger filters of one connection, each a mapping whose meaning belongs to that connection's driver. */
export interface PipelineTrigger {
  readonly connection: string;
  readonly filters: readonly ConfigMap[];
  readonly pos: SourcePosition;
}

/** The `require` or `reject` conditions of one connection (driver-specific). */
export interface PipelineRequirement {
  readonly connection: string;
  readonly conditions: ConfigMap;
  readonly pos: SourcePosition;
}

/** What one connection does for one reporter action, e.g. `gerrit: {Verified: 1}`. */
export interface PipelineReporter {
  readonly action: ReporterAction;
  readonly connection: string;
  readonly params: ConfigValue;
  readonly pos: SourcePosition;
}

/** The messages a pipeline reports, with Zuul's defaults filled in. */
export interface PipelineMessages {
  readonly success: string;
  readonly failure: string;
  readonly mergeConflict: string;
  readonly start: string;
  readonly enqueue: string;
  readonly noJobs: string;
  readonly dequeue: string;
  readonly footer: string;
}

/** A pipeline as configured (it may appear only in a config-project). */
export interface Pipeline {
  readonly name: string;
  readonly manager: PipelineManager;
  readonly description: string | null;
  readonly precedence: PipelinePrecedence;
  readonly postReview: boolean;
  readonly supercedes: readonly string[];
  readonly dequeueOnNewPatchset: boolean;
  readonly ignoreDependencies: boolean;
  readonly allowOtherConnections: boolean;
  readonly disableAfterConsecutiveFailures: number | null;
  readonly triggers: readonly PipelineTrigger[];
  readonly require: readonly PipelineRequirement[];
  readonly reject: readonly PipelineRequirement[];
  /**
   * Reporters by action. As in Zuul, `merge-conflict` and `config-error` fall back to the `failure` reporters when
   * they are not configured.
   */
  readonly reporters: Readonly<Record<ReporterAction, readonly PipelineReporter[]>>;
  readonly messages: PipelineMessages;
  readonly window: PipelineWindow;
  readonly source: SourceContext;
  readonly pos: SourcePosition;
}
