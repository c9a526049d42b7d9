// Queries on compute_quotas (per-project quota limits; absent rows mean the configured default).
import type { ComputeDb } from './tables.js';

/** The limits set for a project, by resource. */
export async function listProjectQuotas(db: ComputeDb, projectId: string): Promise<Record<string, number>> {
  const rows = await db.selectFrom('compute_quotas').selectAll().where('project_id', '=', projectId).execute();
  return Object.fromEntries(rows.map((r) => [r.resource, r.hard_limit]));
}

/** Sets limits of a project (insert or replace each). */
export async function setProjectQuotas(
  db: ComputeDb,
  projectId: string,
  limits: Record<string, number>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const [resource, hard_limit] of Object.entries(limits)) {
      await trx
        .deleteFrom('compute_quotas')
        .where('project_id', '=', projectId)
        .where('resource', '=', resource)
        .execute();
      await trx.insertInto('compute_quotas').values({ project_id: projectId, resource, hard_limit }).execute();
    }
  });
}

/** Reverts a project to the defaults. */
export async function deleteProjectQuotas(db: ComputeDb, projectId: string): Promise<void> {
  await db.deleteFrom('compute_quotas').where('project_id', '=', projectId).execute();
}
