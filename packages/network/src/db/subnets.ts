// Queries on neutron_subnets.
import type { NetworkQueryable, SubnetRow } from './tables.js';

export async function insertSubnet(db: NetworkQueryable, row: SubnetRow): Promise<void> {
  await db.insertInto('neutron_subnets').values(row).execute();
}

export async function selectSubnet(db: NetworkQueryable, id: string): Promise<SubnetRow | undefined> {
  return db.selectFrom('neutron_subnets').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function selectSubnetsOfNetworks(db: NetworkQueryable, networkIds: string[]): Promise<SubnetRow[]> {
  if (networkIds.length === 0) return [];
  return db
    .selectFrom('neutron_subnets')
    .selectAll()
    .where('network_id', 'in', networkIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function selectAllSubnets(db: NetworkQueryable): Promise<SubnetRow[]> {
  return db.selectFrom('neutron_subnets').selectAll().orderBy('created_at').orderBy('id').execute();
}

export async function updateSubnetRow(db: NetworkQueryable, id: string, changes: Partial<SubnetRow>): Promise<void> {
  await db.updateTable('neutron_subnets').set(changes).where('id', '=', id).execute();
}

export async function deleteSubnetRow(db: NetworkQueryable, id: string): Promise<void> {
  await db.deleteFrom('neutron_subnets').where('id', '=', id).execute();
}

export async function countSubnets(db: NetworkQueryable, projectId: string): Promise<number> {
  const row = await db
    .selectFrom('neutron_subnets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
