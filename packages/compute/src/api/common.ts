// What every Compute route shares: the caller, named policy checks, microversions, body and query parsing, links.
import {
  type AuthContext,
  BadRequest,
  Forbidden,
  type Microversion,
  NotFound,
  policyCredentials,
  Unauthorized,
} from '@nubo/core';
import type { FastifyRequest } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import type { Caller } from '../caller.js';
import type { ComputeContext } from '../context.js';

/** Nova's `[api] max_limit`: the most items one list answers. */
export const MAX_LIMIT = 1000;

/** The validated token of the request (every non-public route has one). */
export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new Unauthorized();
  return request.auth;
}

/** The credentials Nova's rules read: the token's facts plus `is_admin` (Nova computes it from context_is_admin). */
function credentialsOf(ctx: ComputeContext, request: FastifyRequest): Record<string, unknown> {
  const creds = policyCredentials(authOf(request));
  return { ...creds, is_admin: ctx.policy.check('context_is_admin', {}, creds) };
}

/** The caller as domain functions see it. A token without a project cannot use Compute (Nova answers 403). */
export function callerOf(ctx: ComputeContext, request: FastifyRequest): Caller {
  const auth = authOf(request);
  if (!auth.project) throw new Forbidden('Compute requires a project-scoped token.');
  const creds = policyCredentials(auth);
  return {
    userId: auth.userId,
    projectId: auth.project.id,
    isAdmin: ctx.policy.check('context_is_admin', {}, creds),
    requestId: request.id,
  };
}

/**
 * Enforces a named rule. Nova's default target is the caller's own project and user, which rules such as
 * `project_id:%(project_id)s` compare against.
 */
export function enforce(
  ctx: ComputeContext,
  request: FastifyRequest,
  rule: string,
  target: Record<string, unknown> = {},
): void {
  const auth = authOf(request);
  const fullTarget = { project_id: auth.project?.id ?? null, user_id: auth.userId, ...target };
  const creds = credentialsOf(ctx, request);
  if (!ctx.policy.check(rule, fullTarget, creds)) {
    // Nova's PolicyNotAuthorized message.
    if (!ctx.policy.has(rule)) throw new Error(`policy rule "${rule}" is not registered`);
    throw new Forbidden(`Policy doesn't allow ${rule} to be performed.`);
  }
}

/** Whether a named rule allows the caller (Nova's `context.can(…, fatal=False)`). */
export function can(
  ctx: ComputeContext,
  request: FastifyRequest,
  rule: string,
  target: Record<string, unknown> = {},
): boolean {
  const auth = authOf(request);
  const fullTarget = { project_id: auth.project?.id ?? null, user_id: auth.userId, ...target };
  return ctx.policy.check(rule, fullTarget, credentialsOf(ctx, request));
}

/** The negotiated microversion of the request. */
export function versionOf(request: FastifyRequest): Microversion {
  if (!request.microversion) throw new Error('compute routes negotiate a microversion first');
  return request.microversion;
}

/** Whether the request's microversion is at least `version` (e.g. `atLeast(request, '2.47')`). */
export function atLeast(request: FastifyRequest, version: string): boolean {
  return versionOf(request).atLeast(version);
}

/**
 * Refuses a request whose microversion lacks the method: Nova's VersionNotFoundForAPIMethod, which it answers
 * with a plain 404.
 */
export function requireVersion(request: FastifyRequest, min: string, max?: string): void {
  const version = versionOf(request);
  const tooNew = max !== undefined && version.atLeast(max) && version.toString() !== max;
  if (!version.atLeast(min) || tooNew) throw new NotFound('The resource could not be found.');
}

/** A request schema valid from `min` (inclusive) up to `max` (inclusive), as Nova's `@validation.schema`. */
export interface VersionedSchema {
  min?: string;
  max?: string;
  schema: TSchema;
}

const compiled = new WeakMap<TSchema, ReturnType<typeof Compile>>();

function compile(schema: TSchema): ReturnType<typeof Compile> {
  let validator = compiled.get(schema);
  if (!validator) {
    validator = Compile(schema);
    compiled.set(schema, validator);
  }
  return validator;
}

function inRange(request: FastifyRequest, variant: VersionedSchema): boolean {
  const version = versionOf(request);
  if (variant.min !== undefined && !version.atLeast(variant.min)) return false;
  if (variant.max !== undefined && version.atLeast(variant.max) && version.toString() !== variant.max) return false;
  return true;
}

/**
 * Validates the body against the schema of the request's microversion and returns it typed. A body that breaks it
 * is a 400 naming the field, as Nova's validator words it.
 */
export function validBody<T>(request: FastifyRequest, variants: VersionedSchema[] | TSchema): T {
  const list = Array.isArray(variants) ? variants : [{ schema: variants }];
  const variant = list.find((v) => inRange(request, v));
  if (!variant) throw new Error('no request schema covers this microversion');
  const body = request.body;
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new BadRequest('The request body is invalid: a JSON object is required.');
  }
  assertValid(variant.schema, body);
  return body as T;
}

/** Throws Nova's 400 when `value` breaks `schema`. */
export function assertValid(schema: TSchema, value: unknown): void {
  const validator = compile(schema);
  if (validator.Check(value)) return;
  const errors = [...validator.Errors(value)];
  const error =
    errors.find((e) => e.keyword !== 'boolean' && e.keyword !== 'anyOf' && e.keyword !== 'oneOf') ?? errors[0];
  throw new BadRequest(validationMessage(error, value));
}

interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

function validationMessage(error: SchemaError | undefined, root: unknown): string {
  if (!error) return 'Invalid input.';
  const path = error.instancePath.split('/').filter(Boolean);
  let value: unknown = root;
  for (const part of path) value = (value as Record<string, unknown> | undefined)?.[part];
  const field = path.length > 0 ? path.join('/') : 'body';
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  let reason: string;
  switch (error.keyword) {
    case 'required':
      reason = `'${(error.params.requiredProperties as string[] | undefined)?.[0] ?? '?'}' is a required property`;
      break;
    case 'additionalProperties':
      reason = `Additional properties are not allowed ('${(error.params.additionalProperties as string[] | undefined)?.join("', '")}' was unexpected)`;
      break;
    case 'type':
      reason = `${shown} is not of type '${String(error.params.type)}'`;
      break;
    case 'minLength':
      reason = `'${shown}' is too short`;
      break;
    case 'maxLength':
      reason = `'${shown}' is too long`;
      break;
    case 'enum':
      reason = `${shown} is not one of ${JSON.stringify(error.params.allowedValues ?? [])}`;
      break;
    case 'format':
      reason = `'${shown}' is not a '${String(error.params.format)}'`;
      break;
    case 'minimum':
    case 'exclusiveMinimum':
      reason = `${shown} is less than the minimum of ${String(error.params.limit ?? error.params.comparison ?? '')}`;
      break;
    case 'maximum':
      reason = `${shown} is greater than the maximum of ${String(error.params.limit ?? '')}`;
      break;
    case 'minItems':
      reason = `${shown} is too short`;
      break;
    case 'maxItems':
    case 'maxProperties':
      reason = `${shown} is too long`;
      break;
    case 'minProperties':
      reason = `${shown} does not have enough properties`;
      break;
    default:
      reason = error.message;
  }
  return `Invalid input for field/attribute ${field}. Value: ${shown}. ${reason}`;
}

/** Every value of every query parameter (Nova reads repeated parameters as lists). */
export function queryOf(request: FastifyRequest): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string') out[key] = [value];
    else if (Array.isArray(value)) out[key] = value.map(String);
  }
  return out;
}

/** The last value of a query parameter, as webob's `req.GET[key]` reads it. */
export function queryLast(request: FastifyRequest, name: string): string | undefined {
  const values = queryOf(request)[name];
  return values?.[values.length - 1];
}

/** Nova's `get_limit_and_marker`: limit capped at MAX_LIMIT; a bad limit is a 400. */
export function limitAndMarker(request: FastifyRequest): { limit: number; marker?: string } {
  const raw = queryOf(request).limit;
  let limit = MAX_LIMIT;
  if (raw !== undefined) {
    const text = raw[0] ?? '';
    if (!/^-?\d+$/.test(text)) throw new BadRequest('limit param must be an integer');
    const value = Number(text);
    if (value < 0) throw new BadRequest('limit param must be positive');
    // `min(max_limit, limit)` as Nova's get_limit_and_marker: limit=0 asks for an empty page.
    limit = Math.min(value, MAX_LIMIT);
  }
  const marker = queryOf(request).marker?.[0];
  return marker === undefined ? { limit } : { limit, marker };
}

/** The `self` and `bookmark` links of a resource (Nova's ViewBuilder._get_links). */
export function resourceLinks(
  ctx: ComputeContext,
  collection: string,
  id: string | number,
): { rel: string; href: string }[] {
  return [
    { rel: 'self', href: `${ctx.baseUrl}/${collection}/${id}` },
    { rel: 'bookmark', href: bookmarkHref(ctx, collection, id) },
  ];
}

/** A version-less link to a resource (Nova's bookmark). */
export function bookmarkHref(ctx: ComputeContext, collection: string, id: string | number): string {
  return `${ctx.baseUrl.replace(/\/v2(\.1)?$/, '')}/${collection}/${id}`;
}

/**
 * Nova's `_get_collection_links`: a `next` link when the page is full, carrying the request's parameters (sorted)
 * with `marker` set to the last item.
 */
export function collectionLinks(
  ctx: ComputeContext,
  request: FastifyRequest,
  collection: string,
  count: number,
  lastId: string | undefined,
): { rel: string; href: string }[] {
  const { limit } = limitAndMarker(request);
  if (count === 0 || count !== limit || lastId === undefined) return [];
  const params = new URLSearchParams();
  const query = queryOf(request);
  for (const key of Object.keys(query).sort()) {
    if (key === 'marker') continue;
    for (const value of query[key] ?? []) params.append(key, value);
  }
  params.append('marker', lastId);
  return [{ rel: 'next', href: `${ctx.baseUrl}/${collection}?${params.toString()}` }];
}

/** oslo's `bool_from_string` (non-strict): true for 1/t/true/on/y/yes, false otherwise. */
export function boolFromString(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  return ['1', 't', 'true', 'on', 'y', 'yes'].includes(String(value).trim().toLowerCase());
}

/** oslo's strict `bool_from_string`: undefined when the text is neither true nor false. */
export function strictBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (['1', 't', 'true', 'on', 'y', 'yes'].includes(text)) return true;
  if (['0', 'f', 'false', 'off', 'n', 'no'].includes(text)) return false;
  return undefined;
}

/** The query parameters a list accepts, as Nova's query schemas state them. */
export interface QueryRules {
  /** Known parameters; others are ignored, or refused from `strictFrom` (2.75 for most lists). */
  known: readonly string[];
  strictFrom?: string;
  /** Parameters whose every value must be one of these. */
  enums?: Record<string, readonly string[]>;
  /** Parameters that must be non-negative integers. */
  integers?: readonly string[];
}

/** Nova's `@validation.query_schema`: a 400 for a bad value, or for an unknown parameter where the schema forbids it. */
export function checkQuery(request: FastifyRequest, rules: QueryRules): void {
  const query = queryOf(request);
  for (const [key, values] of Object.entries(query)) {
    if (!rules.known.includes(key)) {
      if (rules.strictFrom !== undefined && atLeast(request, rules.strictFrom)) {
        throw new BadRequest(
          `Invalid input for query parameters ${key}. Value: ${values.join(',')}. Additional properties are not allowed ('${key}' was unexpected)`,
        );
      }
      continue;
    }
    const allowed = rules.enums?.[key];
    for (const value of values) {
      if (allowed && !allowed.includes(value)) {
        throw new BadRequest(
          `Invalid input for query parameters ${key}. Value: ${value}. '${value}' is not one of ${JSON.stringify(allowed)}`,
        );
      }
      if (rules.integers?.includes(key) && !/^[0-9]+$/.test(value)) {
        throw new BadRequest(
          `Invalid input for query parameters ${key}. Value: ${value}. '${value}' does not match '^[0-9]*$'`,
        );
      }
    }
  }
}

/**
 * An IPv6 address in its canonical, compressed form (RFC 5952), as Nova stores accessIPv6 through netaddr:
 * `0000:…:babe:220.12.22.2` becomes `::babe:dc0c:1602`. WHATWG URL parsing does exactly this normalisation.
 */
export function canonicalIpv6(text: string): string {
  if (text === '') return text;
  try {
    return new URL(`http://[${text}]/`).hostname.slice(1, -1);
  } catch {
    return text;
  }
}
