// /servers/{id}/ips and /servers/{id}/os-interface: a server's addresses and ports. Networking is not wired into
// Compute yet, so a server has none: the lists are empty and any one network or port is not found.
import { NotFound } from '@nubo/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ComputeContext } from '../context.js';
import { getServer } from '../servers.js';
import { callerOf, enforce } from './common.js';

type Params = { server_id: string; network: string; port_id: string };

export function ipRoutes(scope: FastifyInstance, ctx: ComputeContext): void {
  const authorized = async (request: FastifyRequest, rule: string) => {
    const row = await getServer(ctx, callerOf(ctx, request), (request.params as Params).server_id);
    enforce(ctx, request, rule, { project_id: row.project_id });
    return row;
  };

  scope.get('/v2.1/servers/:server_id/ips', async (request) => {
    await authorized(request, 'os_compute_api:ips:index');
    return { addresses: {} };
  });

  scope.get('/v2.1/servers/:server_id/ips/:network', async (request) => {
    await authorized(request, 'os_compute_api:ips:show');
    throw new NotFound('Instance is not a member of specified network');
  });

  scope.get('/v2.1/servers/:server_id/os-interface', async (request) => {
    await authorized(request, 'os_compute_api:os-attach-interfaces:list');
    return { interfaceAttachments: [] };
  });

  scope.get('/v2.1/servers/:server_id/os-interface/:port_id', async (request) => {
    await authorized(request, 'os_compute_api:os-attach-interfaces:show');
    throw new NotFound(`Port ${(request.params as Params).port_id} could not be found.`);
  });
}
