// /os-hypervisors: list, detail, show, statistics, uptime, and the pre-2.53 search and servers routes (admin).
import { BadRequest, NotFound } from '@nubo/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ComputeContext } from '../context.js';
import { getHypervisor, type Hypervisor, hypervisorStatistics, listHypervisors } from '../hypervisors.js';
import {
  atLeast,
  checkQuery,
  collectionLinks,
  enforce,
  limitAndMarker,
  queryLast,
  requireVersion,
  strictBool,
} from './common.js';
import { UUID_PATTERN } from './schemas/parameter-types.js';

/** A hypervisor as Nova's `_view_hypervisor` shows it (uuid ids from 2.53, no usage from 2.88). */
function hypervisorView(
  request: FastifyRequest,
  h: Hypervisor,
  detail: boolean,
  withServers = false,
): Record<string, unknown> {
  const byUuid = atLeast(request, '2.53');
  const view: Record<string, unknown> = {
    id: byUuid ? h.node.uuid : h.node.id,
    hypervisor_hostname: h.node.hypervisor_hostname,
    state: h.up ? 'up' : 'down',
    status: h.service.disabled ? 'disabled' : 'enabled',
  };
  if (detail) {
    view.hypervisor_type = h.node.hypervisor_type;
    view.hypervisor_version = 1000;
    view.host_ip = '127.0.0.1';
    view.service = {
      id: byUuid ? h.service.uuid : h.service.id,
      host: h.node.host,
      disabled_reason: h.service.disabled_reason,
    };
    if (!atLeast(request, '2.88')) {
      Object.assign(view, {
        vcpus: h.node.vcpus,
        memory_mb: h.node.memory_mb,
        local_gb: h.node.local_gb,
        vcpus_used: h.vcpusUsed,
        memory_mb_used: h.memoryMbUsed,
        local_gb_used: h.localGbUsed,
        free_ram_mb: h.node.memory_mb - h.memoryMbUsed,
        free_disk_gb: h.node.local_gb - h.localGbUsed,
        current_workload: h.workload,
        running_vms: h.instances.length,
        disk_available_least: h.node.local_gb - h.localGbUsed,
        // cpu_info is a JSON string before 2.28 and an object from it.
        cpu_info: atLeast(request, '2.28') ? {} : '{}',
      });
    } else {
      view.uptime = null;
    }
  }
  if (withServers) {
    if (h.instances.length > 0) view.servers = h.instances.map((i) => ({ name: i.name, uuid: i.id }));
    else if (atLeast(request, '2.75')) view.servers = [];
  }
  return view;
}

export function hypervisorRoutes(scope: FastifyInstance, ctx: ComputeContext): void {
  const list = (detail: boolean) => async (request: FastifyRequest) => {
    enforce(ctx, request, `os_compute_api:os-hypervisors:${detail ? 'list-detail' : 'list'}`, {});
    const paged = atLeast(request, '2.33');
    const byUuid = atLeast(request, '2.53');
    if (byUuid) {
      checkQuery(request, {
        known: ['limit', 'marker', 'hypervisor_hostname_pattern', 'with_servers'],
        strictFrom: '2.53',
      });
    } else if (paged) {
      checkQuery(request, { known: ['limit', 'marker'], strictFrom: '2.33' });
    }
    const pattern = byUuid ? queryLast(request, 'hypervisor_hostname_pattern') : undefined;
    const withServers = byUuid ? (strictBool(queryLast(request, 'with_servers') ?? 'false') ?? false) : false;
    const page = paged ? limitAndMarker(request) : undefined;
    if (pattern !== undefined && (queryLast(request, 'limit') !== undefined || page?.marker !== undefined)) {
      throw new BadRequest(
        'Paging over hypervisors with the hypervisor_hostname_pattern query parameter is not supported.',
      );
    }
    const found = await listHypervisors(ctx, {
      byUuid,
      ...(pattern !== undefined ? { pattern } : {}),
      ...(page && pattern === undefined ? { limit: page.limit, ...(page.marker ? { marker: page.marker } : {}) } : {}),
    });
    const views = found.map((h) => hypervisorView(request, h, detail, withServers));
    const links =
      paged && pattern === undefined
        ? collectionLinks(
            ctx,
            request,
            detail ? 'os-hypervisors/detail' : 'os-hypervisors',
            views.length,
            views.length ? String(views.at(-1)!.id) : undefined,
          )
        : [];
    return { hypervisors: views, ...(links.length > 0 ? { hypervisors_links: links } : {}) };
  };
  scope.get('/v2.1/os-hypervisors', list(false));
  scope.get('/v2.1/os-hypervisors/detail', list(true));

  scope.get('/v2.1/os-hypervisors/statistics', async (request) => {
    requireVersion(request, '2.1', '2.87');
    enforce(ctx, request, 'os_compute_api:os-hypervisors:statistics', {});
    return { hypervisor_statistics: await hypervisorStatistics(ctx) };
  });

  /** Nova's `_validate_id`: a uuid from 2.53 (400 otherwise), an integer before (404 otherwise). */
  const found = async (request: FastifyRequest, id: string) => {
    const byUuid = atLeast(request, '2.53');
    if (byUuid && !new RegExp(UUID_PATTERN).test(id)) throw new BadRequest(`Invalid uuid ${id}`);
    if (!byUuid && !/^\d+$/.test(id)) throw new NotFound(`Hypervisor with ID '${id}' could not be found.`);
    return getHypervisor(ctx, id, byUuid);
  };

  scope.get('/v2.1/os-hypervisors/:id', async (request) => {
    const { id } = request.params as { id: string };
    enforce(ctx, request, 'os_compute_api:os-hypervisors:show', {});
    if (atLeast(request, '2.53')) checkQuery(request, { known: ['with_servers'], strictFrom: '2.53' });
    const withServers =
      atLeast(request, '2.53') && (strictBool(queryLast(request, 'with_servers') ?? 'false') ?? false);
    return { hypervisor: hypervisorView(request, await found(request, id), true, withServers) };
  });

  scope.get('/v2.1/os-hypervisors/:id/uptime', async (request) => {
    requireVersion(request, '2.1', '2.87');
    const { id } = request.params as { id: string };
    enforce(ctx, request, 'os_compute_api:os-hypervisors:uptime', {});
    const view = hypervisorView(request, await found(request, id), false);
    // Nova asks the host for `uptime(1)` output; the fake hosts have none to tell.
    view.uptime = ' 00:00:00 up 0 min,  0 users,  load average: 0.00, 0.00, 0.00';
    return { hypervisor: view };
  });

  scope.get('/v2.1/os-hypervisors/:id/search', async (request) => {
    requireVersion(request, '2.1', '2.52');
    enforce(ctx, request, 'os_compute_api:os-hypervisors:search', {});
    const { id: pattern } = request.params as { id: string };
    const found = await listHypervisors(ctx, { pattern, byUuid: false });
    return { hypervisors: found.map((h) => hypervisorView(request, h, false)) };
  });

  scope.get('/v2.1/os-hypervisors/:id/servers', async (request) => {
    requireVersion(request, '2.1', '2.52');
    enforce(ctx, request, 'os_compute_api:os-hypervisors:servers', {});
    const { id: pattern } = request.params as { id: string };
    const found = await listHypervisors(ctx, { pattern, byUuid: false });
    return { hypervisors: found.map((h) => hypervisorView(request, h, false, true)) };
  });
}
