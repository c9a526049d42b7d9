// Whether a job variant, project stanza or template applies to a branch (Zuul's BranchMatcher / ImpliedBranchMatcher).

import { regexMatches } from '../config/regex.js';
import type { BranchMatcher } from '../model/change-matcher.js';

/**
 * True when `branches` is empty (applies everywhere) or any matcher matches: an implied matcher must equal the branch
 * ("an implied branch matcher must do a fullmatch"), an explicit one is a Zuul regex.
 */
export function matchesBranch(branches: readonly BranchMatcher[] | undefined, branch: string): boolean {
  if (!branches || branches.length === 0) return true;
  return branches.some((m) => (m.implied ? m.regex === branch : regexMatches(m, branch)));
}
