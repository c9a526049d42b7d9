// Queries on review_changes.
import type { ChangeRow, ReviewDb } from './tables.js';

/** The change of that number. */
export function findChange(db: ReviewDb, number: number): Promise<ChangeRow | undefined> {
  return db.selectFrom('review_changes').selectAll().where('number', '=', number).executeTakeFirst();
}

/** Changes whose Change-Id is `key`, in any project and branch (a Change-Id alone may name several). */
export function findChangesByKey(
  db: ReviewDb,
  key: string,
  where: { project?: string; branch?: string } = {},
): Promise<ChangeRow[]> {
  let query = db.selectFrom('review_changes').selectAll().where('change_key', '=', key);
  if (where.project !== undefined) query = query.where('project', '=', where.project);
  if (where.branch !== undefined) query = query.where('branch', '=', where.branch);
  return query.orderBy('number').execute();
}

/** The coarse SQL part of a change query; the query language refines the rows in memory. */
export interface ChangeFilters {
  statuses?: string[];
  project?: string;
  branch?: string;
  numbers?: number[];
}

/** Changes matching the coarse filters, most recently updated first. */
export function listChanges(db: ReviewDb, filters: ChangeFilters): Promise<ChangeRow[]> {
  let query = db.selectFrom('review_changes').selectAll();
  if (filters.statuses) {
    if (filters.statuses.length === 0) return Promise.resolve([]);
    query = query.where('status', 'in', filters.statuses);
  }
  if (filters.project !== undefined) query = query.where('project', '=', filters.project);
  if (filters.branch !== undefined) query = query.where('branch', '=', filters.branch);
  if (filters.numbers !== undefined) {
    if (filters.numbers.length === 0) return Promise.resolve([]);
    query = query.where('number', 'in', filters.numbers);
  }
  // Gerrit sorts query results by last update, most recent first.
  return query.orderBy('updated_at', 'desc').orderBy('number', 'desc').execute();
}

/** One more than the highest change number. */
export async function nextChangeNumber(db: ReviewDb): Promise<number> {
  const row = await db
    .selectFrom('review_changes')
    .select((eb) => eb.fn.max('number').as('max'))
    .executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

/** Adds a change (a duplicate number or Change-Id on its branch is a unique violation). */
export async function insertChange(db: ReviewDb, row: ChangeRow): Promise<void> {
  await db.insertInto('review_changes').values(row).execute();
}

/** Changes a change's mutable columns. */
export async function updateChange(
  db: ReviewDb,
  number: number,
  values: Partial<Omit<ChangeRow, 'number' | 'change_key' | 'project' | 'branch' | 'owner_account_id'>>,
): Promise<void> {
  await db.updateTable('review_changes').set(values).where('number', '=', number).execute();
}

/** Removes a change (to undo a failed upload). */
export async function deleteChange(db: ReviewDb, number: number): Promise<void> {
  await db.deleteFrom('review_changes').where('number', '=', number).execute();
}
