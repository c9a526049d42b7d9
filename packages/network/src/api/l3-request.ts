// Request handling the L3 and security group routes share: the caller, Neutron's attribute checks on a resource
// body (neutron/api/v2/base.py prepare_request_body), and list answers with Neutron's filters, `fields`, sorting and
// pagination (neutron/api/api_common.py).
import { policyCredentials, Unauthorized } from '@nubo/core';
import type { FastifyRequest } from 'fastify';
import type { Caller, NetworkContext } from '../context.js';
import { NeutronBadRequest } from '../errors.js';

/** The caller as the domain sees it; a token without a project acts for no project (admins only, by policy). */
export function callerOf(ctx: NetworkContext, request: FastifyRequest): Caller {
  const auth = request.auth;
  if (!auth) throw new Unauthorized();
  const creds = policyCredentials(auth);
  return {
    projectId: auth.project?.id ?? '',
    isAdmin: ctx.policy.check('context_is_admin', {}, creds),
    creds,
  };
}

/** One attribute of a resource: whether POST and PUT may set it, and how its value is checked. */
export interface Attribute {
  post: boolean;
  put: boolean;
  required?: boolean;
  /** A reason the value is bad (Neutron's validator text), or undefined. */
  validate?: (value: unknown) => string | undefined;
}

function badRequest(message: string): NeutronBadRequest {
  return new NeutronBadRequest('HTTPBadRequest', message);
}

/** neutron-lib validate_string with a maximum length (255 for names and descriptions). */
export function isString(max = 255): (value: unknown) => string | undefined {
  return (value) => {
    if (typeof value !== 'string') return `'${String(value)}' is not a valid string`;
    if (value.length > max) return `'${value}' exceeds maximum length of ${max}`;
    return undefined;
  };
}

/** A string or null (neutron-lib validate_string_or_none). */
export function isStringOrNull(max = 255): (value: unknown) => string | undefined {
  const check = isString(max);
  return (value) => (value === null ? undefined : check(value));
}

/** neutron-lib convert_to_boolean: true/false or their text. */
export function isBoolean(value: unknown): string | undefined {
  if (typeof value === 'boolean') return undefined;
  if (typeof value === 'string' && ['true', 'false'].includes(value.toLowerCase())) return undefined;
  return `'${String(value)}' cannot be converted to boolean`;
}

/** Booleans given as text become booleans (Neutron's convert_to_boolean). */
export function toBoolean(value: unknown): unknown {
  return typeof value === 'string' ? value.toLowerCase() === 'true' : value;
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** neutron-lib validate_uuid. */
export function isUuid(value: unknown): string | undefined {
  return typeof value === 'string' && UUID.test(value) ? undefined : `'${String(value)}' is not a valid UUID`;
}

/** A UUID or null. */
export function isUuidOrNull(value: unknown): string | undefined {
  return value === null ? undefined : isUuid(value);
}

/** A dict (validate_dict_or_none and friends check further in the domain). */
export function isDictOrNull(value: unknown): string | undefined {
  return value === null || (typeof value === 'object' && !Array.isArray(value))
    ? undefined
    : `'${String(value)}' is not a dictionary`;
}

/** A list. */
export function isList(value: unknown): string | undefined {
  return Array.isArray(value) ? undefined : `'${String(value)}' is not a list`;
}

/** The attributes every resource with a project has. */
export const projectAttributes: Record<string, Attribute> = {
  project_id: { post: true, put: false, validate: isString(255) },
  tenant_id: { post: true, put: false, validate: isString(255) },
};

/**
 * The `{resource: {...}}` body of a POST or PUT, checked against the resource's attributes: Neutron's 400s for a
 * missing body, an unknown or read-only attribute, a missing required one, and a bad value. `tenant_id` is folded
 * into `project_id`.
 */
export function resourceBody(
  request: FastifyRequest,
  resource: string,
  attributes: Record<string, Attribute>,
  method: 'POST' | 'PUT',
): Record<string, unknown> {
  const body = request.body as Record<string, unknown> | undefined | null;
  if (body === undefined || body === null || typeof body !== 'object' || Object.keys(body).length === 0) {
    throw badRequest('Resource body required');
  }
  const attrs = body[resource];
  if (attrs === undefined || attrs === null || typeof attrs !== 'object' || Array.isArray(attrs)) {
    throw badRequest(`Unable to find '${resource}' in request body`);
  }
  const given = attrs as Record<string, unknown>;
  const unknown = Object.keys(given).filter((k) => !(k in attributes));
  if (unknown.length > 0) throw badRequest(`Unrecognized attribute(s) '${unknown.join(', ')}'`);
  for (const [name, attribute] of Object.entries(attributes)) {
    const value = given[name];
    if (value === undefined) {
      if (method === 'POST' && attribute.required) {
        throw badRequest(`Failed to parse request. Required attribute '${name}' not specified`);
      }
      continue;
    }
    if (method === 'POST' && !attribute.post) throw badRequest(`Attribute '${name}' not allowed in POST`);
    if (method === 'PUT' && !attribute.put) throw badRequest(`Cannot update read-only attribute ${name}`);
    const reason = attribute.validate?.(value);
    if (reason !== undefined) throw badRequest(`Invalid input for ${name}. Reason: ${reason}.`);
  }
  const out = { ...given };
  if (out.tenant_id !== undefined) {
    if (out.project_id !== undefined && out.project_id !== out.tenant_id) {
      throw badRequest("'project_id' and 'tenant_id' do not match");
    }
    out.project_id = out.tenant_id;
    delete out.tenant_id;
  }
  return out;
}

/** The query as name → every value given. */
export function queryOf(request: FastifyRequest): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    out[name] = (Array.isArray(value) ? value : [value]).map(String);
  }
  return out;
}

/** The project a list filters on (`project_id`, or the older `tenant_id`), if any. */
export function filteredProject(request: FastifyRequest): string | undefined {
  const query = queryOf(request);
  return query.project_id?.[0] ?? query.tenant_id?.[0];
}

/** Keeps only `fields` of an item (Neutron always answers the fields asked for, nothing else). */
function pick(item: Record<string, unknown>, fields: string[] | undefined): Record<string, unknown> {
  if (!fields || fields.length === 0) return item;
  return Object.fromEntries(fields.filter((f) => f in item).map((f) => [f, item[f]]));
}

/** `?fields=` for one resource. */
export function showAnswer(request: FastifyRequest, item: Record<string, unknown>): Record<string, unknown> {
  return pick(item, queryOf(request).fields);
}

const NOT_FILTERS = new Set(['fields', 'sort_key', 'sort_dir', 'limit', 'marker', 'page_reverse']);

/** Whether an attribute value matches one query value (booleans by their text, null as the empty string). */
function matches(value: unknown, wanted: string): boolean {
  if (typeof value === 'boolean') return String(value) === wanted.toLowerCase();
  if (value === null || value === undefined) return wanted === '' || wanted.toLowerCase() === 'none';
  return String(value) === wanted;
}

function matchesTags(item: Record<string, unknown>, query: Record<string, string[]>): boolean {
  const tags = new Set(Array.isArray(item.tags) ? (item.tags as string[]) : []);
  const list = (name: string) => (query[name] ?? []).flatMap((v) => v.split(','));
  if (list('tags').some((t) => !tags.has(t))) return false;
  if (query['tags-any'] && !list('tags-any').some((t) => tags.has(t))) return false;
  if (query['not-tags'] && list('not-tags').every((t) => tags.has(t))) return false;
  if (list('not-tags-any').some((t) => tags.has(t))) return false;
  return true;
}

/**
 * A list answer `{collection: [...]}`: items filtered by every attribute the query names (several values of one
 * attribute match any of them; `tenant_id` means `project_id`), sorted by `sort_key`/`sort_dir`, paged by
 * `limit`/`marker` with a `next` link, and cut to `fields`.
 */
export function listAnswer(
  ctx: NetworkContext,
  request: FastifyRequest,
  collection: string,
  items: Record<string, unknown>[],
): Record<string, unknown> {
  const query = queryOf(request);
  let out = items.filter((item) => {
    for (const [name, values] of Object.entries(query)) {
      if (NOT_FILTERS.has(name) || name.includes('tags')) continue;
      const attribute = name === 'tenant_id' ? 'project_id' : name;
      if (!(attribute in item)) continue;
      if (!values.some((v) => matches(item[attribute], v))) return false;
    }
    return matchesTags(item, query);
  });
  const keys = query.sort_key ?? [];
  if (keys.length > 0) {
    const dirs = query.sort_dir ?? [];
    for (const dir of dirs) {
      if (dir !== 'asc' && dir !== 'desc') {
        throw badRequest(`Sort directions must be 'asc' or 'desc', got '${dir}'`);
      }
    }
    out = [...out].sort((a, b) => {
      for (const [i, key] of keys.entries()) {
        const x = String(a[key] ?? '');
        const y = String(b[key] ?? '');
        if (x !== y) return (x < y ? -1 : 1) * (dirs[i] === 'desc' ? -1 : 1);
      }
      return 0;
    });
  }
  const links: { rel: string; href: string }[] = [];
  const marker = query.marker?.at(-1);
  if (marker !== undefined) {
    const at = out.findIndex((item) => item.id === marker);
    out = at >= 0 ? out.slice(at + 1) : out;
  }
  const limitText = query.limit?.at(-1);
  if (limitText !== undefined) {
    const limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 0) {
      throw badRequest(`Invalid input for limit. Reason: '${limitText}' is not an integer.`);
    }
    if (limit > 0 && out.length > limit) {
      out = out.slice(0, limit);
      const params = new URLSearchParams();
      for (const [name, values] of Object.entries(query)) {
        if (name !== 'marker') for (const v of values) params.append(name, v);
      }
      params.append('marker', String(out.at(-1)?.id));
      links.push({ rel: 'next', href: `${ctx.baseUrl}/v2.0/${collection.replaceAll('_', '-')}?${params}` });
    }
  }
  return {
    [collection]: out.map((item) => pick(item, query.fields)),
    ...(links.length > 0 ? { [`${collection}_links`]: links } : {}),
  };
}
