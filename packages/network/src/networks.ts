// Networks: create, read, update and delete, with Neutron's visibility (own, shared, external) and in-use checks.
import { fromDbBool, toDbBool } from '@nubo/core';
import { authorize, can, type Target } from './authorize.js';
import type { Caller, NetworkContext } from './context.js';
import { deleteAllocationsOfPort } from './db/ip-allocations.js';
import { deleteNetworkRow, insertNetwork, selectNetwork, selectNetworks, updateNetworkRow } from './db/networks.js';
import { deletePortRow, selectPortsOfNetwork } from './db/ports.js';
import { deleteSubnetRow, selectSubnetsOfNetworks } from './db/subnets.js';
import type { NetworkRow } from './db/tables.js';
import { inTransaction } from './db/transaction.js';
import { invalidInput, NeutronConflict, notFound } from './errors.js';
import { checkQuota } from './quotas.js';
import { bumped, standardColumns } from './standard-attributes.js';

/** A network with the ids of its subnets, as views need it. */
export interface Network {
  row: NetworkRow;
  subnetIds: string[];
}

/** The attributes a caller may give (already converted by the API layer). */
export type NetworkAttributes = Record<string, unknown>;

/** The policy target of a network. */
export function networkPolicyTarget(row: NetworkRow): Target {
  return {
    project_id: row.project_id,
    tenant_id: row.project_id,
    shared: fromDbBool(row.shared),
    'router:external': fromDbBool(row.external),
    'network:project_id': row.project_id,
    'network:shared': fromDbBool(row.shared),
    'network:router:external': fromDbBool(row.external),
  };
}

async function withSubnets(ctx: NetworkContext, rows: NetworkRow[]): Promise<Network[]> {
  const subnets = await selectSubnetsOfNetworks(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({ row, subnetIds: subnets.filter((s) => s.network_id === row.id).map((s) => s.id) }));
}

/** A network the caller may see; NetworkNotFound otherwise (Neutron never tells a project what it cannot read). */
export async function getNetworkRow(ctx: NetworkContext, caller: Caller, id: string): Promise<NetworkRow> {
  const row = await selectNetwork(ctx.db, id);
  if (!row || !can(ctx, caller, 'get_network', networkPolicyTarget(row))) throw notFound('Network', id);
  return row;
}

export async function showNetwork(ctx: NetworkContext, caller: Caller, id: string): Promise<Network> {
  const [network] = await withSubnets(ctx, [await getNetworkRow(ctx, caller, id)]);
  return network!;
}

export async function listNetworks(ctx: NetworkContext, caller: Caller): Promise<Network[]> {
  const rows = await selectNetworks(ctx.db, caller.isAdmin ? 'all' : caller.projectId);
  return withSubnets(
    ctx,
    rows.filter((row) => can(ctx, caller, 'get_network', networkPolicyTarget(row))),
  );
}

export async function createNetwork(ctx: NetworkContext, caller: Caller, attrs: NetworkAttributes): Promise<Network> {
  const projectId = String(attrs.project_id ?? caller.projectId);
  const target = { project_id: projectId, tenant_id: projectId };
  authorize(ctx, caller, 'create_network', target);
  if (attrs.shared !== undefined) authorize(ctx, caller, 'create_network:shared', target);
  if (attrs['router:external'] !== undefined) authorize(ctx, caller, 'create_network:router:external', target);
  const external = attrs['router:external'] === true;
  const maxMtu = ctx.config.globalPhysnetMtu - (external ? 0 : ctx.config.tenantNetworkOverhead);
  const mtu = typeof attrs.mtu === 'number' ? attrs.mtu : maxMtu;
  if (mtu > maxMtu) {
    throw invalidInput(`Requested MTU is too big, maximum is ${maxMtu}`);
  }
  const row: NetworkRow = {
    ...standardColumns(projectId, attrs),
    admin_state_up: toDbBool(attrs.admin_state_up !== false),
    shared: toDbBool(attrs.shared === true),
    external: toDbBool(external),
    mtu,
    status: 'ACTIVE',
    port_security_enabled: toDbBool(attrs.port_security_enabled !== false),
    // nubo's project networks are host bridges (the future agent's); external ones a flat host bridge.
    provider_network_type: external ? 'flat' : 'local',
    provider_physical_network: external ? 'public' : null,
    provider_segmentation_id: null,
  };
  await inTransaction(ctx.db, ctx.dialect, async (trx) => {
    await checkQuota(ctx, trx, projectId, 'network');
    await insertNetwork(trx, row);
  });
  return { row, subnetIds: [] };
}

export async function updateNetwork(
  ctx: NetworkContext,
  caller: Caller,
  id: string,
  attrs: NetworkAttributes,
): Promise<Network> {
  const row = await getNetworkRow(ctx, caller, id);
  const target = networkPolicyTarget(row);
  authorize(ctx, caller, 'update_network', target);
  if (attrs.shared !== undefined) authorize(ctx, caller, 'update_network:shared', target);
  if (attrs['router:external'] !== undefined) authorize(ctx, caller, 'update_network:router:external', target);
  const changes: Partial<NetworkRow> = { ...bumped(row) };
  if (typeof attrs.name === 'string') changes.name = attrs.name;
  if (typeof attrs.description === 'string') changes.description = attrs.description;
  if (typeof attrs.admin_state_up === 'boolean') changes.admin_state_up = toDbBool(attrs.admin_state_up);
  if (typeof attrs.shared === 'boolean') changes.shared = toDbBool(attrs.shared);
  if (typeof attrs['router:external'] === 'boolean') changes.external = toDbBool(attrs['router:external']);
  if (typeof attrs.port_security_enabled === 'boolean') {
    changes.port_security_enabled = toDbBool(attrs.port_security_enabled);
  }
  if (typeof attrs.mtu === 'number') changes.mtu = attrs.mtu;
  await updateNetworkRow(ctx.db, id, changes);
  return showNetwork(ctx, caller, id);
}

/**
 * Deletes a network and its subnets. Ports other than the network's own DHCP ports keep it in use
 * (NetworkInUse, 409), as in Neutron's delete_network.
 */
export async function deleteNetwork(ctx: NetworkContext, caller: Caller, id: string): Promise<void> {
  const row = await getNetworkRow(ctx, caller, id);
  authorize(ctx, caller, 'delete_network', networkPolicyTarget(row));
  await inTransaction(ctx.db, ctx.dialect, async (trx) => {
    const ports = await selectPortsOfNetwork(trx, id);
    if (ports.some((p) => p.device_owner !== 'network:dhcp')) {
      throw new NeutronConflict(
        'NetworkInUse',
        `Unable to complete operation on network ${id}. There are one or more ports still in use on the network.`,
      );
    }
    for (const port of ports) {
      await deleteAllocationsOfPort(trx, port.id);
      await deletePortRow(trx, port.id);
    }
    for (const subnet of await selectSubnetsOfNetworks(trx, [id])) await deleteSubnetRow(trx, subnet.id);
    await deleteNetworkRow(trx, id);
  });
}
