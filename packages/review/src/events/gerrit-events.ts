// The events in Gerrit's stream-events JSON (Documentation/cmd-stream-events.txt and json.txt).
import type { Account } from '../accounts.js';
import { type Change, currentPatchSet, type PatchSet } from '../change-model.js';
import { labelNamed } from '../labels.js';

/** Any event: Gerrit's `type` and `eventCreatedOn` (seconds since the epoch) plus the type's attributes. */
export interface ReviewEvent {
  type: string;
  eventCreatedOn: number;
  [attribute: string]: unknown;
}

/** What the builders need besides the change: its accounts, and the change URL's base. */
export interface EventContext {
  accounts: Map<number, Account>;
  /** The review endpoint, e.g. http://127.0.0.1:5000/review. */
  baseUrl: string;
}

function seconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

/** Gerrit's account attribute. */
export function accountAttribute(account: Account | undefined): Record<string, unknown> {
  if (!account) return {};
  return { name: account.username, ...(account.email ? { email: account.email } : {}), username: account.username };
}

/** The web URL of a change, as Gerrit prints it (`<base>/c/<project>/+/<number>`). */
export function changeUrl(baseUrl: string, change: Pick<Change, 'project' | 'number'>): string {
  return `${baseUrl}/c/${change.project}/+/${change.number}`;
}

/** Gerrit's change attribute. */
export function changeAttribute(change: Change, ctx: EventContext): Record<string, unknown> {
  const current = currentPatchSet(change);
  return {
    project: change.project,
    branch: change.branch,
    ...(change.topic ? { topic: change.topic } : {}),
    id: change.changeKey,
    number: change.number,
    subject: change.subject,
    owner: accountAttribute(ctx.accounts.get(change.ownerAccountId)),
    url: changeUrl(ctx.baseUrl, change),
    commitMessage: current.commit.message,
    createdOn: seconds(change.createdAt),
    status: change.status,
    ...(change.workInProgress ? { wip: true } : {}),
    // nubo's addition (not in Gerrit's attribute): the Depends-On footers, so the gate needs no parsing.
    dependsOn: change.dependsOn,
  };
}

/** Gerrit's patchSet attribute. */
export function patchSetAttribute(patchSet: PatchSet, ctx: EventContext): Record<string, unknown> {
  return {
    number: patchSet.number,
    revision: patchSet.revision,
    parents: patchSet.commit.parents,
    ref: patchSet.ref,
    uploader: accountAttribute(ctx.accounts.get(patchSet.uploaderAccountId)),
    createdOn: seconds(patchSet.createdAt),
    author: { name: patchSet.commit.author.name, email: patchSet.commit.author.email },
    kind: patchSet.kind,
    sizeInsertions: patchSet.insertions,
    sizeDeletions: -patchSet.deletions,
  };
}

/** The attributes every change event carries. */
function changeEvent(type: string, change: Change, patchSet: PatchSet, ctx: EventContext): ReviewEvent {
  return {
    type,
    change: changeAttribute(change, ctx),
    patchSet: patchSetAttribute(patchSet, ctx),
    project: change.project,
    refName: `refs/heads/${change.branch}`,
    changeKey: { id: change.changeKey },
    eventCreatedOn: Math.floor(Date.now() / 1000),
  };
}

/** A patch set was uploaded (the first makes the change). */
export function patchsetCreated(change: Change, patchSet: PatchSet, uploader: Account, ctx: EventContext): ReviewEvent {
  return { ...changeEvent('patchset-created', change, patchSet, ctx), uploader: accountAttribute(uploader) };
}

/** One label's vote in a comment-added event: the new value and, when it changed, the old one. */
export interface VoteChange {
  label: string;
  value: number;
  oldValue?: number;
}

/** A review was posted: its message and the votes it gave. */
export function commentAdded(
  change: Change,
  patchSet: PatchSet,
  author: Account,
  comment: string,
  votes: VoteChange[],
  ctx: EventContext,
): ReviewEvent {
  return {
    ...changeEvent('comment-added', change, patchSet, ctx),
    author: accountAttribute(author),
    approvals: votes.map((v) => ({
      type: v.label,
      description: labelNamed(v.label)?.name ?? v.label,
      value: String(v.value),
      ...(v.oldValue !== undefined ? { oldValue: String(v.oldValue) } : {}),
    })),
    comment,
  };
}

/** A change was submitted (or its commit pushed directly); `newRev` is the branch tip. */
export function changeMerged(change: Change, submitter: Account, newRev: string, ctx: EventContext): ReviewEvent {
  return {
    ...changeEvent('change-merged', change, currentPatchSet(change), ctx),
    submitter: accountAttribute(submitter),
    newRev,
  };
}

/** A change was abandoned. */
export function changeAbandoned(change: Change, abandoner: Account, reason: string, ctx: EventContext): ReviewEvent {
  return {
    ...changeEvent('change-abandoned', change, currentPatchSet(change), ctx),
    abandoner: accountAttribute(abandoner),
    reason,
  };
}

/** An abandoned change was restored. */
export function changeRestored(change: Change, restorer: Account, reason: string, ctx: EventContext): ReviewEvent {
  return {
    ...changeEvent('change-restored', change, currentPatchSet(change), ctx),
    restorer: accountAttribute(restorer),
    reason,
  };
}

/** A branch or tag moved (by a submit or a direct push); `refName` is the full ref name as Gerrit ≥ 2.13 sends. */
export function refUpdated(
  project: string,
  refName: string,
  oldRev: string,
  newRev: string,
  submitter: Account | undefined,
): ReviewEvent {
  return {
    type: 'ref-updated',
    ...(submitter ? { submitter: accountAttribute(submitter) } : {}),
    refUpdate: { oldRev, newRev, refName, project },
    eventCreatedOn: Math.floor(Date.now() / 1000),
  };
}
