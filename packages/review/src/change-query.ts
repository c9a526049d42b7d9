// Gerrit's change query language (Documentation/user-search.txt), the common operators: parse, bind, match.
import { BadRequest } from '@nubo/core';
import type { Change, ChangeStatus } from './change-model.js';
import { CHANGE_ID } from './commit-message.js';
import { labelNamed, submitRequirements } from './labels.js';

/** A parsed query. */
export type QueryNode =
  | { op: 'and' | 'or'; children: QueryNode[] }
  | { op: 'not'; child: QueryNode }
  | { op: 'term'; key: string; value: string };

/** Splits the query text into `(`, `)`, `-` and terms (`key:value`, `key:"quoted value"`, `key:{braced}`, words). */
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      tokens.push(c);
      i++;
      continue;
    }
    if (c === '-' && i + 1 < text.length && !/\s/.test(text[i + 1]!)) {
      tokens.push('-');
      i++;
      continue;
    }
    let token = '';
    while (i < text.length && !/\s/.test(text[i]!) && text[i] !== ')') {
      const d = text[i]!;
      if (d === '"' || d === '{') {
        const close = d === '"' ? '"' : '}';
        const end = text.indexOf(close, i + 1);
        if (end < 0) throw new BadRequest(`line 1:${i} mismatched input in query: ${text}`);
        token += text.slice(i + 1, end);
        i = end + 1;
        continue;
      }
      if (d === '(' && token === '') break;
      token += d;
      i++;
    }
    if (token !== '') tokens.push(token);
  }
  return tokens;
}

/**
 * Parses a query: terms joined by spaces or AND, alternatives with OR, negation with `-` or NOT, parentheses.
 *
 * @throws BadRequest for a query that does not parse.
 */
export function parseQuery(text: string): QueryNode {
  const tokens = tokenize(text);
  let at = 0;
  const peek = () => tokens[at];
  const parseOr = (): QueryNode => {
    const children = [parseAnd()];
    while (peek() === 'OR' || peek() === 'or') {
      at++;
      children.push(parseAnd());
    }
    return children.length === 1 ? children[0]! : { op: 'or', children };
  };
  const parseAnd = (): QueryNode => {
    const children = [parseNot()];
    for (;;) {
      const next = peek();
      if (next === undefined || next === ')' || next === 'OR' || next === 'or') break;
      if (next === 'AND' || next === 'and') at++;
      children.push(parseNot());
    }
    return children.length === 1 ? children[0]! : { op: 'and', children };
  };
  const parseNot = (): QueryNode => {
    const next = peek();
    if (next === '-' || next === 'NOT' || next === 'not') {
      at++;
      return { op: 'not', child: parseNot() };
    }
    return parsePrimary();
  };
  const parsePrimary = (): QueryNode => {
    const next = tokens[at++];
    if (next === undefined) throw new BadRequest(`line 1:${text.length} no viable alternative at input '${text}'`);
    if (next === '(') {
      const inner = parseOr();
      if (tokens[at++] !== ')') throw new BadRequest(`line 1:${text.length} missing ')' at '${text}'`);
      return inner;
    }
    if (next === ')') throw new BadRequest(`line 1:0 extraneous input ')' in query: ${text}`);
    const colon = next.indexOf(':');
    if (colon > 0) return { op: 'term', key: next.slice(0, colon).toLowerCase(), value: next.slice(colon + 1) };
    return { op: 'term', key: '', value: next };
  };
  if (tokens.length === 0) throw new BadRequest('empty query');
  const node = parseOr();
  if (at < tokens.length) throw new BadRequest(`line 1:0 extraneous input '${tokens[at]}' in query: ${text}`);
  return node;
}

const OPERATORS = new Set([
  '',
  'status',
  'is',
  'project',
  'projects',
  'branch',
  'ref',
  'owner',
  'change',
  'topic',
  'label',
  'commit',
  'message',
  'limit',
  'intopic',
]);

/** Account lookups a query needs (owner:, label:…,user=); `self` is the caller. */
export interface QueryBindings {
  /** Account ids named by `owner:` and label `user=` operands, by operand text. */
  accounts: Map<string, Set<number>>;
}

/** The account operands of a query, to resolve before matching. */
export function accountOperands(node: QueryNode): string[] {
  switch (node.op) {
    case 'and':
    case 'or':
      return node.children.flatMap(accountOperands);
    case 'not':
      return accountOperands(node.child);
    case 'term': {
      if (!OPERATORS.has(node.key)) throw new BadRequest(`Unsupported operator ${node.key}:${node.value}`);
      if (node.key === 'owner') return [node.value];
      if (node.key === 'label') {
        const parts = node.value.split(',');
        return parts.length > 1 ? [parts[1]!.replace(/^user=/, '')] : [];
      }
      return [];
    }
  }
}

/** The statuses, project and branch every match must have (for the SQL part of a query), when the query says. */
export function coarseFilters(node: QueryNode): { statuses?: ChangeStatus[]; project?: string; branch?: string } {
  const terms = node.op === 'and' ? node.children : [node];
  const out: { statuses?: ChangeStatus[]; project?: string; branch?: string } = {};
  for (const term of terms) {
    if (term.op !== 'term') continue;
    if (term.key === 'status' || term.key === 'is') {
      const statuses = statusesOf(term.value);
      if (statuses) out.statuses = statuses;
    } else if (term.key === 'project') out.project = term.value;
    else if (term.key === 'branch') out.branch = term.value.replace(/^refs\/heads\//, '');
  }
  return out;
}

function statusesOf(value: string): ChangeStatus[] | undefined {
  switch (value.toLowerCase()) {
    case 'open':
    case 'new':
    case 'pending':
      return ['NEW'];
    case 'merged':
      return ['MERGED'];
    case 'abandoned':
      return ['ABANDONED'];
    case 'closed':
      return ['MERGED', 'ABANDONED'];
    default:
      return undefined;
  }
}

/** `label:Code-Review=+2`, `label:Verified>=1`, `label:Code-Review-2`, `label:Workflow=MAX`, each optionally `,user`. */
function labelMatches(value: string, change: Change, bindings: QueryBindings): boolean {
  const [spec = '', userPart] = value.split(',');
  const match = /^([A-Za-z0-9-]+?)(>=|<=|=|>|<)?([+-]?\d+|MAX|MIN|max|min|ok|reject|need)?$/.exec(spec);
  if (!match) throw new BadRequest(`Invalid label query: ${value}`);
  const label = labelNamed(match[1]!);
  if (!label) return false;
  const operator = match[2] ?? '=';
  // A label without a value asks for its maximum (label:Code-Review is label:Code-Review=MAX).
  const raw = match[3] ?? 'MAX';
  let wanted: number;
  if (/^(max|ok)$/i.test(raw)) wanted = label.max;
  else if (/^(min|reject)$/i.test(raw)) wanted = label.min;
  else if (/^need$/i.test(raw)) return !submitRequirements(votes(change)).find((r) => r.name === label.name)?.satisfied;
  else wanted = Number(raw);
  const users = userPart ? bindings.accounts.get(userPart.replace(/^user=/, '')) : undefined;
  const cast = change.approvals.filter(
    (a) => a.patchSet === change.currentPatchSet && a.label === label.name && (!users || users.has(a.accountId)),
  );
  // `label:X=0` matches a change without any vote on X (Gerrit's "no score").
  if (operator === '=' && wanted === 0) return cast.length === 0;
  return cast.some((a) => compare(a.value, operator, wanted));
}

function compare(actual: number, operator: string, wanted: number): boolean {
  switch (operator) {
    case '>=':
      return actual >= wanted;
    case '<=':
      return actual <= wanted;
    case '>':
      return actual > wanted;
    case '<':
      return actual < wanted;
    default:
      return actual === wanted;
  }
}

function votes(change: Change) {
  return change.approvals
    .filter((a) => a.patchSet === change.currentPatchSet)
    .map((a) => ({ label: a.label, accountId: a.accountId, value: a.value }));
}

function termMatches(key: string, value: string, change: Change, bindings: QueryBindings): boolean {
  switch (key) {
    case 'status':
    case 'is': {
      const statuses = statusesOf(value);
      if (statuses) return statuses.includes(change.status);
      if (key === 'is' && value === 'wip') return change.workInProgress;
      if (key === 'is' && value === 'submittable') return submitRequirements(votes(change)).every((r) => r.satisfied);
      throw new BadRequest(`Unrecognized value: ${value}`);
    }
    case 'project':
      return change.project === value;
    case 'projects':
      return change.project.startsWith(value);
    case 'branch':
      return change.branch === value.replace(/^refs\/heads\//, '');
    case 'ref':
      return `refs/heads/${change.branch}` === value;
    case 'owner':
      return bindings.accounts.get(value)?.has(change.ownerAccountId) ?? false;
    case 'change':
      return /^\d+$/.test(value) ? change.number === Number(value) : change.changeKey === value;
    case 'topic':
    case 'intopic':
      return key === 'topic' ? change.topic === value : (change.topic ?? '').includes(value);
    case 'label':
      return labelMatches(value, change, bindings);
    case 'commit':
      return change.patchSets.some((p) => p.revision.startsWith(value.toLowerCase()));
    case 'message':
      return change.patchSets.some((p) => p.commit.message.toLowerCase().includes(value.toLowerCase()));
    case 'limit':
      return true;
    default:
      return bareMatches(value, change);
  }
}

/** A bare word: a change number, a Change-Id, a commit prefix, else a word of the commit message. */
function bareMatches(value: string, change: Change): boolean {
  if (/^\d+$/.test(value)) return change.number === Number(value);
  if (CHANGE_ID.test(value)) return change.changeKey === value;
  if (/^[0-9a-f]{4,40}$/.test(value) && change.patchSets.some((p) => p.revision.startsWith(value))) return true;
  return change.patchSets.some((p) => p.commit.message.toLowerCase().includes(value.toLowerCase()));
}

/** Whether a change matches a parsed query. */
export function matches(node: QueryNode, change: Change, bindings: QueryBindings): boolean {
  switch (node.op) {
    case 'and':
      return node.children.every((c) => matches(c, change, bindings));
    case 'or':
      return node.children.some((c) => matches(c, change, bindings));
    case 'not':
      return !matches(node.child, change, bindings);
    case 'term':
      return termMatches(node.key, node.value, change, bindings);
  }
}

/** The `limit:` a query sets, if any. */
export function limitOf(node: QueryNode): number | undefined {
  const terms = node.op === 'and' ? node.children : [node];
  for (const term of terms)
    if (term.op === 'term' && term.key === 'limit' && /^\d+$/.test(term.value)) return Number(term.value);
  return undefined;
}
