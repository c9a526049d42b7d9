// The gerrit driver's trigger filters and pipeline requirements (Zuul's GerritEventFilter, GerritRefFilter):
// `event`, `branch`, `ref`, `comment`, `approval`, `username`, `email`, `ignore-deletes`; and for require/reject
// `open`, `current-patchset`, `status`, `wip`, `approval` (with `username`/`email`).
import { compileRegex } from '../config/regex.js';
import type { ConfigMap, ConfigValue } from '../model/config-value.js';
import type { GateChange } from '../scheduler/gate-change.js';
import type { TriggerEvent } from './trigger-event.js';

const NULL_REV = '0000000000000000000000000000000000000000';
const APPROVAL_KEYS = new Set(['username', 'email', 'newer-than', 'older-than']);

function list(value: ConfigValue | undefined): ConfigValue[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? [...value] : [value];
}

/** Zuul's anchored match (re.match). */
function matches(pattern: ConfigValue, text: string | null): boolean {
  if (text === null) return false;
  const re = compileRegex(String(pattern));
  return typeof re !== 'string' && re.test(text);
}

const searchCache = new Map<string, RegExp | null>();
/** Zuul's comment filters search anywhere (re.search); `(?i)` becomes the i flag and `^` matches at line starts. */
function searches(pattern: ConfigValue, text: string | null): boolean {
  if (text === null) return false;
  const source = String(pattern);
  let re = searchCache.get(source);
  if (re === undefined) {
    const inline = /^\(\?([ims]+)\)/.exec(source);
    try {
      re = new RegExp(inline ? source.slice(inline[0].length) : source, `${inline ? inline[1] : ''}`.replace('m', ''));
    } catch {
      re = null;
    }
    searchCache.set(source, re);
  }
  return re?.test(text) ?? false;
}

/** The label conditions of one `approval` entry: label → accepted values. */
function labelConditions(entry: ConfigMap): [string, number[]][] {
  return Object.entries(entry)
    .filter(([k]) => !APPROVAL_KEYS.has(k))
    .map(([label, v]) => [label, list(v).map((x) => Number(x))]);
}

/** Whether one trigger filter (a mapping under `trigger: gerrit:`) accepts the event. */
export function filterMatches(filter: ConfigMap, event: TriggerEvent): boolean {
  const types = list(filter.event);
  if (types.length > 0 && !types.some((t) => matches(t, event.type))) return false;
  const branches = list(filter.branch);
  if (branches.length > 0 && !branches.some((b) => matches(b, event.branch))) return false;
  const refs = list(filter.ref);
  if (refs.length > 0 && !refs.some((r) => matches(r, event.ref))) return false;
  if (filter['ignore-deletes'] !== false && event.type === 'ref-updated' && event.newRev === NULL_REV) return false;
  const comments = list(filter.comment ?? filter.comment_filter);
  // Gerrit prefixes the text with `Patch Set N: <votes>` and a blank line; a filter may be written for either form.
  const body = event.comment?.replace(/^Patch Set \d+:[^\n]*(\n\n)?/, '') ?? null;
  if (comments.length > 0 && !comments.some((c) => searches(c, event.comment) || searches(c, body))) return false;
  const users = list(filter.username ?? filter.username_filter);
  if (users.length > 0 && !users.some((u) => matches(u, event.username))) return false;
  const emails = list(filter.email ?? filter.email_filter);
  if (emails.length > 0 && !emails.some((e) => matches(e, event.email))) return false;
  for (const entry of list(filter.approval)) {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) continue;
    for (const [label, values] of labelConditions(entry as ConfigMap)) {
      const hit = event.approvals.some((a) => a.type.toLowerCase() === label.toLowerCase() && values.includes(a.value));
      if (!hit) return false;
    }
  }
  return true;
}

/** Whether some current vote satisfies an `approval` entry (every label in it, by a matching user). */
function approvalPresent(change: GateChange, entry: ConfigMap): boolean {
  const labels = labelConditions(entry);
  return labels.every(([label, values]) =>
    change.approvals.some(
      (a) =>
        a.label.toLowerCase() === label.toLowerCase() &&
        values.includes(a.value) &&
        (entry.username === undefined || matches(entry.username, a.username)),
    ),
  );
}

/** Pipeline `require` (every condition must hold) for the gerrit driver. */
export function meetsRequirements(conditions: ConfigMap, change: GateChange): boolean {
  if (conditions.open !== undefined && (change.status === 'NEW') !== Boolean(conditions.open)) return false;
  if (
    conditions['current-patchset'] !== undefined &&
    change.isCurrentPatchset !== Boolean(conditions['current-patchset'])
  )
    return false;
  if (conditions.wip !== undefined && change.wip !== Boolean(conditions.wip)) return false;
  const statuses = list(conditions.status).map(String);
  if (statuses.length > 0 && !statuses.includes(change.status)) return false;
  for (const entry of list(conditions.approval)) {
    if (entry && typeof entry === 'object' && !Array.isArray(entry) && !approvalPresent(change, entry as ConfigMap))
      return false;
  }
  return true;
}

/** Pipeline `reject` (any condition that holds rejects) for the gerrit driver. */
export function isRejected(conditions: ConfigMap, change: GateChange): boolean {
  if (conditions.open !== undefined && (change.status === 'NEW') === Boolean(conditions.open)) return true;
  if (
    conditions['current-patchset'] !== undefined &&
    change.isCurrentPatchset === Boolean(conditions['current-patchset'])
  )
    return true;
  if (conditions.wip !== undefined && change.wip === Boolean(conditions.wip)) return true;
  const statuses = list(conditions.status).map(String);
  if (statuses.length > 0 && statuses.includes(change.status)) return true;
  for (const entry of list(conditions.approval)) {
    if (entry && typeof entry === 'object' && !Array.isArray(entry) && approvalPresent(change, entry as ConfigMap))
      return true;
  }
  return false;
}
