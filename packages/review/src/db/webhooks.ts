// Queries on review_webhooks.
import type { ReviewDb, WebhookRow } from './tables.js';

/** The webhooks of a project, by name. */
export function listWebhooks(db: ReviewDb, project: string): Promise<WebhookRow[]> {
  return db.selectFrom('review_webhooks').selectAll().where('project', '=', project).orderBy('name').execute();
}

/** Creates or replaces a webhook. */
export async function putWebhook(db: ReviewDb, row: WebhookRow): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('review_webhooks').where('project', '=', row.project).where('name', '=', row.name).execute();
    await tx.insertInto('review_webhooks').values(row).execute();
  });
}

/** Removes a webhook; answers how many rows went (0 or 1). */
export async function deleteWebhook(db: ReviewDb, project: string, name: string): Promise<number> {
  const result = await db
    .deleteFrom('review_webhooks')
    .where('project', '=', project)
    .where('name', '=', name)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
