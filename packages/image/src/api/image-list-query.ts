// GET /v2/images query parsing: filters, `in:` lists, comparisons, sorting and paging, with Glance's 400 messages.
import { BadRequest } from '@nubo/core';
import type { ComparisonOp, FilterColumn, ImageCondition, SortKey } from '../db/images.js';
import type { ImageListParams } from '../images.js';

const SORT_KEYS: readonly SortKey[] = [
  'name',
  'status',
  'container_format',
  'disk_format',
  'size',
  'id',
  'created_at',
  'updated_at',
];
const IN_COLUMNS: ReadonlySet<string> = new Set(['name', 'id', 'status', 'container_format', 'disk_format']);
const STRING_COLUMNS: ReadonlySet<string> = new Set(['owner', 'checksum', 'os_hash_algo', 'os_hash_value']);
const INTEGER_COLUMNS: ReadonlySet<string> = new Set(['size', 'virtual_size', 'min_disk', 'min_ram']);
const TIME_OPS: Record<string, ComparisonOp> = { gt: '>', gte: '>=', lt: '<', lte: '<=', eq: '=', neq: '<>' };
/** Keys Glance overrides or ignores rather than treating as a property filter. */
const IGNORED = new Set(['deleted', 'deleted_at']);

/** oslo_utils.timeutils.parse_isotime's accepted shapes (a date, optional time, optional zone). */
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** An ISO 8601 time as the stored text (UTC, to the second), or undefined when it does not parse. */
function parseIsoTime(text: string): string | undefined {
  const m = ISO_8601.exec(text.trim());
  if (!m) return undefined;
  // Without a zone, iso8601 (oslo's parser) assumes UTC; JavaScript would assume local time.
  const zoned = m[7] ? text.trim() : `${text.trim()}${m[4] ? '' : 'T00:00:00'}Z`;
  const ms = Date.parse(zoned.replace(' ', 'T'));
  if (Number.isNaN(ms)) return undefined;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** glance.common.utils.split_filter_op: `op:value`, except that a bare ISO time with colons is an `eq`. */
function splitFilterOp(expression: string): [string, string] {
  const at = expression.indexOf(':');
  if (at < 0 || parseIsoTime(expression) !== undefined) return ['eq', expression];
  return [expression.slice(0, at), expression.slice(at + 1)];
}

/** glance.common.utils.split_filter_value_for_quotes: `a,"b, c",d` → [a, b, c… as quoted]. */
function splitInValues(value: string): string[] {
  let open = false;
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== '"' || (i > 0 && value[i - 1] === '\\')) continue;
    if (!open && i > 0 && value[i - 1] !== ',') {
      throw new BadRequest(`Invalid filter value ${value}. There is no comma before opening quotation mark.`);
    }
    if (open && i + 1 !== value.length && value[i + 1] !== ',') {
      throw new BadRequest(`Invalid filter value ${value}. There is no comma after closing quotation mark.`);
    }
    open = !open;
  }
  if (open) throw new BadRequest(`Invalid filter value ${value}. The quote is not closed.`);
  return [...value.matchAll(/"([^"\\]*(?:\\.[^"\\]*)*)",?|([^,]+),?|,/g)].map((m) => m[1] ?? m[2] ?? '');
}

function parseLimit(text: string): number {
  if (!/^\s*[-+]?\d+\s*$/.test(text)) throw new BadRequest('limit param must be an integer');
  const limit = Number(text);
  if (limit < 0) throw new BadRequest('limit param must be positive');
  return limit;
}

function sortKeyOf(key: string): SortKey {
  if (!SORT_KEYS.includes(key as SortKey)) {
    throw new BadRequest(`Invalid sort key: ${key}. It must be one of the following: ${SORT_KEYS.join(', ')}.`);
  }
  return key as SortKey;
}

function sortDirOf(dir: string): 'asc' | 'desc' {
  if (dir !== 'asc' && dir !== 'desc') throw new BadRequest(`Invalid sort direction: ${dir}`);
  return dir;
}

/** Glance's two sorting syntaxes: `sort=name:asc,size` or repeated `sort_key`/`sort_dir` (images.py). */
function parseSort(pairs: [string, string][]): ImageListParams['sort'] {
  const sort = pairs.filter(([k]) => k === 'sort').map(([, v]) => v);
  const keys = pairs.filter(([k]) => k === 'sort_key').map(([, v]) => v.trim());
  const dirs = pairs.filter(([k]) => k === 'sort_dir').map(([, v]) => v.trim());
  if (sort.length > 0) {
    if (keys.length > 0 || dirs.length > 0) throw new BadRequest('Old and new sorting syntax cannot be combined');
    return sort[0]!
      .trim()
      .split(',')
      .map((part) => {
        const [key = '', dir = ''] = part.split(/:(.*)/s);
        return { key: sortKeyOf(key.trim()), dir: sortDirOf(dir.trim() || 'desc') };
      });
  }
  const sortKeys = keys.map(sortKeyOf);
  const sortDirs = dirs.map(sortDirOf);
  if (sortDirs.length > 1 && sortDirs.length !== sortKeys.length) {
    throw new BadRequest('Number of sort dirs does not match the number of sort keys');
  }
  if (sortKeys.length === 0) sortKeys.push('created_at');
  // One direction applies to every key (glance/db/sqlalchemy/api.py _image_get_all).
  return sortKeys.map((key, i) => ({ key, dir: sortDirs[sortDirs.length === 1 ? 0 : i] ?? 'desc' }));
}

function booleanFilter(name: string, value: string): boolean {
  if (value !== 'true' && value !== 'false') {
    throw new BadRequest(`Invalid value '${value}' for '${name}' filter. Valid values are 'true' or 'false'.`);
  }
  return value === 'true';
}

/** One filter key to conditions or a property match, following glance/db/sqlalchemy/api.py. */
function addFilter(out: ImageListParams, key: string, value: string): void {
  if (IN_COLUMNS.has(key)) {
    const [op, operand] = splitFilterOp(value);
    if (op === 'in') out.conditions.push({ column: key as FilterColumn, op: 'in', values: splitInValues(operand) });
    else if (op === 'eq') out.conditions.push({ column: key as FilterColumn, op: '=', value: operand });
    else throw new BadRequest(`Unable to filter by unknown operator '${op}'.`);
    return;
  }
  const range = /^(.*)_(min|max)$/.exec(key);
  if (range && INTEGER_COLUMNS.has(range[1]!)) {
    if (!/^\s*[-+]?\d+\s*$/.test(value)) throw new BadRequest('Unable to filter on a range with a non-numeric value.');
    out.conditions.push({
      column: range[1] as FilterColumn,
      op: range[2] === 'min' ? '>=' : '<=',
      value: Number(value),
    });
    return;
  }
  if (key === 'created_at' || key === 'updated_at') {
    const [op, operand] = splitFilterOp(value);
    const time = parseIsoTime(operand);
    if (time === undefined) throw new BadRequest(`Bad "${key}" query filter format. Use ISO 8601 DateTime notation.`);
    const sqlOp = TIME_OPS[op];
    if (!sqlOp) throw new BadRequest('Unable to filter on a unknown operator.');
    out.conditions.push({ column: key, op: sqlOp, value: time });
    return;
  }
  if (STRING_COLUMNS.has(key)) {
    out.conditions.push({ column: key as FilterColumn, op: '=', value });
  } else if (INTEGER_COLUMNS.has(key)) {
    // A value that is no integer matches no image (rather than an engine-specific cast error).
    if (/^\s*[-+]?\d+\s*$/.test(value))
      out.conditions.push({ column: key as FilterColumn, op: '=', value: Number(value) });
    else out.conditions.push({ column: 'id', op: 'in', values: [] });
  } else if (!IGNORED.has(key)) {
    out.properties[key] = value;
  }
}

/**
 * Parses a list request's query string as glance/api/v2/images.py RequestDeserializer.index and the controller do.
 *
 * @throws BadRequest for a bad limit, sort key or direction, visibility, member_status, operator or boolean.
 */
export function parseImageListQuery(
  pairs: [string, string][],
  limits: { defaultLimit: number; maxLimit: number },
): ImageListParams {
  const first = (key: string) => pairs.find(([k]) => k === key)?.[1];
  const memberStatus = first('member_status') ?? 'accepted';
  if (!['pending', 'accepted', 'rejected', 'all'].includes(memberStatus)) {
    throw new BadRequest(`Invalid status: ${memberStatus}`);
  }
  const visibility = first('visibility');
  if (visibility !== undefined && visibility !== '') {
    if (!['community', 'public', 'private', 'shared', 'all'].includes(visibility)) {
      throw new BadRequest(`Invalid visibility value: ${visibility}`);
    }
  }
  if (first('changes-since') !== undefined) {
    throw new BadRequest('The "changes-since" filter is no longer available on v2.');
  }
  const limitText = first('limit');
  const limit = limitText === undefined ? limits.defaultLimit : parseLimit(limitText);
  const out: ImageListParams = {
    memberStatus: memberStatus as ImageListParams['memberStatus'],
    visibility: visibility || undefined,
    conditions: [] as ImageCondition[],
    properties: {},
    tags: pairs.filter(([k]) => k === 'tag').map(([, v]) => v.trim()),
    sort: parseSort(pairs),
    marker: first('marker'),
    limit: Math.min(limit, limits.maxLimit),
  };
  const osHidden = (first('os_hidden') ?? 'false').toLowerCase();
  if (osHidden !== 'true' && osHidden !== 'false') {
    throw new BadRequest(`Invalid value '${osHidden}' for 'os_hidden' filter. Valid values are 'true' or 'false'.`);
  }
  out.conditions.push({ column: 'os_hidden', op: '=', value: osHidden === 'true' ? 1 : 0 });
  const isProtected = first('protected');
  if (isProtected !== undefined) {
    out.conditions.push({ column: 'protected', op: '=', value: booleanFilter('protected', isProtected) ? 1 : 0 });
  }
  const handled = new Set([
    'limit',
    'marker',
    'member_status',
    'tag',
    'visibility',
    'sort',
    'sort_key',
    'sort_dir',
    'os_hidden',
    'protected',
  ]);
  // A repeated filter keeps its last value, as the dict Glance builds from the query string does.
  const filters = new Map<string, string>();
  for (const [key, value] of pairs) if (!handled.has(key)) filters.set(key, value);
  for (const [key, value] of filters) addFilter(out, key, value);
  return out;
}
