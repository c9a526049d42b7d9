// Routers: create, read, update (gateway on an external network, extra routes), delete; interfaces are in
// router-interfaces.ts. Behaviour follows neutron/db/l3_db.py and extraroute_db.py.
import { fromDbBool, fromDbJson, toDbBool, toDbJson } from '@nubo/core';
import { authorize, can, type Target } from './authorize.js';
import type { Caller, NetworkContext } from './context.js';
import { selectFloatingIpsOfRouter } from './db/floating-ips.js';
import { selectNetwork } from './db/networks.js';
import { selectPort, selectPortsOfDevice } from './db/ports.js';
import { deleteRouterRow, insertRouter, selectRouter, selectRouters, updateRouterRow } from './db/routers.js';
import { selectSubnet, selectSubnetsOfNetworks } from './db/subnets.js';
import type { NetworkQueryable, RouterRow, SubnetRow } from './db/tables.js';
import { inTransaction } from './db/transaction.js';
import { NeutronBadRequest, NeutronConflict, NeutronNotFound, notFound } from './errors.js';
import { canonicalAddress, contains, parseAddress, parseCidr, validateHostRoute } from './ipam.js';
import { networkPolicyTarget } from './networks.js';
import { checkQuota } from './quotas.js';
import {
  type AddressRequest,
  createServicePort,
  deleteServicePort,
  fixedIpsOf,
  ROUTER_GATEWAY,
  ROUTER_INTERFACE,
} from './service-ports.js';
import { bumped, standardColumns } from './standard-attributes.js';

/** neutron [DEFAULT] max_routes. */
export const MAX_ROUTES = 30;

export interface Route {
  destination: string;
  nexthop: string;
}

/** A fixed IP of a port. */
export interface FixedIp {
  subnet_id: string;
  ip_address: string;
}

/** A router with what its view shows: the gateway's addresses and the extra routes. */
export interface Router {
  row: RouterRow;
  gatewayIps: FixedIp[];
  routes: Route[];
}

/** `Bad router request: …` (neutron-lib BadRequest with resource 'router'). */
export function badRouterRequest(msg: string): NeutronBadRequest {
  return new NeutronBadRequest('BadRequest', `Bad router request: ${msg}.`);
}

/** neutron-lib RouterNotFound (404). */
export function routerNotFound(id: string): NeutronNotFound {
  return new NeutronNotFound('RouterNotFound', `Router ${id} could not be found`);
}

export function routerPolicyTarget(row: { project_id: string }): Target {
  return { project_id: row.project_id, tenant_id: row.project_id };
}

/** A router the caller may see; RouterNotFound otherwise. */
export async function getRouterRow(ctx: NetworkContext, caller: Caller, id: string): Promise<RouterRow> {
  const row = await selectRouter(ctx.db, id);
  if (!row || !can(ctx, caller, 'get_router', routerPolicyTarget(row))) throw routerNotFound(id);
  return row;
}

async function withGateways(db: NetworkQueryable, rows: RouterRow[]): Promise<Router[]> {
  const ips = await fixedIpsOf(
    db,
    rows.flatMap((r) => (r.gw_port_id ? [r.gw_port_id] : [])),
  );
  return rows.map((row) => ({
    row,
    gatewayIps: row.gw_port_id ? (ips.get(row.gw_port_id) ?? []) : [],
    routes: fromDbJson<Route[]>(row.routes, []),
  }));
}

export async function showRouter(ctx: NetworkContext, caller: Caller, id: string): Promise<Router> {
  const [router] = await withGateways(ctx.db, [await getRouterRow(ctx, caller, id)]);
  return router!;
}

export async function listRouters(ctx: NetworkContext, caller: Caller): Promise<Router[]> {
  const rows = await selectRouters(ctx.db, caller.isAdmin ? 'all' : caller.projectId);
  return withGateways(
    ctx.db,
    rows.filter((row) => can(ctx, caller, 'get_router', routerPolicyTarget(row))),
  );
}

/** The interface ports of a router (device_owner network:router_interface) with their fixed IPs. */
export async function routerInterfaces(
  db: NetworkQueryable,
  routerId: string,
): Promise<{ portId: string; networkId: string; fixedIps: FixedIp[] }[]> {
  const ports = (await selectPortsOfDevice(db, routerId)).filter((p) => p.device_owner === ROUTER_INTERFACE);
  const ips = await fixedIpsOf(
    db,
    ports.map((p) => p.id),
  );
  return ports.map((p) => ({ portId: p.id, networkId: p.network_id, fixedIps: ips.get(p.id) ?? [] }));
}

/** The external_gateway_info a caller gave, checked; null clears the gateway. */
export interface GatewayInfo {
  network_id: string;
  enable_snat?: boolean;
  external_fixed_ips?: { subnet_id?: string; ip_address?: string }[];
}

function checkGatewayPolicy(ctx: NetworkContext, caller: Caller, action: string, info: unknown, target: Target) {
  authorize(ctx, caller, `${action}:external_gateway_info`, target);
  if (info && typeof info === 'object') {
    const gw = info as GatewayInfo;
    if (gw.enable_snat !== undefined) authorize(ctx, caller, `${action}:external_gateway_info:enable_snat`, target);
    if (gw.external_fixed_ips !== undefined) {
      authorize(ctx, caller, `${action}:external_gateway_info:external_fixed_ips`, target);
    }
  }
}

/** The addresses a gateway port asks for: the given ones, else one from the first IPv4 and IPv6 subnets. */
async function gatewayAddresses(db: NetworkQueryable, networkId: string, info: GatewayInfo): Promise<AddressRequest[]> {
  const subnets = await selectSubnetsOfNetworks(db, [networkId]);
  if (info.external_fixed_ips && info.external_fixed_ips.length > 0) {
    return info.external_fixed_ips.map((fixed) => {
      const subnet = fixed.subnet_id
        ? subnets.find((s) => s.id === fixed.subnet_id)
        : subnets.find((s) => {
            const address = parseAddress(fixed.ip_address);
            return address !== undefined && contains(parseCidr(s.cidr), address);
          });
      if (!subnet) {
        throw new NeutronBadRequest(
          'InvalidInput',
          `Invalid input for operation: Failed to create port on network ${networkId}, because fixed_ips included invalid subnet ${fixed.subnet_id ?? fixed.ip_address}.`,
        );
      }
      if (fixed.ip_address !== undefined) {
        const address = parseAddress(fixed.ip_address);
        if (!address || !contains(parseCidr(subnet.cidr), address)) {
          throw new NeutronBadRequest(
            'InvalidIpForSubnet',
            `IP address ${fixed.ip_address} is not a valid IP for the specified subnet.`,
          );
        }
        return { subnet, ipAddress: canonicalAddress(fixed.ip_address) };
      }
      return { subnet };
    });
  }
  const requests: AddressRequest[] = [];
  for (const version of [4, 6]) {
    const subnet = subnets.find((s: SubnetRow) => s.ip_version === version);
    if (subnet) requests.push({ subnet });
  }
  if (requests.length === 0) throw badRouterRequest(`No IPs available for external network ${networkId}`);
  return requests;
}

/**
 * Puts the router's gateway on `info.network_id` (an external network the caller may see) or takes it away (null),
 * inside `trx`. A router routing floating IPs keeps its gateway network (RouterExternalGatewayInUseByFloatingIp).
 */
async function applyGateway(
  ctx: NetworkContext,
  caller: Caller,
  trx: NetworkQueryable,
  router: RouterRow,
  info: GatewayInfo | null,
): Promise<Partial<RouterRow>> {
  if (info !== null) {
    const network = await selectNetwork(trx, info.network_id);
    if (!network || !can(ctx, caller, 'get_network', networkPolicyTarget(network))) {
      throw notFound('Network', info.network_id);
    }
    if (!fromDbBool(network.external)) throw badRouterRequest(`Network ${network.id} is not an external network`);
  }
  const sameNetwork = info !== null && info.network_id === router.gw_network_id;
  if (sameNetwork && info.external_fixed_ips === undefined) {
    return info.enable_snat === undefined ? {} : { enable_snat: toDbBool(info.enable_snat) };
  }
  if (router.gw_network_id && !sameNetwork && (await selectFloatingIpsOfRouter(trx, router.id)).length > 0) {
    throw new NeutronConflict(
      'RouterExternalGatewayInUseByFloatingIp',
      `Gateway cannot be updated for router ${router.id}, since a gateway to external network ${router.gw_network_id} is required by one or more floating IPs.`,
    );
  }
  if (router.gw_port_id) await deleteServicePort(trx, router.gw_port_id);
  if (info === null) return { gw_network_id: null, gw_port_id: null, enable_snat: 1 };
  const network = (await selectNetwork(trx, info.network_id))!;
  const { port } = await createServicePort(ctx, trx, {
    network,
    // Neutron's gateway ports belong to no project, so no project sees them in its port list.
    projectId: '',
    deviceId: router.id,
    deviceOwner: ROUTER_GATEWAY,
    addresses: await gatewayAddresses(trx, network.id, info),
  });
  return { gw_network_id: network.id, gw_port_id: port.id, enable_snat: toDbBool(info.enable_snat !== false) };
}

/** Python's repr of the routes, as InvalidRoutes prints them. */
function routesText(routes: Route[]): string {
  return `[${routes.map((r) => `{'destination': '${r.destination}', 'nexthop': '${r.nexthop}'}`).join(', ')}]`;
}

/**
 * Checks extra routes (extraroute_db _validate_routes): at most MAX_ROUTES, each next hop inside a subnet the router
 * has a port on and not one of the router's own addresses.
 */
async function checkRoutes(trx: NetworkQueryable, router: RouterRow, given: unknown[]): Promise<Route[]> {
  const routes = given.map((r) => {
    try {
      return validateHostRoute(r);
    } catch (err) {
      const reason = err instanceof Error ? err.message.replace(/^.*Reason: /, '') : String(err);
      throw new NeutronBadRequest('HTTPBadRequest', `Invalid input for routes. Reason: ${reason}`);
    }
  });
  if (routes.length > MAX_ROUTES) {
    throw new NeutronBadRequest(
      'RoutesExhausted',
      `Unable to complete operation for ${router.id}. The number of routes exceeds the maximum ${MAX_ROUTES}.`,
    );
  }
  const ports = await selectPortsOfDevice(trx, router.id);
  const fixed = [
    ...(
      await fixedIpsOf(
        trx,
        ports.map((p) => p.id),
      )
    ).values(),
  ].flat();
  const cidrs = [];
  for (const ip of fixed) {
    const subnet = await selectSubnet(trx, ip.subnet_id);
    if (subnet) cidrs.push(parseCidr(subnet.cidr));
  }
  for (const route of routes) {
    const hop = parseAddress(route.nexthop)!;
    if (!cidrs.some((c) => contains(c, hop))) {
      throw new NeutronBadRequest(
        'InvalidRoutes',
        `Invalid format for routes: ${routesText(routes)}, the nexthop is not connected with router`,
      );
    }
    if (fixed.some((ip) => ip.ip_address === route.nexthop)) {
      throw new NeutronBadRequest(
        'InvalidRoutes',
        `Invalid format for routes: ${routesText(routes)}, the nexthop is used by router`,
      );
    }
  }
  // Neutron keeps routes as a set: the same route twice is stored once.
  const unique = new Map(routes.map((r) => [`${r.destination} ${r.nexthop}`, r]));
  return [...unique.values()];
}

export async function createRouter(
  ctx: NetworkContext,
  caller: Caller,
  attrs: Record<string, unknown>,
): Promise<Router> {
  const projectId = String(attrs.project_id ?? caller.projectId);
  const target = { project_id: projectId, tenant_id: projectId };
  authorize(ctx, caller, 'create_router', target);
  // An empty external_gateway_info is no gateway (Tempest's create_router always sends one).
  const given = attrs.external_gateway_info as GatewayInfo | null | undefined;
  const gateway = given?.network_id ? given : undefined;
  if (given) checkGatewayPolicy(ctx, caller, 'create_router', given, target);
  const row: RouterRow = {
    ...standardColumns(projectId, attrs),
    admin_state_up: toDbBool(attrs.admin_state_up !== false),
    // Neutron's routers are ACTIVE from the start; the L3 agent reports nothing back on the router itself.
    status: 'ACTIVE',
    gw_network_id: null,
    gw_port_id: null,
    enable_snat: 1,
    routes: '[]',
  };
  await inTransaction(ctx.db, ctx.dialect, async (trx) => {
    await checkQuota(ctx, trx, projectId, 'router');
    if (gateway) Object.assign(row, await applyGateway(ctx, caller, trx, row, gateway));
    await insertRouter(trx, row);
  });
  return showRouter(ctx, caller, row.id);
}

export async function updateRouter(
  ctx: NetworkContext,
  caller: Caller,
  id: string,
  attrs: Record<string, unknown>,
): Promise<Router> {
  const row = await getRouterRow(ctx, caller, id);
  const target = routerPolicyTarget(row);
  authorize(ctx, caller, 'update_router', target);
  if (attrs.external_gateway_info !== undefined) {
    checkGatewayPolicy(ctx, caller, 'update_router', attrs.external_gateway_info, target);
  }
  await inTransaction(ctx.db, ctx.dialect, async (trx) => {
    const current = (await selectRouter(trx, id)) ?? row;
    const changes: Partial<RouterRow> = { ...bumped(current) };
    if (typeof attrs.name === 'string') changes.name = attrs.name;
    if (typeof attrs.description === 'string') changes.description = attrs.description;
    if (typeof attrs.admin_state_up === 'boolean') changes.admin_state_up = toDbBool(attrs.admin_state_up);
    if (attrs.external_gateway_info !== undefined) {
      const info = attrs.external_gateway_info as GatewayInfo | null;
      // An empty object clears the gateway too (python-neutronclient's --no-gateway sends {}).
      const gateway = info && typeof info === 'object' && info.network_id ? info : null;
      Object.assign(changes, await applyGateway(ctx, caller, trx, current, gateway));
    }
    if (Array.isArray(attrs.routes)) changes.routes = toDbJson(await checkRoutes(trx, current, attrs.routes));
    await updateRouterRow(trx, id, changes);
  });
  return showRouter(ctx, caller, id);
}

/** Adds or removes routes without replacing the others (extraroute-atomic add_extraroutes / remove_extraroutes). */
export async function changeExtraRoutes(
  ctx: NetworkContext,
  caller: Caller,
  id: string,
  change: 'add' | 'remove',
  given: unknown[],
): Promise<Router> {
  const row = await getRouterRow(ctx, caller, id);
  authorize(ctx, caller, 'update_router', routerPolicyTarget(row));
  await inTransaction(ctx.db, ctx.dialect, async (trx) => {
    const current = (await selectRouter(trx, id)) ?? row;
    const existing = fromDbJson<Route[]>(current.routes, []);
    const key = (r: Route) => `${r.destination} ${r.nexthop}`;
    let routes: Route[];
    if (change === 'add') {
      routes = await checkRoutes(trx, current, [...existing, ...given]);
    } else {
      const gone = new Set((given.map((r) => validateHostRoute(r)) as Route[]).map(key));
      routes = existing.filter((r) => !gone.has(key(r)));
    }
    await updateRouterRow(trx, id, { ...bumped(current), routes: toDbJson(routes) });
  });
  return showRouter(ctx, caller, id);
}

/** Deletes a router with no interfaces (RouterInUse, 409); its gateway port goes with it. */
export async function deleteRouter(ctx: NetworkContext, caller: Caller, id: string): Promise<void> {
  const row = await getRouterRow(ctx, caller, id);
  authorize(ctx, caller, 'delete_router', routerPolicyTarget(row));
  await inTransaction(ctx.db, ctx.dialect, async (trx) => {
    const interfaces = await routerInterfaces(trx, id);
    if (interfaces.length > 0) {
      throw new NeutronConflict(
        'RouterInUse',
        `Router ${id} has ports still attached: ${interfaces.map((i) => i.portId).join(', ')}`,
      );
    }
    const current = (await selectRouter(trx, id)) ?? row;
    if (current.gw_port_id && (await selectPort(trx, current.gw_port_id))) {
      await deleteServicePort(trx, current.gw_port_id);
    }
    await deleteRouterRow(trx, id);
  });
}
