// A project stanza: which jobs a project runs in which pipeline, plus its queue, merge mode and variables.
import type { BranchMatcher } from './change-matcher.js';
import type { ConfigMap } from './config-value.js';
import type { ProjectPipelineConfig } from './project-pipeline.js';
import type { SourceContext } from './source-context.js';
import type { SourcePosition } from './source-position.js';

/** The merge strategies of `project.merge-mode`. */
export type MergeMode =
  | 'merge'
  | 'merge-resolve'
  | 'merge-recursive'
  | 'merge-ort'
  | 'cherry-pick'
  | 'squash-merge'
  | 'rebase';

/**
 * A project stanza. Several may exist for one project (a config-project's and the repo's own); all those matching an
 * item's branch are combined. `name` is the project's name, or a regex starting with `^` matching several.
 */
export interface ProjectConfig {
  readonly name: string;
  readonly description: string | null;
  readonly templates: readonly string[];
  readonly queue: string | null;
  readonly defaultBranch: string | null;
  readonly mergeMode: MergeMode | null;
  readonly vars: ConfigMap;
  readonly pipelines: readonly ProjectPipelineConfig[];
  /** Branches this stanza applies to; empty means every branch. */
  readonly branches: readonly BranchMatcher[];
  readonly source: SourceContext;
  readonly pos: SourcePosition;
}

/** What a layout settles per project from all its stanzas: the first value seen wins (Zuul's ProjectMetadata). */
export interface ProjectMetadata {
  readonly mergeMode: MergeMode | null;
  readonly defaultBranch: string;
  readonly queueName: string | null;
}
