// Router interfaces: PUT /routers/{id}/add_router_interface and remove_router_interface, by subnet or by port
// (neutron/db/l3_db.py add_router_interface, _add_interface_by_subnet/_port, remove_router_interface).
import { fromDbJson } from '@nubo/core';
import { authorize } from './authorize.js';
import type { Caller, NetworkContext } from './context.js';
import { selectFloatingIpsOfRouter } from './db/floating-ips.js';
import { deleteAllocation, selectAllocationsOfPorts } from './db/ip-allocations.js';
import { selectPort, updatePortRow } from './db/ports.js';
import { selectRouter, updateRouterRow } from './db/routers.js';
import { selectSubnet } from './db/subnets.js';
import type { NetworkQueryable, PortRow, RouterRow, SubnetRow } from './db/tables.js';
import { inTransaction } from './db/transaction.js';
import { NeutronBadRequest, NeutronConflict, NeutronNotFound, notFound } from './errors.js';
import { contains, overlaps, parseAddress, parseCidr } from './ipam.js';
import {
  badRouterRequest,
  type FixedIp,
  getRouterRow,
  type Route,
  routerInterfaces,
  routerPolicyTarget,
} from './routers.js';
import { createServicePort, deleteServicePort, fixedIpsOf, ROUTER_INTERFACE } from './service-ports.js';
import { bumped, now } from './standard-attributes.js';
import { getSubnetRow } from './subnets.js';

/** What add/remove_router_interface answer (l3_db _make_router_interface_info). */
export interface RouterInterfaceInfo {
  id: string;
  tenant_id: string;
  project_id: string;
  port_id: string;
  network_id: string;
  subnet_id: string;
  subnet_ids: string[];
}

/** The interface body: `{subnet_id}` or `{port_id}` (both only for removal). */
export interface InterfaceRequest {
  subnet_id?: unknown;
  port_id?: unknown;
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** _validate_interface_info: which of the two ids were given, each a UUID. */
function checkInterfaceRequest(info: InterfaceRequest, forRemoval: boolean): { subnetId?: string; portId?: string } {
  const hasPort = info.port_id !== undefined;
  const hasSubnet = info.subnet_id !== undefined;
  if (!hasPort && !hasSubnet) throw badRouterRequest('Either subnet_id or port_id must be specified');
  for (const key of ['port_id', 'subnet_id'] as const) {
    const value = info[key];
    if (value !== undefined && (typeof value !== 'string' || !UUID.test(value))) {
      throw badRouterRequest(`'${String(value)}' is not a valid UUID`);
    }
  }
  if (!forRemoval && hasPort && hasSubnet) throw badRouterRequest('Cannot specify both subnet-id and port-id');
  return {
    ...(hasSubnet ? { subnetId: info.subnet_id as string } : {}),
    ...(hasPort ? { portId: info.port_id as string } : {}),
  };
}

function interfaceInfo(router: RouterRow, port: PortRow, subnetIds: string[]): RouterInterfaceInfo {
  return {
    id: router.id,
    tenant_id: port.project_id,
    project_id: port.project_id,
    port_id: port.id,
    network_id: port.network_id,
    subnet_id: subnetIds[0]!,
    subnet_ids: subnetIds,
  };
}

/** The router may have one port per subnet and no two overlapping subnets (_check_for_dup_router_subnets). */
async function checkNewSubnets(trx: NetworkQueryable, router: RouterRow, subnets: SubnetRow[]): Promise<void> {
  for (const existing of await routerInterfaces(trx, router.id)) {
    for (const ip of existing.fixedIps) {
      const current = await selectSubnet(trx, ip.subnet_id);
      if (!current) continue;
      for (const subnet of subnets) {
        if (current.id === subnet.id) throw badRouterRequest(`Router already has a port on subnet ${subnet.id}`);
        if (overlaps(parseCidr(current.cidr), parseCidr(subnet.cidr))) {
          throw badRouterRequest(
            `Cidr ${subnet.cidr} of subnet ${subnet.id} overlaps with cidr ${current.cidr} of subnet ${current.id}`,
          );
        }
      }
    }
  }
}

async function bumpRouter(trx: NetworkQueryable, routerId: string): Promise<void> {
  const row = await selectRouter(trx, routerId);
  if (row) await updateRouterRow(trx, routerId, bumped(row));
}

/** Attaches a subnet (a new port holding its gateway IP) or a free port of the caller's to the router. */
export async function addRouterInterface(
  ctx: NetworkContext,
  caller: Caller,
  routerId: string,
  body: InterfaceRequest,
): Promise<RouterInterfaceInfo> {
  const request = checkInterfaceRequest(body, false);
  const router = await getRouterRow(ctx, caller, routerId);
  authorize(ctx, caller, 'add_router_interface', routerPolicyTarget(router));
  if (request.subnetId) {
    const { subnet, network } = await getSubnetRow(ctx, caller, request.subnetId);
    if (!subnet.gateway_ip) throw badRouterRequest('Subnet for router interface must have a gateway IP');
    return inTransaction(ctx.db, ctx.dialect, async (trx) => {
      await checkNewSubnets(trx, router, [subnet]);
      const { port } = await createServicePort(ctx, trx, {
        network,
        projectId: router.project_id,
        deviceId: router.id,
        deviceOwner: ROUTER_INTERFACE,
        addresses: [{ subnet, ipAddress: subnet.gateway_ip! }],
      });
      await bumpRouter(trx, router.id);
      return interfaceInfo(router, port, [subnet.id]);
    });
  }
  const portId = request.portId!;
  return inTransaction(ctx.db, ctx.dialect, async (trx) => {
    const port = await selectPort(trx, portId);
    if (!port || (!caller.isAdmin && port.project_id !== caller.projectId)) throw notFound('Port', portId);
    if (port.device_id !== '' && port.device_id !== router.id) {
      throw new NeutronConflict(
        'PortInUse',
        `Unable to complete operation on port ${port.id} for network ${port.network_id}. Port already has an attached device ${port.device_id}.`,
      );
    }
    const fixedIps = (await fixedIpsOf(trx, [port.id])).get(port.id) ?? [];
    if (fixedIps.length === 0) throw badRouterRequest('Router port must have at least one fixed IP');
    const subnets: SubnetRow[] = [];
    for (const ip of fixedIps) {
      const subnet = await selectSubnet(trx, ip.subnet_id);
      if (subnet && !subnets.some((s) => s.id === subnet.id)) subnets.push(subnet);
    }
    if (subnets.filter((s) => s.ip_version === 4).length > 1) {
      throw badRouterRequest('Cannot have multiple IPv4 subnets on router port');
    }
    await checkNewSubnets(trx, router, subnets);
    await updatePortRow(trx, port.id, {
      device_id: router.id,
      device_owner: ROUTER_INTERFACE,
      revision_number: port.revision_number + 1,
      updated_at: now(),
    });
    await bumpRouter(trx, router.id);
    return interfaceInfo(router, port, [...new Set(fixedIps.map((ip) => ip.subnet_id))]);
  });
}

/**
 * An interface cannot go while a floating IP reaches a fixed IP through it (RouterInterfaceInUseByFloatingIP) or an
 * extra route uses it as next hop (RouterInterfaceInUseByRoute), both 409.
 */
async function checkInterfaceUnused(trx: NetworkQueryable, router: RouterRow, subnet: SubnetRow): Promise<void> {
  const cidr = parseCidr(subnet.cidr);
  const within = (text: string | null) => {
    const address = text ? parseAddress(text) : undefined;
    return address !== undefined && contains(cidr, address);
  };
  const fips = await selectFloatingIpsOfRouter(trx, router.id);
  const portsOnSubnet = new Set(
    (
      await selectAllocationsOfPorts(
        trx,
        fips.flatMap((f) => (f.port_id ? [f.port_id] : [])),
      )
    )
      .filter((a) => a.subnet_id === subnet.id)
      .map((a) => a.port_id),
  );
  if (fips.some((f) => f.port_id && portsOnSubnet.has(f.port_id) && within(f.fixed_ip_address))) {
    throw new NeutronConflict(
      'RouterInterfaceInUseByFloatingIP',
      `Router interface for subnet ${subnet.id} on router ${router.id} cannot be deleted, as it is required by one or more floating IPs.`,
    );
  }
  if (fromDbJson<Route[]>(router.routes, []).some((r) => within(r.nexthop))) {
    throw new NeutronConflict(
      'RouterInterfaceInUseByRoute',
      `Router interface for subnet ${subnet.id} on router ${router.id} cannot be deleted, as it is required by one or more routes.`,
    );
  }
}

/** Detaches an interface by port (the port goes) or by subnet (its address goes, and the port when it was the last). */
export async function removeRouterInterface(
  ctx: NetworkContext,
  caller: Caller,
  routerId: string,
  body: InterfaceRequest,
): Promise<RouterInterfaceInfo> {
  const request = checkInterfaceRequest(body, true);
  const router = await getRouterRow(ctx, caller, routerId);
  authorize(ctx, caller, 'remove_router_interface', routerPolicyTarget(router));
  if (request.subnetId && !request.portId) await getSubnetRow(ctx, caller, request.subnetId);
  return inTransaction(ctx.db, ctx.dialect, async (trx) => {
    const current = (await selectRouter(trx, routerId)) ?? router;
    const interfaces = await routerInterfaces(trx, routerId);
    let chosen: { portId: string; fixedIps: FixedIp[] } | undefined;
    if (request.portId) {
      chosen = interfaces.find((i) => i.portId === request.portId);
      if (!chosen) {
        throw new NeutronNotFound(
          'RouterInterfaceNotFound',
          `Router ${routerId} does not have an interface with id ${request.portId}`,
        );
      }
      if (request.subnetId && !chosen.fixedIps.some((ip) => ip.subnet_id === request.subnetId)) {
        throw new NeutronBadRequest(
          'SubnetMismatchForPort',
          `Subnet on port ${request.portId} does not match the requested subnet ${request.subnetId}.`,
        );
      }
    } else {
      chosen = interfaces.find((i) => i.fixedIps.some((ip) => ip.subnet_id === request.subnetId));
      if (!chosen) {
        throw new NeutronNotFound(
          'RouterInterfaceNotFoundForSubnet',
          `Router ${routerId} has no interface on subnet ${request.subnetId}`,
        );
      }
    }
    const port = (await selectPort(trx, chosen.portId))!;
    const subnetIds = request.portId
      ? [...new Set(chosen.fixedIps.map((ip) => ip.subnet_id))]
      : [request.subnetId as string];
    for (const subnetId of subnetIds) {
      const subnet = await selectSubnet(trx, subnetId);
      if (subnet) await checkInterfaceUnused(trx, current, subnet);
    }
    const keepsOthers = !request.portId && chosen.fixedIps.some((ip) => ip.subnet_id !== request.subnetId);
    if (keepsOthers) {
      // A port with addresses on several subnets loses only the one subnet's address (Neutron updates fixed_ips).
      for (const ip of chosen.fixedIps.filter((f) => f.subnet_id === request.subnetId)) {
        await deleteAllocation(trx, ip.subnet_id, ip.ip_address);
      }
    } else {
      await deleteServicePort(trx, port.id);
    }
    await bumpRouter(trx, routerId);
    return interfaceInfo(current, port, subnetIds);
  });
}
