// Queries on review_approvals: one row per (change, patch set, label, account).
import type { ApprovalRow, ReviewDb } from './tables.js';

/** The votes on these changes, oldest first. */
export function listApprovals(db: ReviewDb, changeNumbers: number[]): Promise<ApprovalRow[]> {
  if (changeNumbers.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('review_approvals')
    .selectAll()
    .where('change_number', 'in', [...new Set(changeNumbers)])
    .orderBy('granted_at')
    .execute();
}

/** Sets (or, with value 0, removes) one account's vote on one label of a patch set. */
export async function putApproval(db: ReviewDb, row: ApprovalRow): Promise<void> {
  await db
    .deleteFrom('review_approvals')
    .where('change_number', '=', row.change_number)
    .where('patch_set', '=', row.patch_set)
    .where('label', '=', row.label)
    .where('account_id', '=', row.account_id)
    .execute();
  if (row.value !== 0) await db.insertInto('review_approvals').values(row).execute();
}

/** Removes every vote on one patch set. */
export async function deleteApprovals(db: ReviewDb, changeNumber: number, patchSet: number): Promise<void> {
  await db
    .deleteFrom('review_approvals')
    .where('change_number', '=', changeNumber)
    .where('patch_set', '=', patchSet)
    .execute();
}
