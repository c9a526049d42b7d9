// Parses oslo.policy's rule language ("(role:reader and system_scope:all) or rule:owner") into a check tree.

/**
 * The right-hand side of a check as oslo.policy renders it with `match % target`: literal text and `%(key)s` holes,
 * in order. `['project-', { key: 'target.project.id' }]` is `project-%(target.project.id)s`.
 */
export type Template = readonly (string | { readonly key: string })[];

/** The left-hand side of a generic check: a literal (`'member'`, `True`, `1`, `None` as null) or a credential path. */
export type Subject =
  | { readonly type: 'literal'; readonly value: string | null }
  | { readonly type: 'credential'; readonly path: readonly string[] };

/** One node of a parsed rule; `formatCheck` prints it back in the style of oslo.policy's `str(check)`. */
export type Check =
  | { readonly type: 'true' }
  | { readonly type: 'false' }
  | { readonly type: 'rule'; readonly name: string }
  | { readonly type: 'role'; readonly match: Template }
  | { readonly type: 'generic'; readonly subject: Subject; readonly match: Template | null }
  | { readonly type: 'not'; readonly check: Check }
  | { readonly type: 'and'; readonly checks: readonly Check[] }
  | { readonly type: 'or'; readonly checks: readonly Check[] };

/** A check string that does not parse; thrown when the rule set is built, never while enforcing. */
export class PolicySyntaxError extends Error {
  /** The name of the rule whose check string is wrong. */
  readonly rule: string;
  readonly checkStr: string;
  /** 1-based column of the offending text in `checkStr`. */
  readonly column: number;

  constructor(rule: string, checkStr: string, column: number, problem: string) {
    super(`policy rule "${rule}" does not parse: ${problem} at column ${column} of "${checkStr}"`);
    this.name = 'PolicySyntaxError';
    this.rule = rule;
    this.checkStr = checkStr;
    this.column = column;
  }
}

type Token =
  | { readonly type: '(' | ')' | 'and' | 'or' | 'not'; readonly column: number; readonly text: string }
  | { readonly type: 'check'; readonly column: number; readonly text: string; readonly check: Check };

/**
 * Parses one check string. The empty string allows everything, as in oslo.policy. Precedence is oslo.policy's:
 * `not` binds tighter than `and`, which binds tighter than `or`; the keywords are case-insensitive.
 *
 * @example parseRule('role:admin or (role:reader and system_scope:all)', 'identity:list_users')
 * @throws PolicySyntaxError naming `ruleName` when the string does not parse.
 */
export function parseRule(checkStr: string, ruleName = '<inline>'): Check {
  const fail = (column: number, problem: string): never => {
    throw new PolicySyntaxError(ruleName, checkStr, column, problem);
  };
  const tokens = tokenize(checkStr, fail);
  if (tokens.length === 0) return { type: 'true' };

  let at = 0;
  const peek = (): Token | undefined => tokens[at];
  const describe = (token: Token | undefined): string => (token ? `unexpected '${token.text}'` : 'unexpected end');
  const columnOf = (token: Token | undefined): number => token?.column ?? checkStr.length + 1;

  const parseOr = (): Check => {
    const checks = [parseAnd()];
    while (peek()?.type === 'or') {
      at++;
      checks.push(parseAnd());
    }
    return checks.length === 1 ? checks[0]! : { type: 'or', checks };
  };
  const parseAnd = (): Check => {
    const checks = [parseNot()];
    while (peek()?.type === 'and') {
      at++;
      checks.push(parseNot());
    }
    return checks.length === 1 ? checks[0]! : { type: 'and', checks };
  };
  const parseNot = (): Check => {
    if (peek()?.type !== 'not') return parseAtom();
    at++;
    return { type: 'not', check: parseNot() };
  };
  const parseAtom = (): Check => {
    const token = peek();
    if (token?.type === 'check') {
      at++;
      return token.check;
    }
    if (token?.type !== '(') return fail(columnOf(token), describe(token));
    at++;
    const inner = parseOr();
    const close = peek();
    if (close?.type !== ')') return fail(columnOf(close), `${describe(close)}, expected ')'`);
    at++;
    return inner;
  };

  const tree = parseOr();
  if (at < tokens.length) fail(columnOf(peek()), describe(peek()));
  return tree;
}

/** Prints a check tree in the style of oslo.policy's `str(check)`: `(a or (b and c))`, `not a`, `role:admin`. */
export function formatCheck(check: Check): string {
  switch (check.type) {
    case 'true':
      return '@';
    case 'false':
      return '!';
    case 'rule':
      return `rule:${check.name}`;
    case 'role':
      return `role:${formatTemplate(check.match)}`;
    case 'generic': {
      const left =
        check.subject.type === 'credential' ? check.subject.path.join('.') : formatLiteral(check.subject.value);
      return `${left}:${check.match === null ? 'None' : formatTemplate(check.match)}`;
    }
    case 'not':
      return `not ${formatCheck(check.check)}`;
    case 'and':
      return `(${check.checks.map(formatCheck).join(' and ')})`;
    case 'or':
      return `(${check.checks.map(formatCheck).join(' or ')})`;
  }
}

function formatTemplate(template: Template): string {
  return template.map((part) => (typeof part === 'string' ? part.replaceAll('%', '%%') : `%(${part.key})s`)).join('');
}

function formatLiteral(value: string | null): string {
  return value === null ? 'None' : `'${value}'`;
}

const KEYWORDS = new Set(['and', 'or', 'not']);

/**
 * Splits a check string into parentheses, keywords and checks. Unlike oslo.policy's whitespace split, a quoted
 * literal may hold spaces and colons, and a `)` ends a check even without a space before it.
 */
function tokenize(source: string, fail: (column: number, problem: string) => never): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      tokens.push({ type: c, column: i + 1, text: c });
      i++;
      continue;
    }
    const start = i;
    let colon = -1;
    // A quote opens a literal only where a literal can start: at the start of either side of the first ':'.
    let sideStart = true;
    while (i < source.length) {
      const ch = source[i]!;
      if (/\s/.test(ch) || ch === '(' || ch === ')') break;
      if (sideStart && (ch === "'" || ch === '"')) {
        const close = source.indexOf(ch, i + 1);
        if (close < 0) fail(i + 1, 'unterminated quoted string');
        i = close + 1;
        sideStart = false;
        continue;
      }
      if (ch === '%' && source[i + 1] === '(') {
        const close = source.indexOf(')', i + 2);
        if (close < 0) fail(i + 1, "unterminated '%(' substitution");
        i = close + 1;
        sideStart = false;
        continue;
      }
      if (ch === ':' && colon < 0) {
        colon = i - start;
        sideStart = true;
      } else {
        sideStart = false;
      }
      i++;
    }
    const text = source.slice(start, i);
    const lowered = text.toLowerCase();
    if (KEYWORDS.has(lowered)) {
      tokens.push({ type: lowered as 'and' | 'or' | 'not', column: start + 1, text });
    } else {
      const check = parseCheck(text, colon, (offset, problem) => fail(start + offset + 1, problem));
      tokens.push({ type: 'check', column: start + 1, text, check });
    }
  }
  return tokens;
}

/** One `kind:match` (or `@`, `!`); `colon` is the index of the first ':' outside quotes and substitutions. */
function parseCheck(text: string, colon: number, fail: (offset: number, problem: string) => never): Check {
  if (text === '@') return { type: 'true' };
  if (text === '!') return { type: 'false' };
  if (colon < 0) return fail(0, `'${text}' is not a check (expected kind:match, '@' or '!')`);
  const kind = text.slice(0, colon);
  const match = text.slice(colon + 1);
  if (kind === '') return fail(0, `nothing before ':' in '${text}'`);
  if (match === '') return fail(colon, `nothing after ':' in '${text}'`);
  const matchFail = (offset: number, problem: string): never => fail(colon + 1 + offset, problem);

  if (kind === 'rule') return { type: 'rule', name: match };
  if (kind === 'role') return { type: 'role', match: parseMatch(match, matchFail) };
  // `None` on the right is a null literal: `domain_id:None` holds when the credential is null.
  const right = match === 'None' ? null : parseMatch(match, matchFail);
  return { type: 'generic', subject: parseSubject(kind, fail), match: right };
}

const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

/** The left of a generic check: a Python literal (as oslo.policy's `ast.literal_eval`) or a dotted credential key. */
function parseSubject(kind: string, fail: (offset: number, problem: string) => never): Subject {
  const quoted = unquote(kind);
  if (quoted !== undefined) return { type: 'literal', value: quoted };
  if (kind === 'True' || kind === 'False') return { type: 'literal', value: kind };
  if (kind === 'None') return { type: 'literal', value: null };
  if (NUMBER.test(kind)) {
    const value = Number(kind);
    // Python prints a float literal with a fraction (`1.0`), an int without; str() of the literal is what is compared.
    const isFloat = /[.eE]/.test(kind);
    return { type: 'literal', value: isFloat && Number.isInteger(value) ? value.toFixed(1) : String(value) };
  }
  if (kind.includes('%(')) return fail(0, `the left of a check names a credential, not the target: '${kind}'`);
  if (kind.startsWith("'") || kind.startsWith('"')) return fail(0, `malformed quoted literal '${kind}'`);
  const path = kind.split('.');
  if (path.some((segment) => segment === '')) return fail(0, `empty segment in credential path '${kind}'`);
  return { type: 'credential', path };
}

/** The right of a check: a quoted literal, or text with `%(key)s` holes. */
function parseMatch(match: string, fail: (offset: number, problem: string) => never): Template {
  const quoted = unquote(match);
  if (quoted !== undefined) return [quoted];
  const parts: (string | { key: string })[] = [];
  let text = '';
  let i = 0;
  while (i < match.length) {
    const c = match[i]!;
    if (c !== '%') {
      text += c;
      i++;
      continue;
    }
    if (match[i + 1] === '%') {
      text += '%';
      i += 2;
      continue;
    }
    const close = match[i + 1] === '(' ? match.indexOf(')', i + 2) : -1;
    if (close < 0) return fail(i, "a lone '%' (write '%%' for a percent sign)");
    const key = match.slice(i + 2, close);
    if (key === '') return fail(i, "empty '%()s' substitution");
    if (match[close + 1] !== 's') return fail(i, `only '%(${key})s' substitutions are supported`);
    if (text !== '') parts.push(text);
    text = '';
    parts.push({ key });
    i = close + 2;
  }
  if (text !== '') parts.push(text);
  return parts;
}

function unquote(text: string): string | undefined {
  const q = text[0];
  if (text.length >= 2 && (q === "'" || q === '"') && text.endsWith(q) && !text.slice(1, -1).includes(q)) {
    return text.slice(1, -1);
  }
  return undefined;
}
