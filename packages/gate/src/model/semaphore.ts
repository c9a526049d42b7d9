// A semaphore: limits how many jobs that name it run at the same time.
import type { SourceContext } from './source-context.js';
import type { SourcePosition } from './source-position.js';

/** A semaphore with its capacity (`max`, default 1). */
export interface Semaphore {
  readonly name: string;
  readonly max: number;
  readonly source: SourceContext;
  readonly pos: SourcePosition;
}
