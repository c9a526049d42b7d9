// Patch sets: a new change from a commit, or a new patch set of an existing change (uploads, rebasing submits).
import { isUniqueViolation, toDbBool, toDbJson } from '@nubo/core';
import type { Account } from './accounts.js';
import {
  type Approval,
  type Change,
  currentPatchSet,
  loadChanges,
  type PatchSet,
  patchSetRef,
} from './change-model.js';
import { addMessage } from './changes.js';
import { dependsOnOf } from './commit-message.js';
import type { ReviewContext } from './context.js';
import { putApproval } from './db/approvals.js';
import { findChange, findChangesByKey, insertChange, nextChangeNumber, updateChange } from './db/changes.js';
import { insertPatchSet } from './db/patch-sets.js';
import type { ReviewDb } from './db/tables.js';
import type { CommitData } from './git/repositories.js';
import { labelNamed } from './labels.js';

/** Gerrit's ChangeKind of a patch set against the one before it. */
export type ChangeKind = 'REWORK' | 'TRIVIAL_REBASE' | 'NO_CODE_CHANGE' | 'NO_CHANGE';

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * How a commit differs from the previous patch set: the same tree on the same parents is NO_CODE_CHANGE (NO_CHANGE
 * when the message is the same too); the same diff and message on other parents is TRIVIAL_REBASE.
 */
export async function changeKind(
  ctx: ReviewContext,
  project: string,
  previous: CommitData,
  next: CommitData,
): Promise<ChangeKind> {
  const sameParents = sameList(previous.parents, next.parents);
  if (sameParents && previous.tree === next.tree)
    return previous.message === next.message ? 'NO_CHANGE' : 'NO_CODE_CHANGE';
  if (!sameParents && previous.message === next.message && next.parents.length <= 1) {
    const [a, b] = await Promise.all([
      ctx.repos.patchId(project, previous.commit),
      ctx.repos.patchId(project, next.commit),
    ]);
    if (a !== undefined && a === b) return 'TRIVIAL_REBASE';
  }
  return 'REWORK';
}

/** The votes of the previous patch set a new one keeps, by each label's copy condition. */
export function copiedApprovals(previous: Approval[], kind: ChangeKind): Approval[] {
  return previous.filter((a) => {
    const label = labelNamed(a.label);
    if (!label) return false;
    return (label.copyCondition.min && a.value === label.min) || label.copyCondition.kinds.includes(kind);
  });
}

async function draftPatchSet(
  ctx: ReviewContext,
  project: string,
  changeNumber: number,
  number: number,
  commit: CommitData,
  uploader: Account,
  kind: ChangeKind,
  at: string,
): Promise<PatchSet> {
  const { insertions, deletions } = await ctx.repos.diffStat(project, commit);
  return {
    number,
    revision: commit.commit,
    ref: patchSetRef(changeNumber, number),
    uploaderAccountId: uploader.accountId,
    createdAt: at,
    kind,
    commit,
    insertions,
    deletions,
  };
}

async function writePatchSet(db: ReviewDb, changeNumber: number, patchSet: PatchSet): Promise<void> {
  await insertPatchSet(db, {
    change_number: changeNumber,
    number: patchSet.number,
    revision: patchSet.revision,
    ref: patchSet.ref,
    uploader_account_id: patchSet.uploaderAccountId,
    created_at: patchSet.createdAt,
    kind: patchSet.kind,
    commit_json: toDbJson(patchSet.commit),
    insertions: patchSet.insertions,
    deletions: patchSet.deletions,
  });
}

/** What an upload says about the change besides its commit (from `%topic=`, `%wip`, `%ready`, `%m=`). */
export interface UploadOptions {
  topic?: string;
  workInProgress?: boolean;
  message?: string;
}

/**
 * Records a new change (patch set 1) for a commit pushed for review; its number is the next free one. The ref is
 * not written here: the caller writes all refs of a push in one transaction, then calls `loadCreated`.
 */
export async function createChange(
  ctx: ReviewContext,
  project: string,
  branch: string,
  changeKey: string,
  commit: CommitData,
  uploader: Account,
  options: UploadOptions,
): Promise<{ number: number; patchSet: PatchSet }> {
  const at = new Date().toISOString();
  // Numbers are max+1: two writers may pick the same one, and the primary key sends the loser round again.
  for (let attempt = 0; attempt < 10; attempt++) {
    const number = await nextChangeNumber(ctx.db);
    const patchSet = await draftPatchSet(ctx, project, number, 1, commit, uploader, 'REWORK', at);
    try {
      await ctx.db.transaction().execute(async (tx) => {
        await insertChange(tx, {
          number,
          change_key: changeKey,
          project,
          branch,
          topic: options.topic ?? null,
          owner_account_id: uploader.accountId,
          subject: commit.subject,
          status: 'NEW',
          current_patch_set: 1,
          work_in_progress: toDbBool(options.workInProgress ?? false),
          depends_on: toDbJson(dependsOnOf(commit.message)),
          created_at: at,
          updated_at: at,
          submitted_at: null,
          submitter_account_id: null,
        });
        await writePatchSet(tx, number, patchSet);
        const text = options.message ? `Uploaded patch set 1.\n\n${options.message}` : 'Uploaded patch set 1.';
        await addMessage(tx, { number, currentPatchSet: 1 }, uploader, text, 'autogenerated:gerrit:newPatchSet', at);
      });
      return { number, patchSet };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // A clash on the Change-Id (the same change uploaded twice at once) is final; one on the number is not.
      if ((await findChangesByKey(ctx.db, changeKey, { project, branch })).length > 0) throw err;
    }
  }
  throw new Error('could not allocate a change number');
}

/**
 * Records patch set N+1 of an open change: copies the votes its labels keep, makes it current, takes the new
 * subject and Depends-On footers. The caller writes the ref.
 */
export async function addPatchSet(
  ctx: ReviewContext,
  change: Change,
  commit: CommitData,
  uploader: Account,
  options: UploadOptions & { messageText?: string; tag?: string },
): Promise<PatchSet> {
  const previous = currentPatchSet(change);
  const kind = await changeKind(ctx, change.project, previous.commit, commit);
  const at = new Date().toISOString();
  const number = previous.number + 1;
  const patchSet = await draftPatchSet(ctx, change.project, change.number, number, commit, uploader, kind, at);
  const kept = copiedApprovals(
    change.approvals.filter((a) => a.patchSet === previous.number),
    kind,
  );
  await ctx.db.transaction().execute(async (tx) => {
    await writePatchSet(tx, change.number, patchSet);
    for (const approval of kept) {
      await putApproval(tx, {
        change_number: change.number,
        patch_set: number,
        label: approval.label,
        account_id: approval.accountId,
        value: approval.value,
        granted_at: approval.grantedAt,
        tag: approval.tag,
        copied: 1,
      });
    }
    await updateChange(tx, change.number, {
      current_patch_set: number,
      subject: commit.subject,
      depends_on: toDbJson(dependsOnOf(commit.message)),
      updated_at: at,
      ...(options.topic !== undefined ? { topic: options.topic || null } : {}),
      ...(options.workInProgress !== undefined ? { work_in_progress: toDbBool(options.workInProgress) } : {}),
    });
    const base =
      options.messageText ??
      (kind === 'NO_CODE_CHANGE'
        ? `Uploaded patch set ${number}: Commit message was updated.`
        : `Uploaded patch set ${number}.`);
    const text = options.message ? `${base}\n\n${options.message}` : base;
    await addMessage(
      tx,
      { number: change.number, currentPatchSet: number },
      uploader,
      text,
      options.tag ?? 'autogenerated:gerrit:newPatchSet',
      at,
    );
  });
  return patchSet;
}

/** Reloads changes after their refs are written (for views and events). */
export async function reloadChange(ctx: ReviewContext, number: number): Promise<Change> {
  const row = await findChange(ctx.db, number);
  if (!row) throw new Error(`change ${number} vanished`);
  const [change] = await loadChanges(ctx.db, [row]);
  return change!;
}
