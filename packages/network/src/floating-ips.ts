// Floating IPs: an address on an external network, held by a network:floatingip port, associated with a fixed IP of
// a port that a router with a gateway on that network reaches (neutron/db/l3_db.py create/update_floatingip).
import { fromDbBool } from '@nubo/core';
import { authorize, can, type Target } from './authorize.js';
import type { Caller, NetworkContext } from './context.js';
import {
  deleteFloatingIpRow,
  insertFloatingIp,
  selectFloatingIp,
  selectFloatingIps,
  selectFloatingIpsOfPort,
  updateFloatingIpRow,
} from './db/floating-ips.js';
import { selectAllocationsOfSubnet } from './db/ip-allocations.js';
import { selectNetwork } from './db/networks.js';
import { selectPort } from './db/ports.js';
import { selectRouter } from './db/routers.js';
import { selectSubnet, selectSubnetsOfNetworks } from './db/subnets.js';
import type { FloatingIpRow, NetworkQueryable, NetworkRow, PortRow } from './db/tables.js';
import { inTransaction } from './db/transaction.js';
import { NeutronBadRequest, NeutronConflict, NeutronNotFound, notFound } from './errors.js';
import { canonicalAddress, contains, parseAddress, parseCidr } from './ipam.js';
import { networkPolicyTarget } from './networks.js';
import { checkQuota } from './quotas.js';
import {
  type AddressRequest,
  createServicePort,
  deleteServicePort,
  FLOATING_IP,
  fixedIpsOf,
  ROUTER_INTERFACE,
} from './service-ports.js';
import { bumped, standardColumns } from './standard-attributes.js';

/** Neutron's floating IP statuses: DOWN until the L3 data plane has set up the NAT, then ACTIVE. */
export type FloatingIpStatus = 'ACTIVE' | 'DOWN' | 'ERROR';

/** `Bad floatingip request: …`. */
function badRequest(msg: string): NeutronBadRequest {
  return new NeutronBadRequest('BadRequest', `Bad floatingip request: ${msg}.`);
}

/** neutron-lib FloatingIPNotFound (404). */
export function floatingIpNotFound(id: string): NeutronNotFound {
  return new NeutronNotFound('FloatingIPNotFound', `Floating IP ${id} could not be found`);
}

export function floatingIpPolicyTarget(row: { project_id: string }): Target {
  return { project_id: row.project_id, tenant_id: row.project_id };
}

/** A floating IP the caller may see; FloatingIPNotFound otherwise. */
export async function getFloatingIp(ctx: NetworkContext, caller: Caller, id: string): Promise<FloatingIpRow> {
  const row = await selectFloatingIp(ctx.db, id);
  if (!row || !can(ctx, caller, 'get_floatingip', floatingIpPolicyTarget(row))) throw floatingIpNotFound(id);
  return row;
}

export async function listFloatingIps(ctx: NetworkContext, caller: Caller): Promise<FloatingIpRow[]> {
  const rows = await selectFloatingIps(ctx.db, caller.isAdmin ? 'all' : caller.projectId);
  return rows.filter((row) => can(ctx, caller, 'get_floatingip', floatingIpPolicyTarget(row)));
}

/** The ports floating IPs are associated with, by id (the fip-port-details extension shows them). */
export async function associatedPorts(ctx: NetworkContext, rows: FloatingIpRow[]): Promise<Map<string, PortRow>> {
  const out = new Map<string, PortRow>();
  for (const row of rows) {
    if (!row.port_id || out.has(row.port_id)) continue;
    const port = await selectPort(ctx.db, row.port_id);
    if (port) out.set(port.id, port);
  }
  return out;
}

/** What an association resolves to: the port, its fixed IP, and the router that reaches it. */
interface Association {
  port_id: string | null;
  fixed_ip_address: string | null;
  router_id: string | null;
}

/**
 * The router that routes between the port's subnet and the external network: one with an interface on that subnet
 * and its gateway on `externalNetworkId`, preferring the one holding the subnet's gateway IP
 * (l3_db get_router_for_floatingip); ExternalGatewayForFloatingIPNotFound (404) when there is none.
 */
async function routerFor(
  trx: NetworkQueryable,
  port: PortRow,
  subnetId: string,
  externalNetworkId: string,
): Promise<string> {
  const subnet = await selectSubnet(trx, subnetId);
  let first: string | undefined;
  for (const allocation of await selectAllocationsOfSubnet(trx, subnetId)) {
    const iface = await selectPort(trx, allocation.port_id);
    if (!iface || iface.device_owner !== ROUTER_INTERFACE) continue;
    const router = await selectRouter(trx, iface.device_id);
    if (!router || router.gw_network_id !== externalNetworkId) continue;
    if (allocation.ip_address === subnet?.gateway_ip) return router.id;
    first ??= router.id;
  }
  if (first) return first;
  throw new NeutronNotFound(
    'ExternalGatewayForFloatingIPNotFound',
    `External network ${externalNetworkId} is not reachable from subnet ${subnetId}.  Therefore, cannot associate Port ${port.id} with a Floating IP.`,
  );
}

/** Resolves `port_id` (+ `fixed_ip_address`) for a floating IP, with every check Neutron makes. */
async function resolveAssociation(
  caller: Caller,
  trx: NetworkQueryable,
  fip: { id: string; project_id: string; floating_network_id: string; floating_ip_address: string },
  portId: string | null,
  fixedIpAddress: unknown,
): Promise<Association> {
  if (portId === null) {
    if (fixedIpAddress !== undefined && fixedIpAddress !== null) {
      throw badRequest('fixed_ip_address cannot be specified without a port_id');
    }
    return { port_id: null, fixed_ip_address: null, router_id: null };
  }
  const port = await selectPort(trx, portId);
  if (!port || (!caller.isAdmin && port.project_id !== caller.projectId)) throw notFound('Port', portId);
  if (port.project_id !== fip.project_id && !caller.isAdmin) {
    throw badRequest(
      `Cannot process floating IP association with Port ${portId}, since that port is owned by a different project`,
    );
  }
  if (port.device_owner.startsWith('network:'))
    throw badRequest(`Port ${portId} is unable to be assigned a floating IP`);
  const fixedIps = (await fixedIpsOf(trx, [port.id])).get(port.id) ?? [];
  let chosen: { subnet_id: string; ip_address: string } | undefined;
  if (typeof fixedIpAddress === 'string') {
    const address = parseAddress(fixedIpAddress);
    if (!address) {
      throw new NeutronBadRequest(
        'HTTPBadRequest',
        `Invalid input for fixed_ip_address. Reason: '${fixedIpAddress}' is not a valid IP address.`,
      );
    }
    if (address.version !== 4) {
      throw badRequest(
        `Cannot process floating IP association with ${fixedIpAddress}, since that is not an IPv4 address`,
      );
    }
    const text = canonicalAddress(fixedIpAddress);
    chosen = fixedIps.find((ip) => ip.ip_address === text);
    if (!chosen) throw badRequest(`Port ${portId} does not have fixed ip ${fixedIpAddress}`);
  } else {
    const v4 = fixedIps.filter((ip) => parseAddress(ip.ip_address)?.version === 4);
    if (v4.length === 0) throw badRequest(`Cannot add floating IP to port ${portId} that has no fixed IPv4 addresses`);
    if (v4.length > 1) {
      throw badRequest(
        `Port ${portId} has multiple fixed IPv4 addresses.  Must provide a specific IPv4 address when assigning a floating IP`,
      );
    }
    chosen = v4[0]!;
  }
  const routerId = await routerFor(trx, port, chosen.subnet_id, fip.floating_network_id);
  const taken = (await selectFloatingIpsOfPort(trx, port.id)).find(
    (other) =>
      other.id !== fip.id &&
      other.floating_network_id === fip.floating_network_id &&
      other.fixed_ip_address === chosen.ip_address,
  );
  if (taken) {
    throw new NeutronConflict(
      'FloatingIPPortAlreadyAssociated',
      `Cannot associate floating IP ${fip.floating_ip_address} (${fip.id}) with port ${portId} using fixed IP ${chosen.ip_address}, as that fixed IP already has a floating IP on external network ${fip.floating_network_id}.`,
    );
  }
  return { port_id: port.id, fixed_ip_address: chosen.ip_address, router_id: routerId };
}

/** The address request for a new floating IP: the given address or subnet, else the first IPv4 subnet with room. */
async function addressRequests(
  trx: NetworkQueryable,
  network: NetworkRow,
  attrs: Record<string, unknown>,
): Promise<AddressRequest[]> {
  const v4 = (await selectSubnetsOfNetworks(trx, [network.id])).filter((s) => s.ip_version === 4);
  if (v4.length === 0) throw badRequest(`Network ${network.id} does not contain any IPv4 subnet`);
  let candidates = v4;
  if (typeof attrs.subnet_id === 'string') {
    candidates = v4.filter((s) => s.id === attrs.subnet_id);
    if (candidates.length === 0) {
      throw badRequest(`Subnet ${attrs.subnet_id} is not an IPv4 subnet of network ${network.id}`);
    }
  }
  if (typeof attrs.floating_ip_address === 'string') {
    const address = parseAddress(attrs.floating_ip_address);
    const subnet = address && candidates.find((s) => contains(parseCidr(s.cidr), address));
    if (!subnet) {
      throw new NeutronBadRequest(
        'InvalidIpForNetwork',
        `IP address ${attrs.floating_ip_address} is not a valid IP for any of the subnets on the specified network.`,
      );
    }
    return [{ subnet, ipAddress: canonicalAddress(attrs.floating_ip_address) }];
  }
  return candidates.map((subnet) => ({ subnet }));
}

/** Allocates a floating IP on an external network, associated at once when `port_id` is given. */
export async function createFloatingIp(
  ctx: NetworkContext,
  caller: Caller,
  attrs: Record<string, unknown>,
): Promise<FloatingIpRow> {
  const projectId = String(attrs.project_id ?? caller.projectId);
  const target = { project_id: projectId, tenant_id: projectId };
  authorize(ctx, caller, 'create_floatingip', target);
  if (attrs.floating_ip_address !== undefined) authorize(ctx, caller, 'create_floatingip:floating_ip_address', target);
  const networkId = String(attrs.floating_network_id);
  const network = await selectNetwork(ctx.db, networkId);
  if (!network || !can(ctx, caller, 'get_network', networkPolicyTarget(network))) throw notFound('Network', networkId);
  if (!fromDbBool(network.external)) throw badRequest(`Network ${networkId} is not a valid external network`);
  const { id, description, tags, revision_number, created_at, updated_at } = standardColumns(projectId, attrs);
  return inTransaction(ctx.db, ctx.dialect, async (trx) => {
    await checkQuota(ctx, trx, projectId, 'floatingip');
    const requests = await addressRequests(trx, network, attrs);
    let held: Awaited<ReturnType<typeof createServicePort>> | undefined;
    // One address from the first IPv4 subnet that still has one (Neutron tries each IPv4 subnet).
    for (const request of requests) {
      held = await createServicePort(ctx, trx, {
        network,
        projectId: '',
        deviceId: id,
        deviceOwner: FLOATING_IP,
        addresses: [request],
        status: 'N/A',
      }).catch((err: unknown) => {
        if (err instanceof NeutronConflict && err.type === 'IpAddressGenerationFailure') return undefined;
        throw err;
      });
      if (held) break;
    }
    if (!held) {
      throw new NeutronBadRequest(
        'ExternalIpAddressExhausted',
        `Unable to find any IP address on external network ${networkId}.`,
      );
    }
    const row: FloatingIpRow = {
      id,
      project_id: projectId,
      description,
      tags,
      revision_number,
      created_at,
      updated_at,
      floating_network_id: networkId,
      floating_ip_address: held.fixedIps[0]!.ip_address,
      floating_port_id: held.port.id,
      port_id: null,
      fixed_ip_address: null,
      router_id: null,
      status: 'DOWN',
    };
    const portId = typeof attrs.port_id === 'string' ? attrs.port_id : null;
    Object.assign(row, await resolveAssociation(caller, trx, row, portId, attrs.fixed_ip_address));
    await insertFloatingIp(trx, row);
    return row;
  });
}

/**
 * Associates (`port_id`), moves, or disassociates (`port_id: null`) a floating IP. A body without `port_id` keeps
 * the association (Neutron bug 1610045); the status is the data plane's to change.
 */
export async function updateFloatingIp(
  ctx: NetworkContext,
  caller: Caller,
  id: string,
  attrs: Record<string, unknown>,
): Promise<FloatingIpRow> {
  const row = await getFloatingIp(ctx, caller, id);
  authorize(ctx, caller, 'update_floatingip', floatingIpPolicyTarget(row));
  await inTransaction(ctx.db, ctx.dialect, async (trx) => {
    const current = (await selectFloatingIp(trx, id)) ?? row;
    const changes: Partial<FloatingIpRow> = { ...bumped(current) };
    if (typeof attrs.description === 'string') changes.description = attrs.description;
    if (attrs.port_id !== undefined) {
      const portId = typeof attrs.port_id === 'string' ? attrs.port_id : null;
      Object.assign(changes, await resolveAssociation(caller, trx, current, portId, attrs.fixed_ip_address));
    } else if (attrs.fixed_ip_address !== undefined) {
      Object.assign(changes, await resolveAssociation(caller, trx, current, current.port_id, attrs.fixed_ip_address));
    }
    await updateFloatingIpRow(trx, id, changes);
  });
  return (await selectFloatingIp(ctx.db, id))!;
}

/** Releases a floating IP and its address. */
export async function deleteFloatingIp(ctx: NetworkContext, caller: Caller, id: string): Promise<void> {
  const row = await getFloatingIp(ctx, caller, id);
  authorize(ctx, caller, 'delete_floatingip', floatingIpPolicyTarget(row));
  await inTransaction(ctx.db, ctx.dialect, async (trx) => {
    await deleteServicePort(trx, row.floating_port_id);
    await deleteFloatingIpRow(trx, id);
  });
}

/**
 * Disassociates every floating IP of a port; the port code calls it inside its delete transaction, as Neutron's
 * delete_port calls disassociate_floatingips.
 */
export async function disassociateFloatingIpsOfPort(trx: NetworkQueryable, portId: string): Promise<void> {
  for (const fip of await selectFloatingIpsOfPort(trx, portId)) {
    await updateFloatingIpRow(trx, fip.id, { ...bumped(fip), port_id: null, fixed_ip_address: null, router_id: null });
  }
}

/** The data plane reports whether a floating IP's NAT is in place (ACTIVE) or not (DOWN, ERROR). */
export async function setFloatingIpStatus(ctx: NetworkContext, id: string, status: FloatingIpStatus): Promise<void> {
  const row = await selectFloatingIp(ctx.db, id);
  if (!row) throw floatingIpNotFound(id);
  if (row.status !== status) await updateFloatingIpRow(ctx.db, id, { ...bumped(row), status });
}
