// Regular expressions that select branches and files (Zuul's change_matcher), as data.

/**
 * A Zuul regular expression: matched from the start of the string (an implicit `^`), optionally negated. Written in
 * YAML as a string or as `{regex, negate}`.
 */
export interface RegexMatcher {
  readonly regex: string;
  readonly negate: boolean;
}

/**
 * A branch selector. An implied matcher (added from the branch the definition was read on) must equal the branch
 * exactly; an explicit one is a regular expression.
 */
export interface BranchMatcher extends RegexMatcher {
  readonly implied: boolean;
}
