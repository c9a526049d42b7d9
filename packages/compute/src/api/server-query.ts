// GET /servers query strings read as Nova's `_get_servers` reads them: who may use which filter, status to states,
// all_tenants, deleted, changes-since/before, tags, locked, sorting and paging, into a ServerQuery.
import { BadRequest, Forbidden } from '@nubo/core';
import type { FastifyRequest } from 'fastify';
import type { Caller } from '../caller.js';
import type { ComputeContext } from '../context.js';
import { statesForStatuses } from '../instance-state.js';
import { idFromHref } from '../server-create.js';
import type { ServerQuery } from '../server-list.js';
import { atLeast, can, checkQuery, enforce, limitAndMarker, queryOf, strictBool } from './common.js';
import { IGNORED_SORT_KEYS, JOINED_TABLE_PARAMS, SERVER_QUERY_PARAMS, SERVER_SORT_KEYS } from './schemas/servers.js';

const PAGING_SORTING = ['limit', 'marker', 'sort_key', 'sort_dir'];

/** The filters a non-admin may use (Nova's `_get_server_search_options`), by microversion. */
function allowedFilters(request: FastifyRequest): string[] {
  const list = ['reservation_id', 'name', 'status', 'image', 'flavor', 'ip', 'changes-since', 'all_tenants'];
  if (atLeast(request, '2.5')) list.push('ip6');
  if (atLeast(request, '2.26')) list.push('tags', 'tags-any', 'not-tags', 'not-tags-any');
  if (atLeast(request, '2.66')) list.push('changes-before');
  if (atLeast(request, '2.73')) list.push('locked');
  if (atLeast(request, '2.83')) {
    list.push(
      ...['availability_zone', 'config_drive', 'key_name', 'created_at', 'launched_at', 'terminated_at'],
      ...['power_state', 'task_state', 'vm_state', 'progress', 'user_id'],
    );
  }
  if (atLeast(request, '2.90')) list.push('hostname');
  return list;
}

function validSortKeys(request: FastifyRequest): string[] {
  if (atLeast(request, '2.75')) return [...SERVER_SORT_KEYS, 'locked'];
  if (atLeast(request, '2.73'))
    return [...SERVER_SORT_KEYS, 'locked', ...IGNORED_SORT_KEYS.filter((k) => k !== 'locked')];
  return [...SERVER_SORT_KEYS, ...IGNORED_SORT_KEYS];
}

function parseTime(name: string, value: string): string {
  // Nova's schema checks `date-time`; timeutils.parse_isotime then accepts ISO 8601 with or without a zone.
  const time = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  if (!/^\d{4}-\d\d-\d\d/.test(value) || Number.isNaN(time)) {
    throw new BadRequest(
      `Invalid input for query parameters ${name}. Value: ${value}. '${value}' is not a 'date-time'`,
    );
  }
  return new Date(time).toISOString();
}

/**
 * The ServerQuery of a list request, or 'empty' when Nova answers an empty list without looking (an unknown status
 * before 2.38).
 *
 * @throws BadRequest for a bad filter value, Forbidden for all_tenants, deleted or admin sort keys without the right.
 */
export function serverQueryOf(
  ctx: ComputeContext,
  request: FastifyRequest,
  caller: Caller,
  detail: boolean,
): ServerQuery | 'empty' {
  const known = SERVER_QUERY_PARAMS.filter(
    (p) =>
      (!['tags', 'tags-any', 'not-tags', 'not-tags-any'].includes(p) || atLeast(request, '2.26')) &&
      (p !== 'changes-before' || atLeast(request, '2.66')) &&
      (p !== 'locked' || atLeast(request, '2.73')),
  );
  checkQuery(request, { known, strictFrom: '2.75', enums: { sort_key: validSortKeys(request) }, integers: ['limit'] });
  const query = queryOf(request);
  // Nova's remove_invalid_options: admins keep every filter, others only the allowed ones.
  const opts: Record<string, string[]> = {};
  const allowAll = can(ctx, request, 'os_compute_api:servers:allow_all_filters');
  const allowed = allowedFilters(request);
  for (const [key, values] of Object.entries(query)) {
    if (PAGING_SORTING.includes(key)) continue;
    if (allowAll || allowed.includes(key)) opts[key] = values;
  }
  for (const key of Object.keys(opts)) {
    if (JOINED_TABLE_PARAMS.includes(key) || key.startsWith('_')) throw new BadRequest(`Invalid filter field: ${key}.`);
  }
  const last = (key: string) => opts[key]?.[opts[key].length - 1];
  const out: ServerQuery = { sql: {}, regex: {}, exact: {}, sortKeys: [], sortDirs: [], ...limitAndMarker(request) };

  if (opts.status) {
    const { vmStates, taskStates } = statesForStatuses(opts.status);
    if (vmStates.length === 0) {
      if (atLeast(request, '2.38')) throw new BadRequest('Invalid status value');
      return 'empty';
    }
    out.sql.vmStates = vmStates;
    if (!taskStates.includes('default')) out.sql.taskStates = taskStates;
  }
  if (opts.vm_state) out.sql.vmStates = opts.vm_state;
  if (opts.task_state) out.sql.taskStates = opts.task_state.map((s) => (s === 'None' ? null : s));
  const since = last('changes-since');
  const before = last('changes-before');
  if (since !== undefined) out.sql.changesSince = parseTime('changes-since', since);
  if (before !== undefined) {
    out.sql.changesBefore = parseTime('changes-before', before);
    if (out.sql.changesSince && out.sql.changesBefore < out.sql.changesSince) {
      throw new BadRequest('The value of changes-since must be less than or equal to changes-before.');
    }
  }
  // Deleted servers are listed only when asked for (admins), or with changes-since/before (the api-ref says so).
  if (opts.deleted) out.sql.deleted = strictBool(last('deleted')) ?? false;
  else if (since === undefined && before === undefined) out.sql.deleted = false;
  if (out.sql.vmStates?.length === 1 && out.sql.vmStates[0] === 'deleted') {
    if (!caller.isAdmin) throw new Forbidden('Only administrators may list deleted instances');
    out.sql.deleted = true;
  }
  if (atLeast(request, '2.26')) {
    const split = (key: string) => (opts[key] ? last(key)!.split(',') : undefined);
    const tags = split('tags');
    const tagsAny = split('tags-any');
    const notTags = split('not-tags');
    const notTagsAny = split('not-tags-any');
    if (tags) out.tags = tags;
    if (tagsAny) out.tagsAny = tagsAny;
    if (notTags) out.notTags = notTags;
    if (notTagsAny) out.notTagsAny = notTagsAny;
  }
  let allTenants = false;
  if (opts.all_tenants) {
    // Nova's is_all_tenants: the parameter given empty (`?all_tenants=`) asks for every project.
    const parsed = last('all_tenants') === '' ? true : strictBool(last('all_tenants'));
    if (parsed === undefined) {
      throw new BadRequest(
        `Unrecognized value '${last('all_tenants')}', acceptable values are: '0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'`,
      );
    }
    allTenants = parsed;
  }
  if (allTenants) {
    enforce(ctx, request, `os_compute_api:servers:${detail ? 'detail' : 'index'}:get_all_tenants`);
    const project = last('project_id') ?? last('tenant_id');
    if (project !== undefined) out.sql.projectId = project;
  } else {
    // As lp:#1185290: without all_tenants a project filter is ignored and the caller's project applies.
    out.sql.projectId = caller.projectId;
  }
  if (opts.locked && atLeast(request, '2.73')) {
    const locked = strictBool(last('locked'));
    if (locked === undefined) {
      throw new BadRequest(
        `Unrecognized value '${last('locked')}', acceptable values are: '0', '1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'`,
      );
    }
    out.locked = locked;
  }
  if (opts.user_id) out.sql.userId = last('user_id')!;
  if (opts.host) out.sql.hosts = opts.host;
  if (opts.uuid) out.sql.ids = opts.uuid;
  const image = last('image') ?? last('image_ref');
  if (image !== undefined) out.sql.imageId = idFromHref(image);
  const flavor = last('flavor');
  if (flavor !== undefined) out.flavorId = idFromHref(flavor);
  if (opts.ip || opts.ip6) out.ipFilter = true;
  const regex: [string, keyof ServerQuery['regex'] & string][] = [
    ['name', 'name'],
    ['display_name', 'name'],
    ['description', 'description'],
    ['display_description', 'description'],
    ['hostname', 'hostname'],
    ['key_name', 'key_name'],
    ['node', 'node'],
    ['availability_zone', 'availability_zone'],
    ['reservation_id', 'reservation_id'],
    ['access_ip_v4', 'access_ip_v4'],
    ['access_ip_v6', 'access_ip_v6'],
    ['locked_by', 'locked_by'],
    ['config_drive', 'config_drive'],
    ['launched_at', 'launched_at'],
    ['terminated_at', 'terminated_at'],
    ['created_at', 'created_at'],
    ['progress', 'progress'],
  ];
  for (const [param, column] of regex) {
    const value = last(param);
    if (value !== undefined) out.regex[column] = value;
  }
  if (last('power_state') !== undefined) out.exact.power_state = last('power_state')!;
  if (last('launch_index') !== undefined) out.exact.launch_index = last('launch_index')!;

  const sortKeys = query.sort_key ?? [];
  const sortDirs = (query.sort_dir ?? []).map((d) => (d.toLowerCase() === 'asc' ? 'asc' : 'desc') as 'asc' | 'desc');
  for (const [i, key] of sortKeys.entries()) {
    const ignored = atLeast(request, '2.73') ? IGNORED_SORT_KEYS.filter((k) => k !== 'locked') : IGNORED_SORT_KEYS;
    if (ignored.includes(key)) continue;
    if ((key === 'host' || key === 'node') && !caller.isAdmin) {
      throw new Forbidden(`Only administrators can sort servers by ${key}`);
    }
    out.sortKeys.push(key);
    out.sortDirs.push(sortDirs[i] ?? sortDirs[0] ?? 'desc');
  }
  return out;
}
