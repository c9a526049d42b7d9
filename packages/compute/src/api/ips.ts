// /servers/{id}/ips and /servers/{id}/os-interface: a server's addresses and ports, from the ports the agent bound
// (Nova's info cache); a server without ports has none.
import { NotFound } from '@nubo/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ComputeContext } from '../context.js';
import { addressesOf, type Vif } from '../network.js';
import { getServer } from '../servers.js';
import { atLeast, callerOf, enforce } from './common.js';

type Params = { server_id: string; network: string; port_id: string };

/** An interface attachment as Nova shows a port (os-interface). */
function attachmentView(request: FastifyRequest, vif: Vif): Record<string, unknown> {
  return {
    port_state: 'ACTIVE',
    fixed_ips: vif.fixedIps.map((ip) => ({ subnet_id: ip.subnetId, ip_address: ip.address })),
    port_id: vif.portId,
    net_id: vif.networkId,
    mac_addr: vif.mac,
    ...(atLeast(request, '2.70') ? { tag: null } : {}),
  };
}

export function ipRoutes(scope: FastifyInstance, ctx: ComputeContext): void {
  const vifsOf = async (request: FastifyRequest, rule: string): Promise<Vif[]> => {
    const row = await getServer(ctx, callerOf(ctx, request), (request.params as Params).server_id);
    enforce(ctx, request, rule, { project_id: row.project_id });
    const spec = JSON.parse(row.request_spec || '{}') as { network_info?: Vif[] };
    return spec.network_info ?? [];
  };

  scope.get('/v2.1/servers/:server_id/ips', async (request) => {
    return { addresses: addressesOf(await vifsOf(request, 'os_compute_api:ips:index')) };
  });

  scope.get('/v2.1/servers/:server_id/ips/:network', async (request) => {
    const addresses = addressesOf(await vifsOf(request, 'os_compute_api:ips:show'));
    const network = (request.params as Params).network;
    const found = addresses[network];
    if (!found) throw new NotFound('Instance is not a member of specified network');
    return { [network]: found };
  });

  scope.get('/v2.1/servers/:server_id/os-interface', async (request) => {
    const vifs = await vifsOf(request, 'os_compute_api:os-attach-interfaces:list');
    return { interfaceAttachments: vifs.map((vif) => attachmentView(request, vif)) };
  });

  scope.get('/v2.1/servers/:server_id/os-interface/:port_id', async (request) => {
    const vifs = await vifsOf(request, 'os_compute_api:os-attach-interfaces:show');
    const portId = (request.params as Params).port_id;
    const vif = vifs.find((v) => v.portId === portId);
    if (!vif) throw new NotFound(`Port ${portId} could not be found.`);
    return { interfaceAttachment: attachmentView(request, vif) };
  });
}
