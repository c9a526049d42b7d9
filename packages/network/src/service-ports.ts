// The ports Neutron makes for its own devices: router gateways and interfaces (network:router_*) and the port that
// holds a floating IP's address (network:floatingip). They never pass the port API's policy or quota checks: the L3
// code creates them with an elevated context in Neutron, and so does nubo here.
import { randomBytes } from 'node:crypto';
import { type DialectName, fromDbJson } from '@nubo/core';
import type { NetworkContext } from './context.js';
import {
  claimAddress,
  deleteAllocationsOfPort,
  selectAllocationsOfPorts,
  selectTakenAddresses,
} from './db/ip-allocations.js';
import { deletePortRow, insertPort, macInUse } from './db/ports.js';
import type { IpAllocationRow, NetworkQueryable, NetworkRow, PortRow, SubnetRow } from './db/tables.js';
import { NeutronConflict } from './errors.js';
import { freeAddresses, type Pool, poolRanges } from './ipam.js';
import { standardColumns } from './standard-attributes.js';

export const ROUTER_GATEWAY = 'network:router_gateway';
export const ROUTER_INTERFACE = 'network:router_interface';
export const FLOATING_IP = 'network:floatingip';

/** One address a service port asks for: a given address on a subnet, or the next free one. */
export interface AddressRequest {
  subnet: SubnetRow;
  ipAddress?: string;
}

/** A port with its fixed IPs, in the order they were asked for. */
export interface PortWithIps {
  port: PortRow;
  fixedIps: { subnet_id: string; ip_address: string }[];
}

/** Neutron's base_mac fa:16:3e:00:00:00 with the last three bytes random, unique on the network. */
async function freshMac(db: NetworkQueryable, networkId: string): Promise<string> {
  for (let attempt = 0; attempt < 16; attempt++) {
    const mac = `fa:16:3e:${[...randomBytes(3)].map((b) => b.toString(16).padStart(2, '0')).join(':')}`;
    if (!(await macInUse(db, networkId, mac))) return mac;
  }
  throw new NeutronConflict('MacAddressGenerationFailure', `Unable to generate unique mac on network ${networkId}.`);
}

/** Claims one address for a port; a taken one is IpAddressAlreadyAllocated (409) as in Neutron's IPAM. */
async function claim(
  db: NetworkQueryable,
  dialect: DialectName,
  portId: string,
  request: AddressRequest,
  position: number,
): Promise<string | undefined> {
  const subnet = request.subnet;
  const base = { subnet_id: subnet.id, network_id: subnet.network_id, port_id: portId, position };
  if (request.ipAddress !== undefined) {
    if (await claimAddress(db, dialect, { ...base, ip_address: request.ipAddress })) return request.ipAddress;
    throw new NeutronConflict(
      'IpAddressAlreadyAllocated',
      `IP address ${request.ipAddress} already allocated in subnet ${subnet.id}`,
    );
  }
  const ranges = poolRanges(fromDbJson<Pool[]>(subnet.allocation_pools, []));
  const version = subnet.ip_version === 6 ? 6 : 4;
  // Another writer may win an address between the read and the insert; then the next free one is tried.
  for (let round = 0; round < 8; round++) {
    const taken = await selectTakenAddresses(db, subnet.id);
    const candidates = freeAddresses(version, ranges, taken, 4);
    if (candidates.length === 0) return undefined;
    for (const ip of candidates) {
      const row: IpAllocationRow = { ...base, ip_address: ip };
      if (await claimAddress(db, dialect, row)) return ip;
    }
  }
  return undefined;
}

/**
 * Creates a service port on `network` holding the requested addresses, inside the caller's transaction. A subnet
 * with no free address fails the whole port with IpAddressGenerationFailure (409), as Neutron's IPAM does.
 */
export async function createServicePort(
  ctx: NetworkContext,
  trx: NetworkQueryable,
  options: {
    network: NetworkRow;
    projectId: string;
    deviceId: string;
    deviceOwner: string;
    addresses: AddressRequest[];
    status?: string;
  },
): Promise<PortWithIps> {
  const port: PortRow = {
    ...standardColumns(options.projectId, {}),
    network_id: options.network.id,
    mac_address: await freshMac(trx, options.network.id),
    admin_state_up: 1,
    status: options.status ?? 'DOWN',
    device_id: options.deviceId,
    device_owner: options.deviceOwner,
    allowed_address_pairs: '[]',
    // Neutron applies no security groups to network:* device ports.
    port_security_enabled: 0,
    binding_host_id: '',
    binding_vnic_type: 'normal',
    binding_vif_type: 'unbound',
    binding_profile: '{}',
    binding_vif_details: '{}',
  };
  await insertPort(trx, port);
  const fixedIps: PortWithIps['fixedIps'] = [];
  for (const [position, request] of options.addresses.entries()) {
    const ip = await claim(trx, ctx.dialect, port.id, request, position);
    if (ip === undefined) {
      // Leave nothing behind: a caller may go on to try another subnet in the same transaction.
      await deleteServicePort(trx, port.id);
      throw new NeutronConflict(
        'IpAddressGenerationFailure',
        `No more IP addresses available on network ${options.network.id}.`,
      );
    }
    fixedIps.push({ subnet_id: request.subnet.id, ip_address: ip });
  }
  return { port, fixedIps };
}

/** The fixed IPs of ports, by port id, in their stored order. */
export async function fixedIpsOf(
  db: NetworkQueryable,
  portIds: string[],
): Promise<Map<string, { subnet_id: string; ip_address: string }[]>> {
  const out = new Map<string, { subnet_id: string; ip_address: string }[]>();
  for (const a of await selectAllocationsOfPorts(db, portIds)) {
    out.set(a.port_id, [...(out.get(a.port_id) ?? []), { subnet_id: a.subnet_id, ip_address: a.ip_address }]);
  }
  return out;
}

/** Deletes a service port and frees its addresses. */
export async function deleteServicePort(trx: NetworkQueryable, portId: string): Promise<void> {
  await deleteAllocationsOfPort(trx, portId);
  await deletePortRow(trx, portId);
}
