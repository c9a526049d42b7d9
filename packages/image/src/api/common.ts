// What every Image route shares: the caller, policy enforcement with Glance's 404-for-invisible rule, query pairs.
import type { AuthContext } from '@nubo/core';
import { BadRequest, Forbidden, NotFound, policyCredentials, Unauthorized } from '@nubo/core';
import type { FastifyRequest } from 'fastify';
import type { ImageContext } from '../context.js';
import { type Caller, type ImageRecord, memberIdFor } from '../images.js';

/** The validated token of the request (every non-public route has one). */
export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new Unauthorized();
  return request.auth;
}

/** The caller as the domain sees it: its project and whether `context_is_admin` holds for it. */
export function callerOf(ctx: ImageContext, request: FastifyRequest): Caller {
  const auth = authOf(request);
  return {
    projectId: auth.project?.id ?? null,
    isAdmin: ctx.policy.check('context_is_admin', {}, policyCredentials(auth)),
  };
}

/**
 * The policy target of an image, as glance.api.policy.ImageTarget exposes it: every attribute and custom property,
 * `project_id` for the owner and `member_id` for the caller's project when it reaches a shared image as a member.
 */
export function imageTarget(image: ImageRecord, caller: Caller): Record<string, unknown> {
  return {
    ...image.properties,
    id: image.id,
    name: image.name,
    status: image.status,
    visibility: image.visibility,
    owner: image.owner,
    project_id: image.owner,
    member_id: memberIdFor(image, caller),
    protected: image.protected,
    os_hidden: image.os_hidden,
    disk_format: image.disk_format,
    container_format: image.container_format,
    min_disk: image.min_disk,
    min_ram: image.min_ram,
    size: image.size,
  };
}

/** Glance's policy denial text (glance.common.exception.Forbidden raised by its Enforcer). */
export function policyDenied(rule: string): Forbidden {
  return new Forbidden(`You are not authorized to complete ${rule} action.`);
}

/** Whether `rule` allows the caller on `target`. */
export function allowed(
  ctx: ImageContext,
  request: FastifyRequest,
  rule: string,
  target: Record<string, unknown>,
): boolean {
  return ctx.policy.check(rule, target, policyCredentials(authOf(request)));
}

/** Enforces a rule with a non-image target (create, list, discovery). */
export function enforce(
  ctx: ImageContext,
  request: FastifyRequest,
  rule: string,
  target: Record<string, unknown>,
): void {
  if (!allowed(ctx, request, rule, target)) throw policyDenied(rule);
}

/**
 * Enforces a rule on an existing image the way glance.api.v2.policy.ImageAPIPolicy does: a denial is a 404 when the
 * caller may not even `get_image` it (so another project's images stay invisible), else a 403.
 */
export function enforceImage(ctx: ImageContext, request: FastifyRequest, rule: string, image: ImageRecord): void {
  const target = imageTarget(image, callerOf(ctx, request));
  if (allowed(ctx, request, rule, target)) return;
  if (rule === 'get_image' || !allowed(ctx, request, 'get_image', target)) {
    throw new NotFound('The resource could not be found.');
  }
  throw policyDenied(rule);
}

/** The query string as ordered key/value pairs (Glance reads repeated `tag`, `sort_key` and `sort_dir` in order). */
export function queryPairs(request: FastifyRequest): [string, string][] {
  const at = request.url.indexOf('?');
  return at < 0 ? [] : [...new URLSearchParams(request.url.slice(at + 1)).entries()];
}

/** Glance's `body_reject` routes (GET, DELETE, tags, actions) refuse any request body. */
export function rejectBody(request: FastifyRequest): void {
  const length = Number(request.headers['content-length'] ?? 0);
  if (request.headers['transfer-encoding'] !== undefined || length > 0) {
    throw new BadRequest('A body is not expected with this request.');
  }
}

/** The JSON body of a request, or Glance's 400 when there is none. */
export function bodyOf(request: FastifyRequest): unknown {
  if (request.body === undefined) throw new BadRequest('Body expected in request.');
  return request.body;
}
