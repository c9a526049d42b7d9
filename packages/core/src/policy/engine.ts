// Enforces named policy rules against a target and the caller's credentials, the way oslo.policy's Enforcer does.
import { Forbidden } from '../errors.js';
import { type Check, parseRule, type Template } from './parser.js';

/** A `%(key)s` whose key the target lacks: the check is false (oslo.policy catches the KeyError). */
const MISSING = Symbol('missing');

/**
 * A compiled set of named rules. Every check string is parsed once, here, so a bad rule fails start-up rather than
 * a request.
 *
 * Values compare as oslo.policy compares them: as Python's `str()` of each side, so the literal `True` matches a
 * boolean `true` and `1` matches the number 1. Null is stricter than Python's `'None' == 'None'`: a null credential
 * or target value never matches anything but an explicit `None` literal, so `project_id:%(target.project.id)s` is
 * false for a token without a project even when the target has no project either. Keystone's
 * `None:%(target.role.domain_id)s` (a global role) still holds.
 *
 * Target keys may be dotted: `%(target.user.domain_id)s` reads `target['target.user.domain_id']` (Keystone
 * flattens its targets) or `target.target.user.domain_id`, or any mix of the two.
 *
 * @example
 * const policy = new PolicyEngine({ admin_required: 'role:admin', 'identity:list_users': 'rule:admin_required' });
 * policy.enforce('identity:list_users', {}, { roles: ['admin'] });
 */
export class PolicyEngine {
  readonly #checkStrs: Readonly<Record<string, string>>;
  readonly #checks: ReadonlyMap<string, Check>;

  /**
   * @throws PolicySyntaxError for a check string that does not parse.
   * @throws Error for rules that reference each other in a cycle.
   */
  constructor(rules: Record<string, string>) {
    this.#checkStrs = Object.freeze({ ...rules });
    const checks = new Map<string, Check>();
    for (const [name, checkStr] of Object.entries(rules)) checks.set(name, parseRule(checkStr, name));
    assertNoCycles(checks);
    this.#checks = checks;
  }

  /** Whether `rule` allows the caller; an unknown rule is false, as in oslo.policy (fail closed). */
  check(rule: string, target: Record<string, unknown>, creds: Record<string, unknown>): boolean {
    const check = this.#checks.get(rule);
    return check !== undefined && evaluate(check, target, creds, this.#checks);
  }

  /**
   * Throws unless `rule` allows the caller.
   *
   * @throws Forbidden with Keystone's message naming the rule, when it denies.
   * @throws Error when no rule of that name is registered: a handler enforcing a rule nobody defined is a bug.
   */
  enforce(rule: string, target: Record<string, unknown>, creds: Record<string, unknown>): void {
    const check = this.#checks.get(rule);
    if (check === undefined) throw new Error(`policy rule "${rule}" is not registered`);
    if (!evaluate(check, target, creds, this.#checks)) {
      throw new Forbidden(`You are not authorized to perform the requested action: ${rule}.`);
    }
  }

  /** Whether a rule of this name is registered. */
  has(rule: string): boolean {
    return this.#checks.has(rule);
  }

  /** A new engine with the operator's rules (a policy file) replacing or adding to these; this one is unchanged. */
  withOverrides(overrides: Record<string, string>): PolicyEngine {
    return new PolicyEngine({ ...this.#checkStrs, ...overrides });
  }
}

function evaluate(
  check: Check,
  target: Record<string, unknown>,
  creds: Record<string, unknown>,
  rules: ReadonlyMap<string, Check>,
): boolean {
  switch (check.type) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'rule': {
      const referenced = rules.get(check.name);
      return referenced !== undefined && evaluate(referenced, target, creds, rules);
    }
    case 'role': {
      const role = render(check.match, target);
      if (typeof role !== 'string') return false;
      const roles = creds.roles;
      const wanted = role.toLowerCase();
      return Array.isArray(roles) && roles.some((r) => typeof r === 'string' && r.toLowerCase() === wanted);
    }
    case 'generic': {
      const expected = check.match === null ? null : render(check.match, target);
      if (expected === MISSING) return false;
      const { subject } = check;
      if (subject.type === 'literal') {
        // `None:%(x)s` holds when x is null (Keystone's test for a global role); a string never equals null.
        return expected === subject.value;
      }
      if (expected === null && check.match !== null) return false;
      return credentialMatches(creds, subject.path, expected);
    }
    case 'not':
      return !evaluate(check.check, target, creds, rules);
    case 'and':
      return check.checks.every((c) => evaluate(c, target, creds, rules));
    case 'or':
      return check.checks.some((c) => evaluate(c, target, creds, rules));
  }
}

/**
 * Fills a template from the target. A lone `%(key)s` whose value is null renders as null, so only a `None` literal
 * can match it; null inside longer text makes the check false rather than comparing Python's `'None'`.
 */
function render(template: Template, target: Record<string, unknown>): string | null | typeof MISSING {
  let out = '';
  for (const part of template) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const text = pythonStr(lookupTarget(target, part.key.split('.')));
    if (text === MISSING) return MISSING;
    if (text === null) return template.length === 1 ? null : MISSING;
    out += text;
  }
  return out;
}

/** Resolves a dotted key, trying the longest literal key first at each level so flat, nested and mixed targets work. */
function lookupTarget(node: unknown, segments: readonly string[]): unknown {
  if (!isRecord(node)) return MISSING;
  for (let take = segments.length; take >= 1; take--) {
    const key = segments.slice(0, take).join('.');
    if (!Object.hasOwn(node, key)) continue;
    const value = node[key];
    if (take === segments.length) return value;
    const found = lookupTarget(value, segments.slice(take));
    if (found !== MISSING) return found;
  }
  return MISSING;
}

/**
 * oslo.policy's `GenericCheck._find_in_dict`: walks the dotted credential path; where it meets a list, any element
 * may match (so `roles:admin` works on the roles list). `expected === null` asks for a null credential.
 */
function credentialMatches(node: unknown, path: readonly string[], expected: string | null): boolean {
  if (path.length === 0) return expected === null ? node === null : pythonStr(node) === expected;
  if (!isRecord(node) || !Object.hasOwn(node, path[0]!)) return false;
  const value = node[path[0]!];
  const rest = path.slice(1);
  if (Array.isArray(value)) return value.some((element) => credentialMatches(element, rest, expected));
  return credentialMatches(value, rest, expected);
}

/** Python's `str()` of a JSON-ish scalar; null stays null; anything that has no useful string form is MISSING. */
function pythonStr(value: unknown): string | null | typeof MISSING {
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      return value ? 'True' : 'False';
    case 'number':
    case 'bigint':
      return String(value);
    case 'object':
      return value === null ? null : MISSING;
    default:
      return MISSING;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** oslo.policy recurses until Python's stack gives out on `a: rule:b`, `b: rule:a`; refuse such a set up front. */
function assertNoCycles(checks: ReadonlyMap<string, Check>): void {
  const done = new Set<string>();
  const visit = (name: string, trail: string[]): void => {
    if (done.has(name)) return;
    if (trail.includes(name)) {
      throw new Error(`policy rules reference each other in a cycle: ${[...trail, name].join(' -> ')}`);
    }
    const check = checks.get(name);
    if (check !== undefined) for (const ref of referencedRules(check)) visit(ref, [...trail, name]);
    done.add(name);
  };
  for (const name of checks.keys()) visit(name, []);
}

function referencedRules(check: Check): string[] {
  switch (check.type) {
    case 'rule':
      return [check.name];
    case 'not':
      return referencedRules(check.check);
    case 'and':
    case 'or':
      return check.checks.flatMap(referencedRules);
    default:
      return [];
  }
}
