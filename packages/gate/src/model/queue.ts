// A shared change queue's settings, referred to by `project.queue`.
import type { SourceContext } from './source-context.js';
import type { SourcePosition } from './source-position.js';

/** The settings of a named shared queue (all default to false, as in Zuul). */
export interface Queue {
  readonly name: string;
  readonly perBranch: boolean;
  readonly allowCircularDependencies: boolean;
  readonly dependenciesByTopic: boolean;
  readonly source: SourceContext;
  readonly pos: SourcePosition;
}
