// A project's (or template's) participation in one pipeline: the jobs it runs there.
import type { Job } from './job.js';
import type { SourcePosition } from './source-position.js';

/** A project's (or template's) participation in one pipeline: its job list, each entry a local job variant. */
export interface ProjectPipelineConfig {
  readonly pipeline: string;
  readonly jobs: readonly Job[];
  readonly debug: boolean;
  /** null when not set (the first value set wins when stanzas combine). */
  readonly failFast: boolean | null;
  readonly pos: SourcePosition;
}
