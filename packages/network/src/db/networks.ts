// Queries on neutron_networks.
import type { NetworkQueryable, NetworkRow } from './tables.js';

export async function insertNetwork(db: NetworkQueryable, row: NetworkRow): Promise<void> {
  await db.insertInto('neutron_networks').values(row).execute();
}

export async function selectNetwork(db: NetworkQueryable, id: string): Promise<NetworkRow | undefined> {
  return db.selectFrom('neutron_networks').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Networks a project may see before policy: its own, shared and external ones; every one for `all`. */
export async function selectNetworks(db: NetworkQueryable, projectId: string | 'all'): Promise<NetworkRow[]> {
  let query = db.selectFrom('neutron_networks').selectAll().orderBy('created_at').orderBy('id');
  if (projectId !== 'all') {
    query = query.where((eb) =>
      eb.or([eb('project_id', '=', projectId), eb('shared', '=', 1), eb('external', '=', 1)]),
    );
  }
  return query.execute();
}

export async function updateNetworkRow(db: NetworkQueryable, id: string, changes: Partial<NetworkRow>): Promise<void> {
  await db.updateTable('neutron_networks').set(changes).where('id', '=', id).execute();
}

export async function deleteNetworkRow(db: NetworkQueryable, id: string): Promise<void> {
  await db.deleteFrom('neutron_networks').where('id', '=', id).execute();
}

export async function countNetworks(db: NetworkQueryable, projectId: string): Promise<number> {
  const row = await db
    .selectFrom('neutron_networks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
