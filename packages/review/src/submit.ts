// Submit: check the submit requirements, merge the current patch set by the project's submit type, move the branch.
import { Conflict } from '@nubo/core';
import { type Account, personOf } from './accounts.js';
import { accountOf, type Caller, enforce } from './caller.js';
import { type Change, currentApprovals, currentPatchSet, patchSetRef } from './change-model.js';
import { addMessage, changeTarget, eventContext } from './changes.js';
import { parseFooters } from './commit-message.js';
import type { SubmitType } from './config.js';
import type { ReviewContext } from './context.js';
import { deleteApprovals, putApproval } from './db/approvals.js';
import { updateChange } from './db/changes.js';
import { deletePatchSet, findPatchSetsByRevision } from './db/patch-sets.js';
import { findProject } from './db/projects.js';
import { changeMerged, changeUrl, refUpdated } from './events/gerrit-events.js';
import { GitError } from './git/git.js';
import type { MergeOutcome } from './git/merger.js';
import { type CommitData, ZERO_ID } from './git/repositories.js';
import { submitRequirements } from './labels.js';
import { addPatchSet, reloadChange } from './patch-sets.js';

/** Gerrit's 409 body for a submit that cannot happen (MergeOp's CommitStatus problems). */
function submitProblem(change: Change, problem: string): Conflict {
  return new Conflict(`Failed to submit 1 change due to the following problems:\nChange ${change.number}: ${problem}`);
}

/** The message of a merge commit, as Gerrit writes it: `Merge "<subject>"`, plus ` into <branch>` off master. */
export function mergeMessage(change: Change): string {
  return `Merge "${change.subject}"${change.branch === 'master' ? '' : ` into ${change.branch}`}`;
}

/**
 * The message of a commit Gerrit writes on submit (cherry-pick, rebase-always, squash): the change's message with
 * Reviewed-on and a Reviewed-by / Tested-by line per positive Code-Review / Verified vote in its footer.
 */
export function footerMessage(ctx: ReviewContext, change: Change, accounts: Map<number, Account>): string {
  const message = currentPatchSet(change).commit.message.replace(/\s+$/, '');
  const lines = [`Reviewed-on: ${changeUrl(ctx.baseUrl, change)}`];
  for (const approval of currentApprovals(change)) {
    const account = accounts.get(approval.accountId);
    if (!account || approval.value <= 0) continue;
    const who = `${account.username} <${personOf(account).email}>`;
    if (approval.label === 'Code-Review') lines.push(`Reviewed-by: ${who}`);
    else if (approval.label === 'Verified') lines.push(`Tested-by: ${who}`);
  }
  const hasFooter = parseFooters(message).length > 0;
  return `${message}${hasFooter ? '\n' : '\n\n'}${lines.join('\n')}\n`;
}

/** The change message Gerrit adds for each way a change lands. */
function mergedMessage(outcome: Exclude<MergeOutcome, { kind: 'conflict' | 'refused' }>): string {
  switch (outcome.kind) {
    case 'rebase':
      return `Change has been successfully rebased and submitted as ${outcome.newTip}`;
    case 'cherry-pick':
      return `Change has been successfully cherry-picked as ${outcome.newTip}`;
    case 'squash':
      return `Change has been successfully squashed and submitted as ${outcome.newTip}`;
    default:
      return 'Change has been successfully merged';
  }
}

/** Fails with Gerrit's "Depends on change that was not submitted" when the commit needs commits not on the branch. */
async function checkDependencies(ctx: ReviewContext, change: Change, tip: string): Promise<void> {
  const commit = currentPatchSet(change).commit;
  const result = await ctx.repos.run(change.project, ['rev-list', commit.commit, '--not', tip]);
  const needed = result.stdout.split('\n').filter((sha) => sha !== '' && sha !== commit.commit);
  if (needed.length === 0) return;
  const known = await findPatchSetsByRevision(ctx.db, change.project, needed);
  const dependency = needed[0]!;
  const owner = known.find((p) => p.revision === dependency);
  throw submitProblem(
    change,
    owner
      ? `Depends on change that was not submitted. Commit ${commit.commit} depends on commit ${dependency} of change ${owner.change_number} which cannot be merged.`
      : `Depends on commit ${dependency} which cannot be merged.`,
  );
}

/**
 * Submits a change: its requirements must hold (Code-Review +2, Verified +1, Workflow +1, no blocking vote); then
 * the current patch set lands on its branch by the project's submit type, with a compare-and-swap on the branch.
 *
 * @throws Forbidden `submit not permitted`
 * @throws Conflict Gerrit's `Failed to submit 1 change due to the following problems: …` (requirements, conflicts,
 *   dependencies) or `change is merged` / `change is abandoned`
 */
export async function submitChange(ctx: ReviewContext, caller: Caller, given: Change): Promise<Change> {
  enforce(ctx, caller, 'review:submit', await changeTarget(ctx, given), 'submit');
  const submitter = accountOf(caller);
  return ctx.locks.run(given.project, async () => {
    const change = await reloadChange(ctx, given.number);
    if (change.status !== 'NEW') throw new Conflict(`change is ${change.status.toLowerCase()}`);
    const votes = currentApprovals(change).map((a) => ({ label: a.label, accountId: a.accountId, value: a.value }));
    const unmet = submitRequirements(votes).filter((r) => !r.satisfied);
    if (unmet.length > 0) throw submitProblem(change, `submit requirement '${unmet[0]!.name}' is unsatisfied.`);
    if (change.workInProgress) throw submitProblem(change, 'Change is work in progress');
    const project = await findProject(ctx.db, change.project);
    if (project?.state !== 'ACTIVE') throw new Conflict('project state does not permit write');
    const ref = `refs/heads/${change.branch}`;
    for (let attempt = 0; ; attempt++) {
      const tip = await ctx.repos.resolve(change.project, ref);
      if (!tip) throw submitProblem(change, `destination branch "${ref}" not found.`);
      try {
        return await land(ctx, change, submitter, project.submit_type as SubmitType, ref, tip);
      } catch (err) {
        // Another process moved the branch between our read and our compare-and-swap: build again on the new tip.
        if (err instanceof GitError && err.args[0] === 'update-ref' && attempt < 3) continue;
        throw err;
      }
    }
  });
}

async function land(
  ctx: ReviewContext,
  change: Change,
  submitter: Account,
  submitType: SubmitType,
  ref: string,
  tip: string,
): Promise<Change> {
  const patchSet = currentPatchSet(change);
  let outcome: MergeOutcome;
  if (await ctx.repos.isAncestor(change.project, patchSet.revision, tip)) {
    // Already on the branch (pushed directly meanwhile): nothing to merge.
    outcome = { kind: 'fast-forward', newTip: tip };
  } else {
    await checkDependencies(ctx, change, tip);
    const accounts = await ctx.accounts.byIds(currentApprovals(change).map((a) => a.accountId));
    outcome = await ctx.merger.merge({
      project: change.project,
      submitType,
      tip,
      commit: patchSet.commit,
      submitter: personOf(submitter),
      mergeMessage: mergeMessage(change),
      footerMessage: footerMessage(ctx, change, accounts),
    });
  }
  if ('reason' in outcome) throw submitProblem(change, outcome.reason);
  const landed = outcome;
  const newTip = landed.newTip;
  const rewritten = landed.kind === 'rebase' || landed.kind === 'cherry-pick' || landed.kind === 'squash';
  const updates = [];
  if (newTip !== tip) updates.push({ ref, newValue: newTip, oldValue: tip });
  if (rewritten)
    updates.push({ ref: patchSetRef(change.number, patchSet.number + 1), newValue: newTip, oldValue: ZERO_ID });
  // The new patch set's row first: if the refs then fail, the row goes again and the change stays as it was.
  if (rewritten) {
    const commit = (await ctx.repos.readCommit(change.project, newTip)) as CommitData;
    const created = await addPatchSet(ctx, change, commit, submitter, {
      messageText: `Patch Set ${patchSet.number + 1}: Patch Set ${patchSet.number} was rebased`,
      tag: 'autogenerated:gerrit:merged',
    });
    // Gerrit carries every vote to the patch set it writes on submit.
    for (const approval of currentApprovals(change)) {
      await putApproval(ctx.db, {
        change_number: change.number,
        patch_set: created.number,
        label: approval.label,
        account_id: approval.accountId,
        value: approval.value,
        granted_at: approval.grantedAt,
        tag: approval.tag,
        copied: 1,
      });
    }
  }
  try {
    await ctx.repos.updateRefs(change.project, updates);
  } catch (err) {
    if (rewritten) await undoPatchSet(ctx, change);
    throw err;
  }
  const now = new Date().toISOString();
  await ctx.db.transaction().execute(async (tx) => {
    await updateChange(tx, change.number, {
      status: 'MERGED',
      updated_at: now,
      submitted_at: now,
      submitter_account_id: submitter.accountId,
    });
    const current = rewritten ? patchSet.number + 1 : patchSet.number;
    await addMessage(
      tx,
      { number: change.number, currentPatchSet: current },
      submitter,
      mergedMessage(landed),
      'autogenerated:gerrit:merged',
      now,
    );
  });
  const merged = await reloadChange(ctx, change.number);
  const events = await eventContext(ctx, [merged], [submitter]);
  if (newTip !== tip) await ctx.events.publish(refUpdated(change.project, ref, tip, newTip, submitter));
  await ctx.events.publish(changeMerged(merged, submitter, newTip, events));
  return merged;
}

async function undoPatchSet(ctx: ReviewContext, change: Change): Promise<void> {
  await deleteApprovals(ctx.db, change.number, change.currentPatchSet + 1);
  await deletePatchSet(ctx.db, change.number, change.currentPatchSet + 1);
  await updateChange(ctx.db, change.number, { current_patch_set: change.currentPatchSet, subject: change.subject });
}
