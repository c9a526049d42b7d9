// A pragma: directives that change how the rest of its own file is loaded.
import type { BranchMatcher } from './change-matcher.js';
import type { SourcePosition } from './source-position.js';

/** The directives of a `pragma` item; unset fields leave Zuul's heuristics in charge. */
export interface Pragma {
  readonly impliedBranchMatchers: boolean | null;
  readonly impliedBranches: readonly BranchMatcher[] | null;
  readonly pos: SourcePosition;
}
