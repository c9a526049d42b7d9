// Reviews: votes and a message on a revision (Gerrit's PostReview), and the revision a path names.
import { BadRequest, Conflict, Forbidden, NotFound, toDbBool } from '@nubo/core';
import { accountOf, allows, type Caller } from './caller.js';
import { type Change, currentPatchSet, type PatchSet } from './change-model.js';
import { addMessage, changeTarget, eventContext } from './changes.js';
import type { ReviewContext } from './context.js';
import { putApproval } from './db/approvals.js';
import { updateChange } from './db/changes.js';
import { commentAdded, type VoteChange } from './events/gerrit-events.js';
import { formatValue, labelNamed } from './labels.js';
import { reloadChange } from './patch-sets.js';

/**
 * The patch set a `{revision-id}` names: `current`, a patch set number, or a commit id (or a unique prefix of one).
 *
 * @throws NotFound `Not found: <revision-id>`
 */
export function findRevision(change: Change, revisionId: string): PatchSet {
  if (revisionId === 'current') return currentPatchSet(change);
  if (/^\d+$/.test(revisionId)) {
    const byNumber = change.patchSets.find((p) => p.number === Number(revisionId));
    if (byNumber) return byNumber;
  }
  if (/^[0-9a-f]{4,64}$/.test(revisionId)) {
    const found = change.patchSets.filter((p) => p.revision.startsWith(revisionId));
    if (found.length === 1) return found[0]!;
  }
  throw new NotFound(`Not found: ${revisionId}`);
}

/** The parts of Gerrit's ReviewInput nubo reads. */
export interface ReviewInput {
  message?: string;
  labels?: Record<string, number>;
  tag?: string;
  ready?: boolean;
  work_in_progress?: boolean;
}

/** Gerrit's ReviewResult: the labels applied (and `ready` when the change left work in progress). */
export interface ReviewResult {
  labels?: Record<string, number>;
  ready?: boolean;
}

/** Checks labels as Gerrit's PostReview does: known label, valid value, then the caller's permission for it. */
function checkLabels(
  ctx: ReviewContext,
  caller: Caller,
  labels: Record<string, number>,
  target: Record<string, unknown>,
) {
  const checked: { name: string; value: number }[] = [];
  for (const [name, value] of Object.entries(labels)) {
    const label = labelNamed(name);
    if (!label) throw new BadRequest(`label "${name}" is not a configured label`);
    if (!Number.isInteger(value)) throw new BadRequest(`label "${name}": ${value} is not a valid value`);
    // Gerrit always permits 0: it removes the caller's vote.
    if (value !== 0) {
      if (!label.values.has(value)) throw new BadRequest(`label "${name}": ${value} is not a valid value`);
      if (!allows(ctx, caller, label.rule(value), target)) {
        throw new Forbidden(`Applying label "${label.name}": ${value} is restricted`);
      }
    }
    checked.push({ name: label.name, value });
  }
  return checked;
}

/**
 * Posts a review on a revision: sets the caller's votes on the current patch set and adds the message
 * (`Patch Set N: Code-Review+2` and the text), then sends `comment-added`.
 *
 * @throws BadRequest for an unknown label or a value the label does not have
 * @throws Forbidden `Applying label "…": N is restricted` for a value the caller may not give
 * @throws Conflict for votes on an outdated patch set or a closed change
 */
export async function postReview(
  ctx: ReviewContext,
  caller: Caller,
  change: Change,
  patchSet: PatchSet,
  input: ReviewInput,
): Promise<ReviewResult> {
  const account = accountOf(caller);
  const target = await changeTarget(ctx, change);
  const labels = checkLabels(ctx, caller, input.labels ?? {}, target);
  if (labels.length > 0 && patchSet.number !== change.currentPatchSet) {
    throw new Conflict('cannot post votes on an outdated patch set');
  }
  if (labels.length > 0 && change.status !== 'NEW') throw new Conflict(`change is ${change.status.toLowerCase()}`);
  const mine = new Map(
    change.approvals
      .filter((a) => a.patchSet === patchSet.number && a.accountId === account.accountId)
      .map((a) => [a.label, a.value]),
  );
  const changed: VoteChange[] = [];
  for (const { name, value } of labels) {
    const old = mine.get(name) ?? 0;
    if (old !== value) changed.push({ label: name, value, oldValue: old });
  }
  const wip = input.work_in_progress === true ? true : input.ready === true ? false : undefined;
  const message = input.message?.trim() ?? '';
  const now = new Date().toISOString();
  const summary = changed.map((v) => (v.value === 0 ? `-${v.label}` : `${v.label}${formatValue(v.value)}`)).join(' ');
  const text = `Patch Set ${patchSet.number}:${summary ? ` ${summary}` : ''}${message ? `\n\n${message}` : ''}`;
  const posting = changed.length > 0 || message !== '';
  await ctx.db.transaction().execute(async (tx) => {
    for (const vote of changed) {
      await putApproval(tx, {
        change_number: change.number,
        patch_set: patchSet.number,
        label: vote.label,
        account_id: account.accountId,
        value: vote.value,
        granted_at: now,
        tag: input.tag ?? null,
        copied: 0,
      });
    }
    if (posting)
      await addMessage(
        tx,
        { number: change.number, currentPatchSet: patchSet.number },
        account,
        text,
        input.tag ?? null,
        now,
      );
    if (posting || wip !== undefined) {
      await updateChange(tx, change.number, {
        updated_at: now,
        ...(wip !== undefined ? { work_in_progress: toDbBool(wip) } : {}),
      });
    }
  });
  if (posting) {
    const updated = await reloadChange(ctx, change.number);
    // Gerrit lists every label the author voted in this review, with the old value where it changed.
    const votes: VoteChange[] = labels.map(({ name, value }) => {
      const moved = changed.find((c) => c.label === name);
      return moved ? moved : { label: name, value };
    });
    await ctx.events.publish(
      commentAdded(updated, patchSet, account, text, votes, await eventContext(ctx, [updated], [account])),
    );
  }
  const result: ReviewResult = {};
  if (labels.length > 0) result.labels = Object.fromEntries(labels.map((l) => [l.name, l.value]));
  if (wip === false && change.workInProgress) result.ready = true;
  return result;
}
