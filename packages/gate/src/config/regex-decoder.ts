// Decoders for Zuul regular expressions (`foo` or `{regex: foo, negate: true}`) and branch matchers.
import type { BranchMatcher, RegexMatcher } from '../model/change-matcher.js';
import { anyOf, bool, type Decoder, list, optional, record, refine, required, str } from './decoders.js';
import { compileRegex } from './regex.js';

/** One Zuul regex, checked to compile. */
export const regexMatcher: Decoder<RegexMatcher> = refine(
  anyOf(str, record({ regex: required(str), negate: optional(bool) }, 'a mapping with regex')),
  (value, node, ctx) => {
    const matcher =
      typeof value === 'string'
        ? { regex: value, negate: false }
        : { regex: value.regex, negate: value.negate ?? false };
    const re = compileRegex(matcher.regex);
    if (typeof re === 'string') {
      ctx.reporter.error(
        node.pos,
        `${ctx.subject}: '${ctx.path}': invalid regular expression '${matcher.regex}': ${re}`,
      );
      return undefined;
    }
    return matcher;
  },
);

/** A regex or a list of them. */
export const regexList: Decoder<RegexMatcher[]> = list(regexMatcher, { single: true });

/** Explicit branch matchers (regular expressions, not implied). */
export const branchList: Decoder<BranchMatcher[]> = refine(regexList, (matchers) =>
  matchers.map((m) => ({ ...m, implied: false })),
);
