// Queries on neutron_ports and the security groups a port is in.
import type { NetworkQueryable, PortRow } from './tables.js';

export async function insertPort(db: NetworkQueryable, row: PortRow): Promise<void> {
  await db.insertInto('neutron_ports').values(row).execute();
}

export async function selectPort(db: NetworkQueryable, id: string): Promise<PortRow | undefined> {
  return db.selectFrom('neutron_ports').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Ports before policy: those of the project or on its networks; every port for `all`. */
export async function selectPorts(
  db: NetworkQueryable,
  scope: 'all' | { projectId: string; networkIds: string[] },
): Promise<PortRow[]> {
  let query = db.selectFrom('neutron_ports').selectAll().orderBy('created_at').orderBy('id');
  if (scope !== 'all') {
    query = query.where((eb) =>
      eb.or([
        eb('project_id', '=', scope.projectId),
        ...(scope.networkIds.length > 0 ? [eb('network_id', 'in', scope.networkIds)] : []),
      ]),
    );
  }
  return query.execute();
}

export async function selectPortsOfNetwork(db: NetworkQueryable, networkId: string): Promise<PortRow[]> {
  return db.selectFrom('neutron_ports').selectAll().where('network_id', '=', networkId).execute();
}

export async function selectPortsOfDevice(db: NetworkQueryable, deviceId: string): Promise<PortRow[]> {
  return db.selectFrom('neutron_ports').selectAll().where('device_id', '=', deviceId).orderBy('created_at').execute();
}

export async function selectPortsOfHost(db: NetworkQueryable, host: string): Promise<PortRow[]> {
  return db.selectFrom('neutron_ports').selectAll().where('binding_host_id', '=', host).execute();
}

export async function macInUse(db: NetworkQueryable, networkId: string, mac: string): Promise<boolean> {
  const row = await db
    .selectFrom('neutron_ports')
    .select('id')
    .where('network_id', '=', networkId)
    .where('mac_address', '=', mac)
    .executeTakeFirst();
  return row !== undefined;
}

export async function updatePortRow(db: NetworkQueryable, id: string, changes: Partial<PortRow>): Promise<void> {
  await db.updateTable('neutron_ports').set(changes).where('id', '=', id).execute();
}

export async function deletePortRow(db: NetworkQueryable, id: string): Promise<void> {
  await db.deleteFrom('neutron_port_security_groups').where('port_id', '=', id).execute();
  await db.deleteFrom('neutron_ports').where('id', '=', id).execute();
}

export async function countPorts(db: NetworkQueryable, projectId: string): Promise<number> {
  const row = await db
    .selectFrom('neutron_ports')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function selectPortGroups(db: NetworkQueryable, portIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (portIds.length === 0) return out;
  const rows = await db
    .selectFrom('neutron_port_security_groups')
    .selectAll()
    .where('port_id', 'in', portIds)
    .orderBy('security_group_id')
    .execute();
  for (const r of rows) out.set(r.port_id, [...(out.get(r.port_id) ?? []), r.security_group_id]);
  return out;
}

export async function replacePortGroups(db: NetworkQueryable, portId: string, groupIds: string[]): Promise<void> {
  await db.deleteFrom('neutron_port_security_groups').where('port_id', '=', portId).execute();
  if (groupIds.length === 0) return;
  await db
    .insertInto('neutron_port_security_groups')
    .values(groupIds.map((security_group_id) => ({ port_id: portId, security_group_id })))
    .execute();
}

export async function groupInUse(db: NetworkQueryable, groupId: string): Promise<boolean> {
  const row = await db
    .selectFrom('neutron_port_security_groups')
    .select('port_id')
    .where('security_group_id', '=', groupId)
    .executeTakeFirst();
  return row !== undefined;
}
