// The bodies of Zuul's admin calls (as zuul-client sends them), checked by hand: each rule is Zuul's.
import { BadRequest } from '@nubo/core';
import type { ItemSelector } from '../scheduler/gate-control.js';

function asObject(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new BadRequest('The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '')
    throw new BadRequest(`Invalid value for ${key}: a string is required.`);
  return value;
}

function requiredString(body: Record<string, unknown>, key: string): string {
  const value = optionalString(body, key);
  if (value === undefined) throw new BadRequest(`Missing '${key}' in the request body.`);
  return value;
}

const CHANGE = /^\d+,\d+$/;

/** enqueue/dequeue: `pipeline` and either `change` ("123,1") or `ref` (with `oldrev`/`newrev` for enqueue). */
export function itemSelectorOf(body: unknown, project: string): ItemSelector {
  const b = asObject(body);
  const pipeline = requiredString(b, 'pipeline');
  const change = optionalString(b, 'change');
  const ref = optionalString(b, 'ref');
  if (change !== undefined && ref !== undefined) throw new BadRequest('change and ref are mutually exclusive.');
  if (change === undefined && ref === undefined) throw new BadRequest("Missing 'change' or 'ref' in the request body.");
  if (change !== undefined) {
    if (!CHANGE.test(change))
      throw new BadRequest(`Invalid change ${JSON.stringify(change)}: use "<change>,<patchset>".`);
    return { pipeline, project, change };
  }
  const oldrev = optionalString(b, 'oldrev');
  const newrev = optionalString(b, 'newrev');
  for (const [key, rev] of [
    ['oldrev', oldrev],
    ['newrev', newrev],
  ] as const) {
    if (rev !== undefined && !/^[0-9a-f]{40}$/.test(rev))
      throw new BadRequest(`Invalid ${key}: a 40-digit commit id is required.`);
  }
  return { pipeline, project, ref: ref!, ...(oldrev ? { oldrev } : {}), ...(newrev ? { newrev } : {}) };
}

/** promote: `pipeline` and a non-empty list `changes` of "123,1". */
export function promoteBodyOf(body: unknown): { pipeline: string; changes: string[] } {
  const b = asObject(body);
  const pipeline = requiredString(b, 'pipeline');
  const changes = b.changes;
  if (!Array.isArray(changes) || changes.length === 0) throw new BadRequest("'changes' must be a non-empty list.");
  for (const c of changes) {
    if (typeof c !== 'string' || !CHANGE.test(c))
      throw new BadRequest(`Invalid change ${JSON.stringify(c)}: use "<change>,<patchset>".`);
  }
  return { pipeline, changes: changes as string[] };
}

export interface AutoholdBody {
  job: string;
  reason: string;
  count: number;
  nodeExpiration: number;
  refFilter: string | null;
}

function nonNegativeInt(b: Record<string, unknown>, key: string, fallback: number, min: number): number {
  const v = b[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new BadRequest(`Invalid value for ${key}: an integer of at least ${min} is required.`);
  }
  return v;
}

/** autohold: `job`, `reason`, `count` (≥ 1), `node_hold_expiration` (s), and `change` or `ref` to narrow it. */
export function autoholdBodyOf(body: unknown): AutoholdBody {
  const b = asObject(body);
  const job = requiredString(b, 'job');
  const reason = requiredString(b, 'reason');
  const change = b.change === undefined || b.change === null ? undefined : String(b.change);
  const ref = optionalString(b, 'ref');
  if (change !== undefined && ref !== undefined) throw new BadRequest('change and ref are mutually exclusive.');
  let refFilter: string | null = ref ?? null;
  if (change !== undefined) {
    if (!/^\d+$/.test(change)) throw new BadRequest('Invalid change: a change number is required.');
    // Gerrit's change refs: refs/changes/<last two digits>/<change>/<patchset>.
    refFilter = `refs/changes/${change.slice(-2).padStart(2, '0')}/${change}/.*`;
  }
  if (refFilter !== null) {
    try {
      new RegExp(refFilter);
    } catch {
      throw new BadRequest(`Invalid ref: ${JSON.stringify(refFilter)} is not a regular expression.`);
    }
  }
  return {
    job,
    reason,
    refFilter,
    count: nonNegativeInt(b, 'count', 1, 1),
    nodeExpiration: nonNegativeInt(b, 'node_hold_expiration', 86400, 0),
  };
}
