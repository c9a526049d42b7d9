// Queries on neutron_quotas.
import type { NetworkQueryable } from './tables.js';

export async function selectQuotas(db: NetworkQueryable, projectId: string): Promise<Record<string, number>> {
  const rows = await db.selectFrom('neutron_quotas').selectAll().where('project_id', '=', projectId).execute();
  return Object.fromEntries(rows.map((r) => [r.resource, r.hard_limit]));
}

/** Projects that have limits of their own. */
export async function selectQuotaProjects(db: NetworkQueryable): Promise<string[]> {
  const rows = await db.selectFrom('neutron_quotas').select('project_id').distinct().orderBy('project_id').execute();
  return rows.map((r) => r.project_id);
}

export async function upsertQuota(db: NetworkQueryable, projectId: string, resource: string, limit: number) {
  await db.deleteFrom('neutron_quotas').where('project_id', '=', projectId).where('resource', '=', resource).execute();
  await db.insertInto('neutron_quotas').values({ project_id: projectId, resource, hard_limit: limit }).execute();
}

export async function deleteQuotas(db: NetworkQueryable, projectId: string): Promise<void> {
  await db.deleteFrom('neutron_quotas').where('project_id', '=', projectId).execute();
}
