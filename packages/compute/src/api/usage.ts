// /os-simple-tenant-usage: every project's usage (admin) and one project's (its readers), over start..end.
import { BadRequest, NotFound } from '@nubo/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ComputeContext } from '../context.js';
import { parseUsageTime, tenantUsages } from '../usage.js';
import { atLeast, checkQuery, collectionLinks, enforce, limitAndMarker, MAX_LIMIT, queryOf } from './common.js';

/** Nova's `_get_datetime_range`: start before end; end capped at now. */
function period(request: FastifyRequest): { start: number; stop: number; detailed: boolean } {
  const query = queryOf(request);
  const start = parseUsageTime(query.start?.[0]);
  const stop = parseUsageTime(query.end?.[0]);
  if (!(start < stop)) throw new BadRequest('Invalid start time. The start time cannot occur after the end time.');
  return { start, stop: Math.min(stop, Date.now()), detailed: query.detailed?.[0] === '1' };
}

export function usageRoutes(scope: FastifyInstance, ctx: ComputeContext): void {
  scope.get('/v2.1/os-simple-tenant-usage', async (request) => {
    // `/os-simple-tenant-usage/` is the show of an empty project id, which Nova's router does not match.
    if (request.url.split('?')[0]!.endsWith('/')) throw new NotFound('The resource could not be found.');
    const paged = atLeast(request, '2.40');
    checkQuery(request, {
      known: ['start', 'end', 'detailed', ...(paged ? ['limit', 'marker'] : [])],
      strictFrom: '2.75',
      integers: ['limit'],
    });
    enforce(ctx, request, 'os_compute_api:os-simple-tenant-usage:list');
    const { start, stop, detailed } = period(request);
    const page = paged ? limitAndMarker(request) : { limit: MAX_LIMIT };
    const { usages, servers } = await tenantUsages(ctx, { start, stop, detailed, ...page });
    const links = paged
      ? collectionLinks(ctx, request, 'os-simple-tenant-usage', servers.length, servers.at(-1)?.instance_id)
      : [];
    return { tenant_usages: usages, ...(links.length > 0 ? { tenant_usages_links: links } : {}) };
  });

  scope.get('/v2.1/os-simple-tenant-usage/:tenant_id', async (request) => {
    const { tenant_id } = request.params as { tenant_id: string };
    const paged = atLeast(request, '2.40');
    checkQuery(request, {
      known: ['start', 'end', ...(paged ? ['limit', 'marker'] : [])],
      strictFrom: '2.75',
      integers: ['limit'],
    });
    enforce(ctx, request, 'os_compute_api:os-simple-tenant-usage:show', { project_id: tenant_id });
    const { start, stop } = period(request);
    const page = paged ? limitAndMarker(request) : { limit: MAX_LIMIT };
    const { usages, servers } = await tenantUsages(ctx, { start, stop, projectId: tenant_id, detailed: true, ...page });
    const links = paged
      ? collectionLinks(
          ctx,
          request,
          `os-simple-tenant-usage/${tenant_id}`,
          servers.length,
          servers.at(-1)?.instance_id,
        )
      : [];
    return { tenant_usage: usages[0] ?? {}, ...(links.length > 0 ? { tenant_usage_links: links } : {}) };
  });
}
