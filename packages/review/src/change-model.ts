// A change as the domain sees it: the change row with its patch sets, votes and messages, loaded in batches.
import { fromDbBool, fromDbJson } from '@nubo/core';
import { listApprovals } from './db/approvals.js';
import { listMessages } from './db/messages.js';
import { listPatchSets } from './db/patch-sets.js';
import type { ApprovalRow, ChangeRow, MessageRow, PatchSetRow, ReviewDb } from './db/tables.js';
import type { CommitData } from './git/repositories.js';

/** A change's state (Gerrit's Change.Status, without the legacy SUBMITTED). */
export type ChangeStatus = 'NEW' | 'MERGED' | 'ABANDONED';

/** One upload of a change: its commit and its ref, refs/changes/NN/<change>/<number>. */
export interface PatchSet {
  number: number;
  revision: string;
  ref: string;
  uploaderAccountId: number;
  createdAt: string;
  kind: string;
  commit: CommitData;
  insertions: number;
  deletions: number;
}

/** One vote of one account on one label of one patch set. */
export interface Approval {
  patchSet: number;
  label: string;
  accountId: number;
  value: number;
  grantedAt: string;
  tag: string | null;
  copied: boolean;
}

/** A message on a change: a review's text, or one Gerrit writes (uploads, merges, abandons). */
export interface ChangeMessage {
  id: string;
  patchSet: number | null;
  authorAccountId: number | null;
  message: string;
  tag: string | null;
  createdAt: string;
}

/** A change under review with everything the views and the submit rule read. */
export interface Change {
  number: number;
  /** The Change-Id footer. */
  changeKey: string;
  project: string;
  branch: string;
  topic: string | null;
  ownerAccountId: number;
  subject: string;
  status: ChangeStatus;
  currentPatchSet: number;
  workInProgress: boolean;
  /** Depends-On footers of the current patch set (Zuul's cross-project dependencies). */
  dependsOn: string[];
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  submitterAccountId: number | null;
  patchSets: PatchSet[];
  /** Votes on every patch set; the current ones are those of `currentPatchSet`. */
  approvals: Approval[];
  /** Loaded only when asked for. */
  messages: ChangeMessage[];
}

/** The change's current patch set. */
export function currentPatchSet(change: Change): PatchSet {
  const found = change.patchSets.find((p) => p.number === change.currentPatchSet);
  if (!found) throw new Error(`change ${change.number} has no patch set ${change.currentPatchSet}`);
  return found;
}

/** Votes on the current patch set. */
export function currentApprovals(change: Change): Approval[] {
  return change.approvals.filter((a) => a.patchSet === change.currentPatchSet);
}

/** Gerrit's change ref: refs/changes/<last two digits>/<change>/<patch set>. */
export function patchSetRef(change: number, patchSet: number): string {
  return `refs/changes/${String(change % 100).padStart(2, '0')}/${change}/${patchSet}`;
}

function patchSetOf(row: PatchSetRow): PatchSet {
  return {
    number: Number(row.number),
    revision: row.revision,
    ref: row.ref,
    uploaderAccountId: Number(row.uploader_account_id),
    createdAt: row.created_at,
    kind: row.kind,
    commit: fromDbJson<CommitData>(row.commit_json, {} as CommitData),
    insertions: Number(row.insertions),
    deletions: Number(row.deletions),
  };
}

function approvalOf(row: ApprovalRow): Approval {
  return {
    patchSet: Number(row.patch_set),
    label: row.label,
    accountId: Number(row.account_id),
    value: Number(row.value),
    grantedAt: row.granted_at,
    tag: row.tag,
    copied: fromDbBool(row.copied),
  };
}

function messageOf(row: MessageRow): ChangeMessage {
  return {
    id: row.id,
    patchSet: row.patch_set === null ? null : Number(row.patch_set),
    authorAccountId: row.author_account_id === null ? null : Number(row.author_account_id),
    message: row.message,
    tag: row.tag,
    createdAt: row.created_at,
  };
}

/** Loads the patch sets, votes and (with `messages`) messages of these change rows, keeping their order. */
export async function loadChanges(
  db: ReviewDb,
  rows: ChangeRow[],
  options: { messages?: boolean } = {},
): Promise<Change[]> {
  const numbers = rows.map((r) => Number(r.number));
  const [patchSets, approvals, messages] = await Promise.all([
    listPatchSets(db, numbers),
    listApprovals(db, numbers),
    options.messages ? listMessages(db, numbers) : Promise.resolve([] as MessageRow[]),
  ]);
  return rows.map((row) => {
    const number = Number(row.number);
    return {
      number,
      changeKey: row.change_key,
      project: row.project,
      branch: row.branch,
      topic: row.topic,
      ownerAccountId: Number(row.owner_account_id),
      subject: row.subject,
      status: row.status as ChangeStatus,
      currentPatchSet: Number(row.current_patch_set),
      workInProgress: fromDbBool(row.work_in_progress),
      dependsOn: fromDbJson<string[]>(row.depends_on, []),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      submittedAt: row.submitted_at,
      submitterAccountId: row.submitter_account_id === null ? null : Number(row.submitter_account_id),
      patchSets: patchSets.filter((p) => Number(p.change_number) === number).map(patchSetOf),
      approvals: approvals.filter((a) => Number(a.change_number) === number).map(approvalOf),
      messages: messages.filter((m) => Number(m.change_number) === number).map(messageOf),
    };
  });
}
