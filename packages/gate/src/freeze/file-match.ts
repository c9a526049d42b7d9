// Zuul's file matchers: `files` (run if any changed file matches) and `irrelevant-files` (skip if all match).

import { regexMatches } from '../config/regex.js';
import type { RegexMatcher } from '../model/change-matcher.js';

/** Gerrit's pseudo-file holding the commit message; never counts as a changed file (Zuul's COMMIT_MSG). */
export const COMMIT_MSG = '/COMMIT_MSG';

const realFiles = (files: readonly string[]) => files.filter((f) => f !== COMMIT_MSG);

/**
 * Whether a job with these matchers runs for a change touching `files` (undefined: a ref with no file list, such as
 * a merge commit in a post pipeline). With no files to check, both matchers let the job run, as Zuul's
 * MatchAnyFiles/MatchAllFiles do ("File filters will be ignored for refs that don't have any files").
 */
export function matchesFiles(
  files: readonly string[] | undefined,
  relevant: readonly RegexMatcher[],
  irrelevant: readonly RegexMatcher[],
): boolean {
  const changed = realFiles(files ?? []);
  if (changed.length === 0) return true;
  if (relevant.length > 0 && !changed.some((f) => relevant.some((m) => regexMatches(m, f)))) return false;
  if (irrelevant.length > 0 && changed.every((f) => irrelevant.some((m) => regexMatches(m, f)))) return false;
  return true;
}
