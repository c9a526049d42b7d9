// Queries on neutron_floating_ips.
import type { FloatingIpRow, NetworkQueryable } from './tables.js';

export async function insertFloatingIp(db: NetworkQueryable, row: FloatingIpRow): Promise<void> {
  await db.insertInto('neutron_floating_ips').values(row).execute();
}

export async function selectFloatingIp(db: NetworkQueryable, id: string): Promise<FloatingIpRow | undefined> {
  return db.selectFrom('neutron_floating_ips').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function selectFloatingIps(db: NetworkQueryable, projectId: string | 'all'): Promise<FloatingIpRow[]> {
  let query = db.selectFrom('neutron_floating_ips').selectAll().orderBy('created_at').orderBy('id');
  if (projectId !== 'all') query = query.where('project_id', '=', projectId);
  return query.execute();
}

/** The floating IPs bound to a port (any of its fixed addresses). */
export async function selectFloatingIpsOfPort(db: NetworkQueryable, portId: string): Promise<FloatingIpRow[]> {
  return db.selectFrom('neutron_floating_ips').selectAll().where('port_id', '=', portId).execute();
}

/** The floating IPs routed by a router. */
export async function selectFloatingIpsOfRouter(db: NetworkQueryable, routerId: string): Promise<FloatingIpRow[]> {
  return db.selectFrom('neutron_floating_ips').selectAll().where('router_id', '=', routerId).execute();
}

export async function updateFloatingIpRow(
  db: NetworkQueryable,
  id: string,
  changes: Partial<FloatingIpRow>,
): Promise<void> {
  await db.updateTable('neutron_floating_ips').set(changes).where('id', '=', id).execute();
}

export async function deleteFloatingIpRow(db: NetworkQueryable, id: string): Promise<void> {
  await db.deleteFrom('neutron_floating_ips').where('id', '=', id).execute();
}

export async function countFloatingIps(db: NetworkQueryable, projectId: string): Promise<number> {
  const row = await db
    .selectFrom('neutron_floating_ips')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
