// Subnets: CIDR, gateway and allocation-pool rules, the overlap check within a network, and the in-use check.
import { fromDbJson, toDbBool, toDbJson } from '@nubo/core';
import { authorize, can, networkTarget, type Target } from './authorize.js';
import type { Caller, NetworkContext } from './context.js';
import { selectAllocationsOfSubnet } from './db/ip-allocations.js';
import { selectNetwork } from './db/networks.js';
import { selectPort } from './db/ports.js';
import {
  deleteSubnetRow,
  insertSubnet,
  selectAllSubnets,
  selectSubnet,
  selectSubnetsOfNetworks,
  updateSubnetRow,
} from './db/subnets.js';
import type { NetworkRow, SubnetRow } from './db/tables.js';
import { inTransaction } from './db/transaction.js';
import { invalidAttribute, invalidInput, NeutronBadRequest, NeutronConflict, notFound } from './errors.js';
import {
  type Cidr,
  canonicalAddress,
  contains,
  defaultGateway,
  defaultPools,
  overlaps,
  type Pool,
  parseAddress,
  parseCidr,
  validateHostRoute,
  validatePools,
} from './ipam.js';
import { getNetworkRow } from './networks.js';
import { checkQuota } from './quotas.js';
import { bumped, standardColumns } from './standard-attributes.js';

/** neutron [DEFAULT] max_dns_nameservers and max_subnet_host_routes. */
const MAX_DNS_NAMESERVERS = 5;
const MAX_HOST_ROUTES = 20;
const IPV6_MODES = ['slaac', 'dhcpv6-stateful', 'dhcpv6-stateless'];

/** The policy target of a subnet: its own project and its network's owner and flags. */
export function subnetPolicyTarget(subnet: SubnetRow, network: NetworkRow): Target {
  return { project_id: subnet.project_id, tenant_id: subnet.project_id, ...networkTarget(network) };
}

/** A subnet the caller may see; SubnetNotFound otherwise. Returns its network too. */
export async function getSubnetRow(
  ctx: NetworkContext,
  caller: Caller,
  id: string,
): Promise<{ subnet: SubnetRow; network: NetworkRow }> {
  const subnet = await selectSubnet(ctx.db, id);
  const network = subnet ? await selectNetwork(ctx.db, subnet.network_id) : undefined;
  if (!subnet || !network || !can(ctx, caller, 'get_subnet', subnetPolicyTarget(subnet, network))) {
    throw notFound('Subnet', id);
  }
  return { subnet, network };
}

export async function listSubnets(ctx: NetworkContext, caller: Caller): Promise<SubnetRow[]> {
  const subnets = await selectAllSubnets(ctx.db);
  const networks = new Map<string, NetworkRow | undefined>();
  const out: SubnetRow[] = [];
  for (const subnet of subnets) {
    if (!networks.has(subnet.network_id))
      networks.set(subnet.network_id, await selectNetwork(ctx.db, subnet.network_id));
    const network = networks.get(subnet.network_id);
    if (network && can(ctx, caller, 'get_subnet', subnetPolicyTarget(subnet, network))) out.push(subnet);
  }
  return out;
}

function checkAddressList(attribute: string, values: unknown[], version: number): string[] {
  const seen = new Set<string>();
  for (const value of values) {
    const address = parseAddress(value);
    if (!address) throw invalidAttribute(attribute, `'${String(value)}' is not a valid IP address`);
    const text = canonicalAddress(String(value));
    if (seen.has(text)) throw invalidAttribute(attribute, `Duplicate nameserver '${text}'`);
    if (attribute === 'dns_nameservers' && address.version !== version) {
      // Neutron accepts nameservers of either family; nubo only checks they are addresses.
    }
    seen.add(text);
  }
  return [...seen];
}

/** Gateway, pools, DNS servers and host routes for a subnet of `cidr`, checked as Neutron checks them. */
function subnetLayout(
  cidr: Cidr,
  attrs: Record<string, unknown>,
  current?: { gateway_ip: string | null; allocation_pools: Pool[] },
): { gateway: string | null; pools: Pool[] } {
  let gateway: string | null;
  if (attrs.gateway_ip === undefined) gateway = current ? current.gateway_ip : defaultGateway(cidr);
  else if (attrs.gateway_ip === null) gateway = null;
  else {
    const gw = parseAddress(attrs.gateway_ip);
    if (!gw) throw invalidAttribute('gateway_ip', `'${String(attrs.gateway_ip)}' is not a valid IP address`);
    if (gw.version !== cidr.version) throw invalidInput(`Gateway is not valid on subnet`);
    // The network and (IPv4) broadcast addresses cannot be a gateway (neutron _validate_gw_out_of_pools/ipam).
    if (contains(cidr, gw) && cidr.prefix < (cidr.version === 4 ? 31 : 127)) {
      if (gw.value === cidr.first || (cidr.version === 4 && gw.value === cidr.last)) {
        throw invalidInput(`Gateway ip ${String(attrs.gateway_ip)} conflicts with the subnet's network address`);
      }
    }
    gateway = canonicalAddress(String(attrs.gateway_ip));
  }
  let pools: Pool[];
  if (Array.isArray(attrs.allocation_pools)) pools = attrs.allocation_pools as Pool[];
  else if (current && attrs.gateway_ip === undefined) pools = current.allocation_pools;
  else pools = defaultPools(cidr, gateway);
  validatePools(cidr, pools, gateway);
  pools = pools.map((p) => ({ start: canonicalAddress(p.start), end: canonicalAddress(p.end) }));
  return { gateway, pools };
}

function checkExtras(attrs: Record<string, unknown>, version: number): Partial<SubnetRow> {
  const out: Partial<SubnetRow> = {};
  if (Array.isArray(attrs.dns_nameservers)) {
    if (attrs.dns_nameservers.length > MAX_DNS_NAMESERVERS) {
      throw new NeutronBadRequest(
        'DNSNameServersExhausted',
        `Unable to complete operation for the subnet. The number of DNS nameservers exceeds the limit ${MAX_DNS_NAMESERVERS}.`,
      );
    }
    out.dns_nameservers = toDbJson(checkAddressList('dns_nameservers', attrs.dns_nameservers, version));
  }
  if (Array.isArray(attrs.host_routes)) {
    if (attrs.host_routes.length > MAX_HOST_ROUTES) {
      throw new NeutronBadRequest(
        'HostRoutesExhausted',
        `Unable to complete operation for the subnet. The number of host routes exceeds the limit ${MAX_HOST_ROUTES}.`,
      );
    }
    out.host_routes = toDbJson(attrs.host_routes.map(validateHostRoute));
  }
  if (typeof attrs.enable_dhcp === 'boolean') out.enable_dhcp = toDbBool(attrs.enable_dhcp);
  return out;
}

export async function createSubnet(
  ctx: NetworkContext,
  caller: Caller,
  attrs: Record<string, unknown>,
): Promise<SubnetRow> {
  const network = await getNetworkRow(ctx, caller, String(attrs.network_id));
  const projectId = String(attrs.project_id ?? caller.projectId);
  authorize(ctx, caller, 'create_subnet', { project_id: projectId, tenant_id: projectId, ...networkTarget(network) });
  if (attrs.subnetpool_id !== undefined && attrs.subnetpool_id !== null) {
    throw notFound('Subnetpool', String(attrs.subnetpool_id));
  }
  if (attrs.cidr === undefined || attrs.cidr === null) {
    throw new NeutronBadRequest(
      'BadRequest',
      'Bad subnets request: a cidr must be specified in the absence of a subnet pool.',
    );
  }
  const cidr = parseCidr(attrs.cidr);
  const version = Number(attrs.ip_version ?? cidr.version);
  if (version !== cidr.version) {
    throw invalidInput(`Cidr ${cidr.text} does not match ip_version ${version}`);
  }
  if (version === 4 && cidr.prefix === 32)
    throw invalidInput(`${cidr.text} is not a valid subnet: a /32 leaves no host`);
  for (const mode of ['ipv6_ra_mode', 'ipv6_address_mode']) {
    const value = attrs[mode];
    if (value === undefined || value === null) continue;
    if (!IPV6_MODES.includes(String(value))) {
      throw invalidAttribute(mode, `'${String(value)}' is not in ${JSON.stringify(IPV6_MODES)}`);
    }
    if (version !== 6) throw invalidInput(`${mode} set to '${String(value)}' with ip_version set to '4' is not valid`);
  }
  const { gateway, pools } = subnetLayout(cidr, attrs);
  const row: SubnetRow = {
    ...standardColumns(projectId, attrs),
    network_id: network.id,
    ip_version: version,
    cidr: cidr.text,
    gateway_ip: gateway,
    enable_dhcp: 1,
    allocation_pools: toDbJson(pools),
    dns_nameservers: '[]',
    host_routes: '[]',
    ipv6_ra_mode: (attrs.ipv6_ra_mode as string | null | undefined) ?? null,
    ipv6_address_mode: (attrs.ipv6_address_mode as string | null | undefined) ?? null,
    ...checkExtras(attrs, version),
  };
  await inTransaction(ctx.db, ctx.dialect, async (trx) => {
    for (const other of await selectSubnetsOfNetworks(trx, [network.id])) {
      if (overlaps(cidr, parseCidr(other.cidr))) {
        throw invalidInput(
          `Requested subnet with cidr: ${cidr.text} for network: ${network.id} overlaps with another subnet`,
        );
      }
    }
    await checkQuota(ctx, trx, projectId, 'subnet');
    await insertSubnet(trx, row);
  });
  return row;
}

export async function updateSubnet(
  ctx: NetworkContext,
  caller: Caller,
  id: string,
  attrs: Record<string, unknown>,
): Promise<SubnetRow> {
  const { subnet, network } = await getSubnetRow(ctx, caller, id);
  authorize(ctx, caller, 'update_subnet', subnetPolicyTarget(subnet, network));
  const cidr = parseCidr(subnet.cidr);
  const changes: Partial<SubnetRow> = { ...bumped(subnet), ...checkExtras(attrs, subnet.ip_version) };
  if (attrs.gateway_ip !== undefined || attrs.allocation_pools !== undefined) {
    const current = {
      gateway_ip: subnet.gateway_ip,
      allocation_pools: fromDbJson<Pool[]>(subnet.allocation_pools, []),
    };
    const { gateway, pools } = subnetLayout(cidr, attrs, current);
    changes.gateway_ip = gateway;
    changes.allocation_pools = toDbJson(pools);
  }
  if (typeof attrs.name === 'string') changes.name = attrs.name;
  if (typeof attrs.description === 'string') changes.description = attrs.description;
  await updateSubnetRow(ctx.db, id, changes);
  return (await selectSubnet(ctx.db, id))!;
}

/** Deletes a subnet no port holds an address of (SubnetInUse, 409, otherwise). */
export async function deleteSubnet(ctx: NetworkContext, caller: Caller, id: string): Promise<void> {
  const { subnet, network } = await getSubnetRow(ctx, caller, id);
  authorize(ctx, caller, 'delete_subnet', subnetPolicyTarget(subnet, network));
  await inTransaction(ctx.db, ctx.dialect, async (trx) => {
    for (const allocation of await selectAllocationsOfSubnet(trx, id)) {
      const port = await selectPort(trx, allocation.port_id);
      if (port && port.device_owner !== 'network:dhcp') {
        throw new NeutronConflict(
          'SubnetInUse',
          `Unable to complete operation on subnet ${id}: One or more ports have an IP allocation from this subnet.`,
        );
      }
    }
    await deleteSubnetRow(trx, id);
  });
}
