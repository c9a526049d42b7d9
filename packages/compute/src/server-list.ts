// The server list (GET /servers and /servers/detail): Nova's search options, mapped onto an SQL filter plus the
// regex and tag filters applied on the result, then sorting and marker/limit paging.
import { BadRequest } from '@nubo/core';
import type { ComputeContext } from './context.js';
import { type InstanceFilters, listInstances } from './db/instances.js';
import type { InstanceRow } from './db/tables.js';
import { listTags } from './db/tags.js';

/** The search the handler built from the query string (already stripped of what the caller may not use). */
export interface ServerQuery {
  /** Exact filters SQL applies. */
  sql: InstanceFilters;
  /** Python-style regex filters (re.search), by instance column. */
  regex: Partial<Record<keyof InstanceRow, string>>;
  /** Exact filters on columns SQL does not index here. */
  exact: Partial<Record<keyof InstanceRow, string>>;
  /** The flavorid of the embedded flavor. */
  flavorId?: string;
  tags?: string[];
  tagsAny?: string[];
  notTags?: string[];
  notTagsAny?: string[];
  /** Whether an `ip`/`ip6` filter was given: servers have no addresses until networking lands, so none match. */
  ipFilter?: boolean;
  locked?: boolean;
  sortKeys: string[];
  sortDirs: ('asc' | 'desc')[];
  limit: number;
  marker?: string;
}

/** Nova's sort keys mapped onto instance columns. */
const SORT_COLUMNS: Record<string, keyof InstanceRow> = {
  access_ip_v4: 'access_ip_v4',
  access_ip_v6: 'access_ip_v6',
  availability_zone: 'availability_zone',
  config_drive: 'config_drive',
  created_at: 'created_at',
  display_description: 'description',
  display_name: 'name',
  host: 'host',
  hostname: 'hostname',
  image_ref: 'image_id',
  key_name: 'key_name',
  launch_index: 'launch_index',
  launched_at: 'launched_at',
  locked: 'locked',
  locked_by: 'locked_by',
  node: 'node',
  power_state: 'power_state',
  progress: 'progress',
  project_id: 'project_id',
  task_state: 'task_state',
  terminated_at: 'terminated_at',
  updated_at: 'updated_at',
  user_id: 'user_id',
  uuid: 'id',
  vm_state: 'vm_state',
};

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}

/** A Python regex as JavaScript reads it; one that does not compile matches literally (Nova's DB would 500 or not match). */
function pattern(text: string): RegExp {
  try {
    return new RegExp(text);
  } catch {
    return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  }
}

/**
 * The servers matching `query`, sorted, from after `marker`, at most `limit`.
 *
 * @throws BadRequest "marker [x] not found" when the marker is not among the matches.
 */
export async function listServers(ctx: ComputeContext, query: ServerQuery): Promise<InstanceRow[]> {
  if (query.ipFilter) return [];
  let rows = await listInstances(ctx.db, query.sql);
  for (const [column, text] of Object.entries(query.regex) as [keyof InstanceRow, string][]) {
    const re = pattern(text);
    rows = rows.filter((r) => r[column] !== null && re.test(String(r[column])));
  }
  for (const [column, text] of Object.entries(query.exact) as [keyof InstanceRow, string][]) {
    rows = rows.filter((r) => r[column] !== null && String(r[column]) === text);
  }
  if (query.flavorId !== undefined) {
    rows = rows.filter((r) => (JSON.parse(r.flavor) as { id: string }).id === query.flavorId);
  }
  if (query.locked !== undefined) rows = rows.filter((r) => (r.locked === 1) === query.locked);
  if (query.tags || query.tagsAny || query.notTags || query.notTagsAny) {
    const tags = await listTags(
      ctx.db,
      rows.map((r) => r.id),
    );
    rows = rows.filter((r) => {
      const have = new Set(tags.get(r.id) ?? []);
      if (query.tags && !query.tags.every((t) => have.has(t))) return false;
      if (query.tagsAny && !query.tagsAny.some((t) => have.has(t))) return false;
      if (query.notTags?.every((t) => have.has(t))) return false;
      if (query.notTagsAny?.some((t) => have.has(t))) return false;
      return true;
    });
  }
  const keys = query.sortKeys.length > 0 ? query.sortKeys : ['created_at'];
  const order = keys.map((key, i) => ({
    column: SORT_COLUMNS[key] ?? 'created_at',
    sign: (query.sortDirs[i] ?? query.sortDirs[0] ?? 'desc') === 'asc' ? 1 : -1,
  }));
  // Nova appends created_at and id (desc) so the order is total and markers are stable.
  order.push({ column: 'created_at', sign: -1 }, { column: 'id', sign: -1 });
  rows.sort((a, b) => {
    for (const { column, sign } of order) {
      const c = compare(a[column], b[column]);
      if (c !== 0) return sign * c;
    }
    return 0;
  });
  let start = 0;
  if (query.marker !== undefined) {
    const at = rows.findIndex((r) => r.id === query.marker);
    if (at < 0) throw new BadRequest(`marker [${query.marker}] not found`);
    start = at + 1;
  }
  return rows.slice(start, start + query.limit);
}
