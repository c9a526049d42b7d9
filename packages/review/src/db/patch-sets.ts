// Queries on review_patch_sets.
import type { PatchSetRow, ReviewDb } from './tables.js';

/** The patch sets of these changes, by change and number. */
export function listPatchSets(db: ReviewDb, changeNumbers: number[]): Promise<PatchSetRow[]> {
  if (changeNumbers.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('review_patch_sets')
    .selectAll()
    .where('change_number', 'in', [...new Set(changeNumbers)])
    .orderBy('change_number')
    .orderBy('number')
    .execute();
}

/** Patch sets whose commit is one of `revisions`, of changes in `project`. */
export function findPatchSetsByRevision(db: ReviewDb, project: string, revisions: string[]): Promise<PatchSetRow[]> {
  if (revisions.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('review_patch_sets')
    .innerJoin('review_changes', 'review_changes.number', 'review_patch_sets.change_number')
    .selectAll('review_patch_sets')
    .where('review_changes.project', '=', project)
    .where('review_patch_sets.revision', 'in', [...new Set(revisions)])
    .execute();
}

/** Adds a patch set. */
export async function insertPatchSet(db: ReviewDb, row: PatchSetRow): Promise<void> {
  await db.insertInto('review_patch_sets').values(row).execute();
}

/** Removes a patch set (to undo an upload whose ref failed). */
export async function deletePatchSet(db: ReviewDb, changeNumber: number, number: number): Promise<void> {
  await db
    .deleteFrom('review_patch_sets')
    .where('change_number', '=', changeNumber)
    .where('number', '=', number)
    .execute();
}
