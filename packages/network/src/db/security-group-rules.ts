// Queries on neutron_security_group_rules.
import type { NetworkQueryable, SecurityGroupRuleRow } from './tables.js';

export async function insertRules(db: NetworkQueryable, rows: SecurityGroupRuleRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('neutron_security_group_rules').values(rows).execute();
}

export async function selectRule(db: NetworkQueryable, id: string): Promise<SecurityGroupRuleRow | undefined> {
  return db.selectFrom('neutron_security_group_rules').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function selectRulesOfGroups(db: NetworkQueryable, groupIds: string[]): Promise<SecurityGroupRuleRow[]> {
  if (groupIds.length === 0) return [];
  return db
    .selectFrom('neutron_security_group_rules')
    .selectAll()
    .where('security_group_id', 'in', groupIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function selectRules(db: NetworkQueryable, projectId: string | 'all'): Promise<SecurityGroupRuleRow[]> {
  let query = db.selectFrom('neutron_security_group_rules').selectAll().orderBy('created_at').orderBy('id');
  if (projectId !== 'all') query = query.where('project_id', '=', projectId);
  return query.execute();
}

export async function deleteRuleRow(db: NetworkQueryable, id: string): Promise<void> {
  await db.deleteFrom('neutron_security_group_rules').where('id', '=', id).execute();
}

export async function countRules(db: NetworkQueryable, projectId: string): Promise<number> {
  const row = await db
    .selectFrom('neutron_security_group_rules')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Rules (of any group) whose remote is `groupId`. */
export async function selectRulesWithRemoteGroup(
  db: NetworkQueryable,
  groupId: string,
): Promise<SecurityGroupRuleRow[]> {
  return db.selectFrom('neutron_security_group_rules').selectAll().where('remote_group_id', '=', groupId).execute();
}
