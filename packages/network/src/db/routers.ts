// Queries on neutron_routers.
import type { NetworkQueryable, RouterRow } from './tables.js';

export async function insertRouter(db: NetworkQueryable, row: RouterRow): Promise<void> {
  await db.insertInto('neutron_routers').values(row).execute();
}

export async function selectRouter(db: NetworkQueryable, id: string): Promise<RouterRow | undefined> {
  return db.selectFrom('neutron_routers').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function selectRouters(db: NetworkQueryable, projectId: string | 'all'): Promise<RouterRow[]> {
  let query = db.selectFrom('neutron_routers').selectAll().orderBy('created_at').orderBy('id');
  if (projectId !== 'all') query = query.where('project_id', '=', projectId);
  return query.execute();
}

/** Routers whose gateway is on a network. */
export async function selectRoutersOnGateway(db: NetworkQueryable, networkId: string): Promise<RouterRow[]> {
  return db.selectFrom('neutron_routers').selectAll().where('gw_network_id', '=', networkId).execute();
}

export async function updateRouterRow(db: NetworkQueryable, id: string, changes: Partial<RouterRow>): Promise<void> {
  await db.updateTable('neutron_routers').set(changes).where('id', '=', id).execute();
}

export async function deleteRouterRow(db: NetworkQueryable, id: string): Promise<void> {
  await db.deleteFrom('neutron_routers').where('id', '=', id).execute();
}

export async function countRouters(db: NetworkQueryable, projectId: string): Promise<number> {
  const row = await db
    .selectFrom('neutron_routers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
