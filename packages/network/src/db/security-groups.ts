// Queries on neutron_security_groups and the default group of each project.
import type { DialectName } from '@nubo/core';
import type { NetworkQueryable, SecurityGroupRow } from './tables.js';

export async function insertSecurityGroup(db: NetworkQueryable, row: SecurityGroupRow): Promise<void> {
  await db.insertInto('neutron_security_groups').values(row).execute();
}

export async function selectSecurityGroup(db: NetworkQueryable, id: string): Promise<SecurityGroupRow | undefined> {
  return db.selectFrom('neutron_security_groups').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function selectSecurityGroups(
  db: NetworkQueryable,
  projectId: string | 'all',
): Promise<SecurityGroupRow[]> {
  let query = db.selectFrom('neutron_security_groups').selectAll().orderBy('created_at').orderBy('id');
  if (projectId !== 'all') query = query.where('project_id', '=', projectId);
  return query.execute();
}

export async function updateSecurityGroupRow(
  db: NetworkQueryable,
  id: string,
  changes: Partial<SecurityGroupRow>,
): Promise<void> {
  await db.updateTable('neutron_security_groups').set(changes).where('id', '=', id).execute();
}

export async function deleteSecurityGroupRow(db: NetworkQueryable, id: string): Promise<void> {
  await db.deleteFrom('neutron_security_group_rules').where('security_group_id', '=', id).execute();
  await db.deleteFrom('neutron_security_groups').where('id', '=', id).execute();
}

export async function countSecurityGroups(db: NetworkQueryable, projectId: string): Promise<number> {
  const row = await db
    .selectFrom('neutron_security_groups')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The default group of a project, if it has been made. */
export async function selectDefaultGroupId(db: NetworkQueryable, projectId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('neutron_default_security_groups')
    .select('security_group_id')
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return row?.security_group_id;
}

/** Every project's default group id (to mark them in views). */
export async function selectDefaultGroupIds(db: NetworkQueryable): Promise<Set<string>> {
  const rows = await db.selectFrom('neutron_default_security_groups').select('security_group_id').execute();
  return new Set(rows.map((r) => r.security_group_id));
}

/** Records `groupId` as the project's default; false when another request recorded one first. */
export async function claimDefaultGroup(
  db: NetworkQueryable,
  dialect: DialectName,
  projectId: string,
  groupId: string,
): Promise<boolean> {
  const insert = db
    .insertInto('neutron_default_security_groups')
    .values({ project_id: projectId, security_group_id: groupId });
  const result =
    dialect === 'mysql'
      ? await insert.ignore().executeTakeFirst()
      : await insert.onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function deleteDefaultGroup(db: NetworkQueryable, projectId: string): Promise<void> {
  await db.deleteFrom('neutron_default_security_groups').where('project_id', '=', projectId).execute();
}
