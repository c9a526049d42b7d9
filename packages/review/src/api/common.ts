// What every review route shares: the caller, Gerrit's JSON (with its XSSI prefix), list options, query values.
import { BadRequest } from '@nubo/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ANONYMOUS, type Caller } from '../caller.js';
import { challenge } from './faults.js';

const callers = new WeakMap<FastifyRequest, Caller>();

/** Remembers who made the request (set by the authentication hook). */
export function setCaller(request: FastifyRequest, caller: Caller): void {
  callers.set(request, caller);
}

/** Who made the request: a user, or anonymous. */
export function callerOf(request: FastifyRequest): Caller {
  return callers.get(request) ?? ANONYMOUS;
}

/** The caller, who must be signed in: an anonymous caller gets the Basic challenge. */
export function signedIn(request: FastifyRequest): Caller {
  const caller = callerOf(request);
  if (!caller.account) throw challenge();
  return caller;
}

/**
 * Sends a JSON answer as Gerrit does: `)]}'` on a line of its own first, so the body cannot run as a script
 * (Documentation/rest-api.txt "Output Format"); `pp=1` pretty-prints.
 */
export function sendJson(request: FastifyRequest, reply: FastifyReply, body: unknown, status = 200): FastifyReply {
  const pretty = queryValues(request, 'pp')[0] === '1';
  return reply
    .code(status)
    .header('content-type', 'application/json; charset=utf-8')
    .header('content-disposition', 'attachment')
    .send(`)]}'\n${JSON.stringify(body, null, pretty ? 2 : undefined)}\n`);
}

/** Every value of a query parameter, in order (`o=LABELS&o=MESSAGES`). */
export function queryValues(request: FastifyRequest, key: string): string[] {
  const value = (request.query as Record<string, unknown> | undefined)?.[key];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** A non-negative integer query parameter (`n`, `S`, `start`), or Gerrit's 400 for anything else. */
export function queryInt(request: FastifyRequest, key: string): number | undefined {
  const [value] = queryValues(request, key);
  if (value === undefined || value === '') return undefined;
  if (!/^-?\d+$/.test(value)) throw new BadRequest(`"${value}" is not a valid value for "${key}"`);
  const n = Number(value);
  return n < 0 ? undefined : n;
}

/** The JSON body of a write (Gerrit reads a missing body as an empty input). */
export function inputOf<T>(request: FastifyRequest): T {
  const body = request.body;
  if (body === undefined || body === null) return {} as T;
  if (typeof body !== 'object' || Array.isArray(body)) throw new BadRequest('Expected JSON object');
  return body as T;
}
