// Zuul's regular expressions in JavaScript: matched from the start of the string, optionally negated.
import type { RegexMatcher } from '../model/change-matcher.js';

const compiled = new Map<string, RegExp | string>();

/**
 * Compiles a Zuul regex, or returns the syntax error text. Zuul (RE2, Python `re.match`) anchors at the start
 * only: "as if there were an implicit ^ at the start". A leading `(?i)` becomes the `i` flag, the one inline flag
 * configurations commonly use.
 */
export function compileRegex(pattern: string): RegExp | string {
  const hit = compiled.get(pattern);
  if (hit !== undefined) return hit;
  let source = pattern;
  let flags = '';
  const inline = /^\(\?([imsx]+)\)/.exec(source);
  if (inline) {
    flags = inline[1]!.replace('x', '');
    source = source.slice(inline[0].length);
  }
  let result: RegExp | string;
  try {
    result = new RegExp(`^(?:${source})`, flags);
  } catch (e) {
    result = e instanceof Error ? e.message : String(e);
  }
  compiled.set(pattern, result);
  return result;
}

/** Whether `text` matches (or, negated, does not match). An invalid pattern matches nothing. */
export function regexMatches(matcher: RegexMatcher, text: string): boolean {
  const re = compileRegex(matcher.regex);
  const hit = typeof re === 'string' ? false : re.test(text);
  return matcher.negate ? !hit : hit;
}
