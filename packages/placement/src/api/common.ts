// What every Placement route shares: the negotiated microversion, policy, content negotiation, headers and links.
import {
  BadRequest,
  Forbidden,
  HttpError,
  MethodNotAllowed,
  type Microversion,
  type MicroversionRange,
  microversionHeaders,
  NotFound,
  negotiateMicroversion,
  policyCredentials,
  Unauthorized,
  UnsupportedMediaType,
  VersionNotAcceptable,
} from '@nubo/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PlacementContext } from '../context.js';

/** Placement's microversions: 1.0 (Newton) to 1.39 (Yoga). */
export const PLACEMENT_VERSIONS: MicroversionRange = { service: 'placement', min: '1.0', max: '1.39' };

const negotiated = new WeakMap<FastifyRequest, Microversion>();

function requestedVersion(request: FastifyRequest): string {
  const header = request.headers['openstack-api-version'];
  let requested = '';
  for (const value of Array.isArray(header) ? header : [header ?? '']) {
    for (const part of value.split(',')) {
      const [service, version] = part.trim().split(/\s+/);
      if (service?.toLowerCase() === 'placement' && version) requested = version;
    }
  }
  return requested;
}

/**
 * onRequest hook (after authentication, as Placement's microversion middleware sits inside keystonemiddleware):
 * negotiates `OpenStack-API-Version: placement X.Y` and names the version in the response headers.
 */
export async function negotiateVersion(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  let version: Microversion;
  try {
    version = negotiateMicroversion(request.headers, PLACEMENT_VERSIONS);
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    // microversion-parse's wording, which clients and Placement's own tests match on.
    if (err.status === 406) throw new VersionNotAcceptable(`Unacceptable version header: ${requestedVersion(request)}`);
    throw new BadRequest(`invalid version string: ${requestedVersion(request)}`);
  }
  negotiated.set(request, version);
  reply.headers(microversionHeaders(version, PLACEMENT_VERSIONS));
}

/** The microversion of a request; undefined when negotiation failed. */
export function negotiatedVersion(request: FastifyRequest): Microversion | undefined {
  return negotiated.get(request);
}

/** The microversion of a request whose negotiation succeeded. */
export function versionOf(request: FastifyRequest): Microversion {
  const version = negotiated.get(request);
  if (!version) throw new Error('placement: microversion not negotiated');
  return version;
}

/**
 * Below `min` the route does not exist: a 404 (or, for DELETE /inventories, a 405), as Placement's
 * version_handler answers.
 */
export function requireVersion(request: FastifyRequest, min: string, status: 404 | 405 = 404): void {
  if (versionOf(request).atLeast(min)) return;
  if (status === 405) throw new MethodNotAllowed(`The method ${request.method} is not allowed for this resource.`);
  throw new NotFound('The resource could not be found.');
}

/** Enforces a named policy rule; Placement's 403 names the rule. */
export function enforce(
  ctx: PlacementContext,
  request: FastifyRequest,
  rule: string,
  target: Record<string, unknown> = {},
): void {
  if (!request.auth) throw new Unauthorized();
  if (!ctx.policy.check(rule, target, policyCredentials(request.auth))) {
    throw new Forbidden(`Policy does not allow ${rule} to be performed.`);
  }
}

/** Placement's require_content('application/json') on writes with a body: a 415 otherwise. */
export function requireJson(request: FastifyRequest): void {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new UnsupportedMediaType(`The media type ${type || 'None'} is not supported, use application/json`);
  }
}

/** Placement's check_accept('application/json') on reads: an Accept header that rules out JSON is a 406. */
export function checkAccept(request: FastifyRequest): void {
  const accept = request.headers.accept;
  if (!accept) return;
  const acceptable = accept.split(',').some((item) => {
    const [type = '', ...params] = item.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (q !== undefined && Number(q.slice(2)) === 0) return false;
    return type === 'application/json' || type === 'application/*' || type === '*/*';
  });
  if (!acceptable) throw new HttpError(406, 'Not Acceptable', 'Only application/json is provided');
}

/** onRequest hook: a body without a Content-Type is Placement's 400 (handler.py). */
export async function requireContentType(request: FastifyRequest): Promise<void> {
  const length = Number(request.headers['content-length'] ?? 0);
  if (length > 0 && !request.headers['content-type']) {
    throw new BadRequest('content-type header required when content-length > 0');
  }
}

/** From 1.15 Placement sends last-modified and cache-control: no-cache on what it returns. */
export function cacheHeaders(request: FastifyRequest, reply: FastifyReply, lastModified?: string): void {
  if (!versionOf(request).atLeast('1.15')) return;
  const when = lastModified ? new Date(lastModified) : new Date();
  reply.header('last-modified', (Number.isNaN(when.getTime()) ? new Date() : when).toUTCString());
  reply.header('cache-control', 'no-cache');
}

/** The latest of some timestamps (Placement's pick_last_modified); undefined for none. */
export function latest(stamps: (string | undefined)[]): string | undefined {
  return stamps
    .filter((s): s is string => !!s)
    .sort()
    .at(-1);
}

/** A path under the API root, the form Placement's links take (it never builds absolute URLs for links). */
export function apiPath(ctx: PlacementContext, path: string): string {
  return `${ctx.prefix}${path}`;
}

/** An absolute URL for a Location header, on the host the client used. */
export function locationOf(request: FastifyRequest, path: string): string {
  return `${request.protocol}://${request.host}${path}`;
}
