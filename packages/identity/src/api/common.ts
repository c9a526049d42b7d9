// What every Identity route shares: the caller's policy credentials, links, list filters, body helpers.

import type { AuthContext } from '@nubo/core';
import { BadRequest, policyCredentials, Unauthorized } from '@nubo/core';
import type { FastifyRequest } from 'fastify';
import type { IdentityContext } from '../context.js';

/** The validated token of the request (every non-public route has one). */
export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new Unauthorized();
  return request.auth;
}

/** Enforces a named policy rule for the caller against `target`. */
export function enforce(
  ctx: IdentityContext,
  request: FastifyRequest,
  rule: string,
  target: Record<string, unknown> = {},
): void {
  ctx.policy.enforce(rule, target, policyCredentials(authOf(request)));
}

/** `{ self: <url> }` for one resource at `path` (relative to /v3). */
export function selfLink(ctx: IdentityContext, path: string): { self: string } {
  return { self: `${ctx.baseUrl}/v3/${path}` };
}

/** The collection links Keystone returns (no paging: Keystone lists are unpaged unless list_limit is set). */
export function collectionLinks(
  ctx: IdentityContext,
  request: FastifyRequest,
): { self: string; previous: null; next: null } {
  const path = request.url.replace(/^\/identity/, '');
  return { self: `${ctx.baseUrl}${path}`, previous: null, next: null };
}

/** Query string values as strings (a repeated key keeps its last value). */
export function queryOf(request: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string') out[key] = value;
    else if (Array.isArray(value) && value.length > 0) out[key] = String(value[value.length - 1]);
  }
  return out;
}

/** Keystone reads boolean query filters loosely: 0/false/no/off are false, anything else true. */
export function queryBool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  return !['0', 'false', 'no', 'off', 'n', 'f'].includes(value.toLowerCase());
}

/** The named top-level member of a JSON body (e.g. `project` of `{"project": {...}}`), or a 400. */
export function member<T extends Record<string, unknown>>(body: unknown, name: string): T {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new BadRequest(`Invalid input for field '${name}': it is required and must be an object.`);
  }
  return value as T;
}

/** Splits a body into the known columns and the free-form "extra" attributes Keystone keeps and echoes back. */
export function splitExtra(
  body: Record<string, unknown>,
  known: readonly string[],
): { known: Record<string, unknown>; extra: Record<string, unknown> } {
  const out = { known: {} as Record<string, unknown>, extra: {} as Record<string, unknown> };
  for (const [key, value] of Object.entries(body)) {
    if (known.includes(key)) out.known[key] = value;
    else if (key !== 'links') out.extra[key] = value;
  }
  return out;
}
