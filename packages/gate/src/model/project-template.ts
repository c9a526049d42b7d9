// A project-template: project-pipeline definitions that many projects reuse by name.
import type { BranchMatcher } from './change-matcher.js';
import type { ConfigMap } from './config-value.js';
import type { ProjectPipelineConfig } from './project-pipeline.js';
import type { SourceContext } from './source-context.js';
import type { SourcePosition } from './source-position.js';

/** A project-template: reusable project-pipeline definitions. */
export interface ProjectTemplate {
  readonly name: string;
  readonly description: string | null;
  readonly queue: string | null;
  readonly vars: ConfigMap;
  readonly pipelines: readonly ProjectPipelineConfig[];
  /** Implied branch matchers (templates honour pragmas); empty means every branch. */
  readonly branches: readonly BranchMatcher[];
  readonly source: SourceContext;
  readonly pos: SourcePosition;
}
