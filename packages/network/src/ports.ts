// Ports: create (addresses from IPAM, a MAC, the project's default security group), read, update and delete, with
// Neutron's visibility (the port's project, or the owner of its network) and its per-attribute policies.
import { fromDbBool, fromDbJson, toDbBool, toDbJson } from '@nubo/core';
import { authorize, can, networkTarget, type Target } from './authorize.js';
import type { Caller, NetworkContext } from './context.js';
import { selectFloatingIpsOfPort, updateFloatingIpRow } from './db/floating-ips.js';
import { deleteAllocationsOfPort } from './db/ip-allocations.js';
import { selectNetwork, selectNetworks } from './db/networks.js';
import {
  deletePortRow,
  macInUse,
  replacePortGroups,
  selectPort,
  selectPortGroups,
  selectPorts,
  updatePortRow,
} from './db/ports.js';
import { selectSubnetsOfNetworks } from './db/subnets.js';
import type { NetworkRow, PortRow, SubnetRow } from './db/tables.js';
import { inTransaction } from './db/transaction.js';
import { invalidInput, NeutronConflict, notFound } from './errors.js';
import { contains, parseAddress, parseCidr } from './ipam.js';
import { getNetworkRow } from './networks.js';
import { checkQuota } from './quotas.js';
import { resolvePortSecurityGroups } from './security-groups.js';
import { type AddressRequest, createServicePort, fixedIpsOf } from './service-ports.js';
import { bumped } from './standard-attributes.js';

/** A port with its fixed IPs and security groups, as views need it. */
export interface Port {
  row: PortRow;
  fixedIps: { subnet_id: string; ip_address: string }[];
  securityGroups: string[];
}

/** The policy target of a port: its own attributes and its network's. */
export function portPolicyTarget(row: PortRow, network: NetworkRow): Target {
  return {
    project_id: row.project_id,
    tenant_id: row.project_id,
    device_owner: row.device_owner,
    ...networkTarget(network),
  };
}

async function withDetails(ctx: NetworkContext, rows: PortRow[]): Promise<Port[]> {
  const ids = rows.map((r) => r.id);
  const [ips, groups] = await Promise.all([fixedIpsOf(ctx.db, ids), selectPortGroups(ctx.db, ids)]);
  return rows.map((row) => ({ row, fixedIps: ips.get(row.id) ?? [], securityGroups: groups.get(row.id) ?? [] }));
}

/** A port the caller may see; PortNotFound otherwise. */
async function getPortRow(
  ctx: NetworkContext,
  caller: Caller,
  id: string,
): Promise<{ row: PortRow; network: NetworkRow }> {
  const row = await selectPort(ctx.db, id);
  const network = row ? await selectNetwork(ctx.db, row.network_id) : undefined;
  if (!row || !network || !can(ctx, caller, 'get_port', portPolicyTarget(row, network))) throw notFound('Port', id);
  return { row, network };
}

export async function showPort(ctx: NetworkContext, caller: Caller, id: string): Promise<Port> {
  const [port] = await withDetails(ctx, [(await getPortRow(ctx, caller, id)).row]);
  return port!;
}

/** The ports the caller may see: its project's, and those on networks it owns (admins: all). */
export async function listPorts(ctx: NetworkContext, caller: Caller): Promise<Port[]> {
  const owned = caller.isAdmin
    ? []
    : (await selectNetworks(ctx.db, caller.projectId)).filter((n) => n.project_id === caller.projectId);
  const rows = await selectPorts(
    ctx.db,
    caller.isAdmin ? 'all' : { projectId: caller.projectId, networkIds: owned.map((n) => n.id) },
  );
  const networks = new Map<string, NetworkRow | undefined>();
  const visible: PortRow[] = [];
  for (const row of rows) {
    if (!networks.has(row.network_id)) networks.set(row.network_id, await selectNetwork(ctx.db, row.network_id));
    const network = networks.get(row.network_id);
    if (network && can(ctx, caller, 'get_port', portPolicyTarget(row, network))) visible.push(row);
  }
  return withDetails(ctx, visible);
}

/** What `fixed_ips` asks for, checked against the network's subnets (Neutron's _validate_fixed_ips_for_port). */
function addressRequests(network: NetworkRow, subnets: SubnetRow[], fixedIps: unknown): AddressRequest[] {
  if (fixedIps === undefined) {
    // Neutron gives a port one address from an IPv4 subnet and one from an IPv6 one, when the network has them.
    const out: AddressRequest[] = [];
    for (const version of [4, 6]) {
      const subnet = subnets.find((s) => s.ip_version === version);
      if (subnet) out.push({ subnet });
    }
    return out;
  }
  if (!Array.isArray(fixedIps)) throw invalidInput(`Invalid data format for fixed IP: '${String(fixedIps)}'`);
  return fixedIps.map((entry: Record<string, unknown>) => {
    const ip = entry?.ip_address;
    const subnetId = entry?.subnet_id;
    if (ip !== undefined && !parseAddress(ip)) throw invalidInput(`${String(ip)} is not a valid IP address`);
    let subnet: SubnetRow | undefined;
    if (subnetId !== undefined) {
      subnet = subnets.find((s) => s.id === subnetId);
      if (!subnet) {
        throw invalidInput(
          `Failed to create port on network ${network.id}, because fixed_ips included invalid subnet ${String(subnetId)}.`,
        );
      }
      if (ip !== undefined && !contains(parseCidr(subnet.cidr), parseAddress(ip)!)) {
        throw invalidInput(`IP address ${String(ip)} is not a valid IP for the specified subnet.`);
      }
    } else if (ip !== undefined) {
      subnet = subnets.find((s) => contains(parseCidr(s.cidr), parseAddress(ip)!));
      if (!subnet) {
        throw invalidInput(
          `IP address ${String(ip)} is not a valid IP for any of the subnets on the specified network.`,
        );
      }
    } else {
      throw invalidInput('IP allocation requires subnet_id or ip_address');
    }
    return ip === undefined ? { subnet } : { subnet, ipAddress: String(ip) };
  });
}

/** Allowed address pairs as stored: each with an ip_address (a CIDR or an address) and a mac_address. */
function addressPairs(value: unknown, mac: string): string {
  if (!Array.isArray(value)) throw invalidInput('Allowed address pairs must be a list.');
  const pairs = value.map((pair: Record<string, unknown>) => {
    const ip = pair?.ip_address;
    if (typeof ip !== 'string' || !(parseAddress(ip) || ip.includes('/'))) {
      throw invalidInput(`Allowed address pair ip_address ${String(ip)} is not a valid IP address or CIDR.`);
    }
    return { ip_address: ip, mac_address: typeof pair.mac_address === 'string' ? pair.mac_address : mac };
  });
  return toDbJson(pairs);
}

/** Neutron's port-security rule: a port without it can hold no security groups nor address pairs. */
function checkPortSecurity(enabled: boolean, groups: string[], pairs: string): void {
  if (!enabled && (groups.length > 0 || pairs !== '[]')) {
    throw new NeutronConflict(
      'PortSecurityAndIPRequiredForSecurityGroups',
      'Port security must be enabled and port must have an IP address in order to use security groups.',
    );
  }
}

export async function createPort(ctx: NetworkContext, caller: Caller, attrs: Record<string, unknown>): Promise<Port> {
  const network = await getNetworkRow(ctx, caller, String(attrs.network_id));
  const projectId = String(attrs.project_id ?? caller.projectId);
  const deviceOwner = typeof attrs.device_owner === 'string' ? attrs.device_owner : '';
  const target = { project_id: projectId, tenant_id: projectId, device_owner: deviceOwner, ...networkTarget(network) };
  authorize(ctx, caller, 'create_port', target);
  if (attrs.device_owner !== undefined) authorize(ctx, caller, 'create_port:device_owner', target);
  if (attrs.mac_address !== undefined) authorize(ctx, caller, 'create_port:mac_address', target);
  if (attrs['binding:host_id'] !== undefined) authorize(ctx, caller, 'create_port:binding', target);
  if (attrs.allowed_address_pairs !== undefined) authorize(ctx, caller, 'create_port:allowed_address_pairs', target);
  if (attrs.port_security_enabled !== undefined) authorize(ctx, caller, 'create_port:port_security_enabled', target);
  const fixed = Array.isArray(attrs.fixed_ips) ? (attrs.fixed_ips as Record<string, unknown>[]) : [];
  if (fixed.some((f) => f.ip_address !== undefined)) authorize(ctx, caller, 'create_port:fixed_ips:ip_address', target);
  if (fixed.some((f) => f.subnet_id !== undefined)) authorize(ctx, caller, 'create_port:fixed_ips:subnet_id', target);

  const subnets = await selectSubnetsOfNetworks(ctx.db, [network.id]);
  const requests = addressRequests(network, subnets, attrs.fixed_ips);
  const portSecurity =
    typeof attrs.port_security_enabled === 'boolean'
      ? attrs.port_security_enabled
      : fromDbBool(network.port_security_enabled);
  const serviceOwner = deviceOwner.startsWith('network:');
  const id = await inTransaction(ctx.db, ctx.dialect, async (trx) => {
    await checkQuota(ctx, trx, projectId, 'port');
    const requestedGroups = Array.isArray(attrs.security_groups) ? attrs.security_groups.map(String) : undefined;
    const groups =
      portSecurity && !serviceOwner
        ? await resolvePortSecurityGroups(ctx, projectId, requestedGroups, trx)
        : (requestedGroups ?? []);
    const made = await createServicePort(ctx, trx, {
      network,
      projectId,
      deviceId: typeof attrs.device_id === 'string' ? attrs.device_id : '',
      deviceOwner,
      addresses: requests,
    });
    const mac = typeof attrs.mac_address === 'string' ? attrs.mac_address.toLowerCase() : made.port.mac_address;
    if (mac !== made.port.mac_address && (await macInUse(trx, network.id, mac))) {
      throw new NeutronConflict(
        'MacAddressInUse',
        `Unable to complete operation for network ${network.id}. The mac address ${mac} is in use.`,
      );
    }
    const pairs = attrs.allowed_address_pairs === undefined ? '[]' : addressPairs(attrs.allowed_address_pairs, mac);
    checkPortSecurity(portSecurity, groups, pairs);
    const host = typeof attrs['binding:host_id'] === 'string' ? attrs['binding:host_id'] : '';
    await updatePortRow(trx, made.port.id, {
      name: typeof attrs.name === 'string' ? attrs.name : '',
      description: typeof attrs.description === 'string' ? attrs.description : '',
      mac_address: mac,
      admin_state_up: toDbBool(attrs.admin_state_up !== false),
      allowed_address_pairs: pairs,
      port_security_enabled: toDbBool(portSecurity),
      binding_host_id: host,
      // Bound to a host's Linux bridge once it has one (Neutron's linuxbridge mechanism driver).
      binding_vif_type: host ? 'bridge' : 'unbound',
      ...(Array.isArray(attrs.tags) ? { tags: toDbJson(attrs.tags) } : {}),
    });
    await replacePortGroups(trx, made.port.id, groups);
    return made.port.id;
  });
  return showPort(ctx, caller, id);
}

export async function updatePort(
  ctx: NetworkContext,
  caller: Caller,
  id: string,
  attrs: Record<string, unknown>,
): Promise<Port> {
  const { row, network } = await getPortRow(ctx, caller, id);
  const target = portPolicyTarget(row, network);
  authorize(ctx, caller, 'update_port', target);
  if (attrs.device_owner !== undefined) authorize(ctx, caller, 'update_port:device_owner', target);
  if (attrs.mac_address !== undefined) authorize(ctx, caller, 'update_port:mac_address', target);
  if (attrs['binding:host_id'] !== undefined) authorize(ctx, caller, 'update_port:binding', target);
  if (attrs.allowed_address_pairs !== undefined) authorize(ctx, caller, 'update_port:allowed_address_pairs', target);
  if (attrs.port_security_enabled !== undefined) authorize(ctx, caller, 'update_port:port_security_enabled', target);
  await inTransaction(ctx.db, ctx.dialect, async (trx) => {
    const changes: Partial<PortRow> = { ...bumped(row) };
    for (const key of ['name', 'description', 'device_id', 'device_owner'] as const) {
      if (typeof attrs[key] === 'string') changes[key] = attrs[key] as string;
    }
    if (typeof attrs.admin_state_up === 'boolean') changes.admin_state_up = toDbBool(attrs.admin_state_up);
    if (typeof attrs['binding:host_id'] === 'string') {
      changes.binding_host_id = attrs['binding:host_id'];
      changes.binding_vif_type = attrs['binding:host_id'] ? 'bridge' : 'unbound';
    }
    if (attrs.allowed_address_pairs !== undefined) {
      changes.allowed_address_pairs = addressPairs(attrs.allowed_address_pairs, row.mac_address);
    }
    const portSecurity =
      typeof attrs.port_security_enabled === 'boolean'
        ? attrs.port_security_enabled
        : fromDbBool(row.port_security_enabled);
    changes.port_security_enabled = toDbBool(portSecurity);
    let groups = (await selectPortGroups(trx, [id])).get(id) ?? [];
    if (attrs.security_groups !== undefined) {
      const wanted = Array.isArray(attrs.security_groups) ? attrs.security_groups.map(String) : [];
      groups = wanted.length === 0 ? [] : await resolvePortSecurityGroups(ctx, row.project_id, wanted, trx);
      await replacePortGroups(trx, id, groups);
    }
    checkPortSecurity(portSecurity, groups, changes.allowed_address_pairs ?? row.allowed_address_pairs);
    if (Array.isArray(attrs.tags)) changes.tags = toDbJson(attrs.tags);
    await updatePortRow(trx, id, changes);
  });
  return showPort(ctx, caller, id);
}

/** Deletes a port and frees its addresses; router interface ports go through the router API (409 here). */
export async function deletePort(ctx: NetworkContext, caller: Caller, id: string): Promise<void> {
  const { row, network } = await getPortRow(ctx, caller, id);
  authorize(ctx, caller, 'delete_port', portPolicyTarget(row, network));
  if (row.device_owner === 'network:router_interface' || row.device_owner === 'network:router_gateway') {
    throw new NeutronConflict(
      'ServicePortInUse',
      `Port ${id} cannot be deleted directly via the port API: has device owner ${row.device_owner}.`,
    );
  }
  await inTransaction(ctx.db, ctx.dialect, async (trx) => {
    // A floating IP on the port is disassociated, as Neutron's disassociate_floatingips on port delete.
    for (const fip of await selectFloatingIpsOfPort(trx, id)) {
      await updateFloatingIpRow(trx, fip.id, {
        port_id: null,
        fixed_ip_address: null,
        router_id: null,
        status: 'DOWN',
      });
    }
    await replacePortGroups(trx, id, []);
    await deleteAllocationsOfPort(trx, id);
    await deletePortRow(trx, id);
  });
}

/** The tags column as a list (views). */
export function portTags(row: PortRow): string[] {
  return fromDbJson<string[]>(row.tags, []);
}
