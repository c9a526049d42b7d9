// /servers: list, detail, show, create, update and delete (Nova's servers controller, minus the actions).
import { randomInt } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Caller } from '../caller.js';
import { hostStatuses } from '../compute-services.js';
import type { ComputeContext } from '../context.js';
import type { InstanceRow } from '../db/tables.js';
import { createServers, type ServerCreate } from '../server-create.js';
import { listServers } from '../server-list.js';
import {
  deleteServer,
  getServer,
  loadServers,
  refreshNetworkInfo,
  type ServerRecord,
  updateServer,
} from '../servers.js';
import {
  atLeast,
  boolFromString,
  callerOf,
  can,
  canonicalIpv6,
  collectionLinks,
  enforce,
  resourceLinks,
  validBody,
} from './common.js';
import { serverCreateBody, serverUpdateBody } from './schemas/servers.js';
import { serverQueryOf } from './server-query.js';
import { type ServerViewOptions, serverBasicView, serverView } from './views/servers.js';

type Params = { server_id: string };

/** Nova's `utils.generate_password`: 12 characters without look-alikes. */
export function generatePassword(length = 12): string {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
}

/**
 * The policy-dependent parts of a server view. For one server the rules are checked against its project; for a
 * list against the caller's (Nova's detail view passes no target).
 */
export async function viewOptions(
  ctx: ComputeContext,
  request: FastifyRequest,
  caller: Caller,
  row: InstanceRow | undefined,
  serverGroups: boolean,
): Promise<{ options: ServerViewOptions; statuses: Map<string, string> | undefined }> {
  const target = row ? { project_id: row.project_id } : {};
  const showHostStatus =
    atLeast(request, '2.16') && can(ctx, request, 'os_compute_api:servers:show:host_status', target);
  return {
    options: {
      extendedAttributes: can(ctx, request, 'os_compute_api:os-extended-server-attributes', target),
      flavorExtraSpecs:
        atLeast(request, '2.47') && can(ctx, request, 'os_compute_api:servers:show:flavor-extra-specs', target),
      serverGroups,
      isAdmin: caller.isAdmin,
    },
    statuses: showHostStatus ? await hostStatuses(ctx) : undefined,
  };
}

/** The view of one server with its host status. */
export function fullView(
  ctx: ComputeContext,
  request: FastifyRequest,
  record: ServerRecord,
  base: { options: ServerViewOptions; statuses: Map<string, string> | undefined },
  mode: ServerViewOptions['mode'] = 'show',
): Record<string, unknown> {
  const hostStatus = base.statuses ? (record.row.host ? (base.statuses.get(record.row.host) ?? '') : '') : undefined;
  return serverView(ctx, request, record, {
    ...base.options,
    mode,
    ...(hostStatus !== undefined ? { hostStatus } : {}),
  });
}

/** The create input of a validated body, read per microversion as Nova's create does. */
function createInput(request: FastifyRequest, body: Record<string, unknown>): ServerCreate {
  const server = body.server as Record<string, unknown>;
  const name = String(server.name).trim();
  return {
    name,
    // Before 2.19 Nova sets the description to the name.
    description: atLeast(request, '2.19') ? ((server.description as string | null | undefined) ?? null) : name,
    ...(atLeast(request, '2.90') && server.hostname !== undefined ? { hostname: String(server.hostname) } : {}),
    ...(server.imageRef !== undefined ? { imageRef: String(server.imageRef) } : {}),
    flavorRef: String(server.flavorRef),
    adminPass: typeof server.adminPass === 'string' ? server.adminPass : generatePassword(),
    ...(server.key_name !== undefined ? { keyName: String(server.key_name) } : {}),
    metadata: (server.metadata as Record<string, string> | undefined) ?? {},
    userData: (server.user_data as string | undefined) ?? null,
    configDrive: server.config_drive !== undefined && boolFromString(server.config_drive),
    ...(server.availability_zone !== undefined ? { availabilityZone: String(server.availability_zone) } : {}),
    ...(server.accessIPv4 !== undefined ? { accessIPv4: String(server.accessIPv4) } : {}),
    ...(server.accessIPv6 !== undefined ? { accessIPv6: canonicalIpv6(String(server.accessIPv6)) } : {}),
    networks: server.networks,
    ...(typeof request.headers['x-auth-token'] === 'string' ? { userToken: request.headers['x-auth-token'] } : {}),
    securityGroups: [
      ...new Set(
        ((server.security_groups as { name?: string }[] | undefined) ?? []).flatMap((g) => (g.name ? [g.name] : [])),
      ),
    ],
    schedulerHints:
      ((body['os:scheduler_hints'] ?? body['OS-SCH-HNT:scheduler_hints']) as Record<string, unknown>) ?? {},
    minCount: Number(server.min_count ?? 1),
    maxCount: Number(server.max_count ?? server.min_count ?? 1),
    tags: atLeast(request, '2.52') ? ((server.tags as string[] | undefined) ?? []) : [],
    blockDeviceMapping:
      ((server.block_device_mapping_v2 ?? server.block_device_mapping) as Record<string, unknown>[] | undefined) ?? [],
    ...(server.trusted_image_certificates !== undefined
      ? { trustedCerts: server.trusted_image_certificates as string[] | null }
      : {}),
    ...(server.host !== undefined ? { requestedHost: String(server.host) } : {}),
    ...(server.hypervisor_hostname !== undefined
      ? { requestedHypervisorHostname: String(server.hypervisor_hostname) }
      : {}),
    autoDiskConfig: server['OS-DCF:diskConfig'] === 'AUTO',
  };
}

export function serverRoutes(scope: FastifyInstance, ctx: ComputeContext): void {
  const list = (detail: boolean) => async (request: FastifyRequest) => {
    enforce(ctx, request, `os_compute_api:servers:${detail ? 'detail' : 'index'}`);
    const caller = callerOf(ctx, request);
    const query = serverQueryOf(ctx, request, caller, detail);
    const rows = query === 'empty' ? [] : await listServers(ctx, query);
    const records = await loadServers(ctx, rows);
    const links = collectionLinks(ctx, request, detail ? 'servers/detail' : 'servers', rows.length, rows.at(-1)?.id);
    let servers: Record<string, unknown>[];
    if (detail) {
      const base = await viewOptions(ctx, request, caller, undefined, false);
      servers = records.map((r) => fullView(ctx, request, r, base));
    } else {
      servers = records.map((r) => serverBasicView(ctx, r));
    }
    return { servers, ...(links.length > 0 ? { servers_links: links } : {}) };
  };
  scope.get('/v2.1/servers', list(false));
  scope.get('/v2.1/servers/detail', list(true));

  scope.get('/v2.1/servers/:server_id', async (request) => {
    const { server_id } = request.params as Params;
    const caller = callerOf(ctx, request);
    const row = await getServer(ctx, caller, server_id);
    enforce(ctx, request, 'os_compute_api:servers:show', { project_id: row.project_id });
    const [record] = await loadServers(ctx, [row]);
    await refreshNetworkInfo(ctx, record!);
    const base = await viewOptions(ctx, request, caller, row, true);
    return { server: fullView(ctx, request, record!, base) };
  });

  scope.post('/v2.1/servers', async (request, reply) => {
    const caller = callerOf(ctx, request);
    const body = validBody<Record<string, unknown>>(request, serverCreateBody);
    const input = createInput(request, body);
    const target = { project_id: caller.projectId, user_id: caller.userId, availability_zone: input.availabilityZone };
    enforce(ctx, request, 'os_compute_api:servers:create', target);
    const authorize = (rule: string) => enforce(ctx, request, rule, target);
    const { instances, reservationId } = await createServers(ctx, caller, input, authorize);
    reply.code(202);
    if (boolFromString((body.server as Record<string, unknown>).return_reservation_id ?? false)) {
      return { reservation_id: reservationId };
    }
    const first = instances[0]!;
    const links = resourceLinks(ctx, 'servers', first.id);
    reply.header('location', links[0]!.href);
    const groups = (body.server as { security_groups?: unknown }).security_groups;
    return {
      server: {
        id: first.id,
        links,
        'OS-DCF:diskConfig': input.autoDiskConfig ? 'AUTO' : 'MANUAL',
        security_groups: groups ?? [{ name: 'default' }],
        adminPass: input.adminPass,
      },
    };
  });

  scope.put('/v2.1/servers/:server_id', async (request) => {
    const { server_id } = request.params as Params;
    const caller = callerOf(ctx, request);
    const body = validBody<{ server: Record<string, unknown> }>(request, serverUpdateBody).server;
    const row = await getServer(ctx, caller, server_id);
    enforce(ctx, request, 'os_compute_api:servers:update', { user_id: row.user_id, project_id: row.project_id });
    const updated = await updateServer(ctx, row, {
      ...(body.name !== undefined ? { name: String(body.name) } : {}),
      ...('description' in body ? { description: body.description as string | null } : {}),
      ...(body.accessIPv4 !== undefined ? { accessIPv4: String(body.accessIPv4) } : {}),
      ...(body.accessIPv6 !== undefined ? { accessIPv6: canonicalIpv6(String(body.accessIPv6)) } : {}),
      ...(body.hostname !== undefined ? { hostname: String(body.hostname) } : {}),
      ...(body['OS-DCF:diskConfig'] !== undefined ? { autoDiskConfig: body['OS-DCF:diskConfig'] === 'AUTO' } : {}),
    });
    const [record] = await loadServers(ctx, [updated]);
    const base = await viewOptions(ctx, request, caller, updated, true);
    return { server: fullView(ctx, request, record!, base, 'update') };
  });

  scope.delete('/v2.1/servers/:server_id', async (request, reply) => {
    const { server_id } = request.params as Params;
    const caller = callerOf(ctx, request);
    const row = await getServer(ctx, caller, server_id);
    enforce(ctx, request, 'os_compute_api:servers:delete', { user_id: row.user_id, project_id: row.project_id });
    await deleteServer(ctx, caller, row);
    reply.code(204).send();
  });
}
