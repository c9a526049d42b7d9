// Pushes: refs/for/<branch> becomes changes and patch sets (Gerrit's ReceiveCommits); other refs are direct pushes.
import type { Account } from './accounts.js';
import { allows, type Caller } from './caller.js';
import { type Change, currentPatchSet, loadChanges } from './change-model.js';
import { addMessage, eventContext } from './changes.js';
import { changeIdOf } from './commit-message.js';
import type { ReviewContext } from './context.js';
import { deleteApprovals } from './db/approvals.js';
import { deleteChange, findChangesByKey, listChanges, updateChange } from './db/changes.js';
import { deleteMessages } from './db/messages.js';
import { deletePatchSet, findPatchSetsByRevision } from './db/patch-sets.js';
import { findProject } from './db/projects.js';
import { changeMerged, changeUrl, patchsetCreated, refUpdated } from './events/gerrit-events.js';
import type { HookAnswer, HookRequest, ReceiveCommand, ReceiveResult } from './git/hook-server.js';
import { type CommitData, type RefUpdate, ZERO_ID } from './git/repositories.js';
import { addPatchSet, createChange, reloadChange, type UploadOptions } from './patch-sets.js';
import type { PushSession } from './push-sessions.js';

/** Most commits one push for review may bring (Gerrit's receive.maxBatchCommits is 10000). */
const MAX_NEW_COMMITS = 1000;

/** A push for review refused, with Gerrit's reason and any `remote:` lines to explain it. */
class Refusal extends Error {
  constructor(
    readonly reason: string,
    readonly lines: string[] = [],
  ) {
    super(reason);
  }
}

/** `refs/for/<branch>%opt,opt=value`: the target branch and the options in the ref name. */
export function parseMagicRef(ref: string): { branch: string; options: string[] } | undefined {
  if (!ref.startsWith('refs/for/')) return undefined;
  const rest = ref.slice('refs/for/'.length);
  const at = rest.indexOf('%');
  const branch = (at < 0 ? rest : rest.slice(0, at)).replace(/^refs\/heads\//, '');
  const options =
    at < 0
      ? []
      : rest
          .slice(at + 1)
          .split(',')
          .filter(Boolean);
  return { branch, options };
}

/** Decodes an option value as Gerrit does: `_` and `+` are spaces, then %XX escapes. */
function decodeValue(value: string): string {
  const spaced = value.replaceAll('_', ' ').replaceAll('+', ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** Reads the upload options nubo supports; reviewers, notification and hashtag options are accepted and ignored. */
export function parseUploadOptions(options: string[]): UploadOptions {
  const out: UploadOptions = {};
  for (const option of options) {
    const eq = option.indexOf('=');
    const key = eq < 0 ? option : option.slice(0, eq);
    const value = eq < 0 ? '' : option.slice(eq + 1);
    switch (key) {
      case 'topic':
        out.topic = decodeValue(value);
        break;
      case 'm':
      case 'message':
        out.message = decodeValue(value);
        break;
      case 'wip':
      case 'work-in-progress':
        out.workInProgress = true;
        break;
      case 'ready':
        out.workInProgress = false;
        break;
      case 'r':
      case 'reviewer':
      case 'cc':
      case 'notify':
      case 'hashtag':
      case 't':
      case 'private':
      case 'remove-private':
      case 'publish-comments':
      case 'no-publish-comments':
        break;
      default:
        throw new Refusal(`"--${key}" is not a valid option`);
    }
  }
  return out;
}

/** Gerrit's hint for a commit without a usable Change-Id, with the hook's URL on this server. */
function changeIdHint(ctx: ReviewContext, commit: CommitData, problem: string): string[] {
  return [
    `ERROR: commit ${commit.commit.slice(0, 7)}: ${problem}`,
    '',
    'Hint: to automatically insert a Change-Id, install the hook:',
    `  f="$(git rev-parse --git-dir)/hooks/commit-msg"; curl -o "$f" ${ctx.baseUrl}/tools/hooks/commit-msg ; chmod +x "$f"`,
    'and then amend the commit:',
    '  git commit --amend --no-edit',
    'Finally, push your changes again',
    '',
  ];
}

/** What one upload did to one change, for the events and the SUCCESS lines. */
interface Uploaded {
  number: number;
  isNew: boolean;
  refUpdate: RefUpdate;
}

/** Turns the commits of a push to refs/for/<branch> into new changes and patch sets. */
async function receiveForReview(
  ctx: ReviewContext,
  session: PushSession,
  command: ReceiveCommand,
  pushOptions: string[],
  messages: string[],
): Promise<void> {
  const magic = parseMagicRef(command.ref)!;
  const options = parseUploadOptions([...magic.options, ...pushOptions]);
  const project = await findProject(ctx.db, session.project);
  if (!project) throw new Refusal(`project ${session.project} not found`);
  if (project.state !== 'ACTIVE') throw new Refusal(`prohibited by Gerrit: project state does not permit write`);
  if (!allows(ctx, session.caller, 'review:upload', { project: project.name, branch: magic.branch })) {
    throw new Refusal(`prohibited by Gerrit: not permitted: create change on refs/heads/${magic.branch}`);
  }
  if (command.newValue === ZERO_ID) throw new Refusal('prohibited by Gerrit: not permitted: delete');
  if (!(await ctx.repos.resolve(project.name, `refs/heads/${magic.branch}`))) {
    throw new Refusal(`branch ${magic.branch} not found`);
  }
  const uploader = session.caller.account!;
  const commits = await ctx.repos.newCommits(project.name, command.newValue, MAX_NEW_COMMITS + 1);
  if (commits.length > MAX_NEW_COMMITS) throw new Refusal(`more than ${MAX_NEW_COMMITS} new commits in one push`);
  const existing = new Set(
    (
      await findPatchSetsByRevision(
        ctx.db,
        project.name,
        commits.map((c) => c.commit),
      )
    ).map((p) => p.revision),
  );
  const fresh = commits.filter((c) => !existing.has(c.commit));
  if (fresh.length === 0) throw new Refusal('no new changes');

  // Validate every commit before writing anything: a push is taken whole or not at all.
  const keys = new Map<string, CommitData>();
  for (const commit of fresh) {
    const id = changeIdOf(commit.message);
    if ('problem' in id)
      throw new Refusal(`commit ${commit.commit.slice(0, 7)}: ${id.problem}`, changeIdHint(ctx, commit, id.problem));
    if (keys.has(id.changeId)) {
      throw new Refusal('same Change-Id in multiple changes.', [
        'ERROR: same Change-Id in multiple changes.',
        'Squash the commits with the same Change-Id or ensure Change-Ids are unique for each commit',
        '',
      ]);
    }
    keys.set(id.changeId, commit);
  }
  const targets = new Map<string, Change>();
  for (const key of keys.keys()) {
    const rows = await findChangesByKey(ctx.db, key, { project: project.name, branch: magic.branch });
    if (rows.length === 0) continue;
    const [change] = await loadChanges(ctx.db, rows);
    if (change!.status !== 'NEW') throw new Refusal(`change ${changeUrl(ctx.baseUrl, change!)} closed`);
    targets.set(key, change!);
  }

  const uploaded: Uploaded[] = [];
  try {
    for (const [key, commit] of keys) {
      const target = targets.get(key);
      if (target) {
        const patchSet = await addPatchSet(ctx, target, commit, uploader, options);
        uploaded.push({
          number: target.number,
          isNew: false,
          refUpdate: { ref: patchSet.ref, newValue: commit.commit, oldValue: ZERO_ID },
        });
      } else {
        const created = await createChange(ctx, project.name, magic.branch, key, commit, uploader, options);
        uploaded.push({
          number: created.number,
          isNew: true,
          refUpdate: { ref: created.patchSet.ref, newValue: commit.commit, oldValue: ZERO_ID },
        });
      }
    }
    await ctx.repos.updateRefs(
      project.name,
      uploaded.map((u) => u.refUpdate),
    );
  } catch (err) {
    await undoUploads(ctx, uploaded, targets);
    throw err;
  }

  messages.push('', 'SUCCESS', '');
  for (const u of uploaded) {
    const change = await reloadChange(ctx, u.number);
    messages.push(`  ${changeUrl(ctx.baseUrl, change)} ${change.subject}${u.isNew ? ' [NEW]' : ''}`);
    await ctx.events.publish(
      patchsetCreated(change, currentPatchSet(change), uploader, await eventContext(ctx, [change], [uploader])),
    );
  }
  messages.push('');
}

/** Removes what a failed upload wrote to the database (its refs were never written). */
async function undoUploads(ctx: ReviewContext, uploaded: Uploaded[], targets: Map<string, Change>): Promise<void> {
  for (const u of uploaded) {
    const patchSet = Number(u.refUpdate.ref.split('/').pop());
    await deleteApprovals(ctx.db, u.number, patchSet);
    await deletePatchSet(ctx.db, u.number, patchSet);
    if (u.isNew) {
      await deleteMessages(ctx.db, u.number);
      await deleteChange(ctx.db, u.number);
    } else {
      const before = [...targets.values()].find((c) => c.number === u.number);
      if (before)
        await updateChange(ctx.db, u.number, { current_patch_set: before.currentPatchSet, subject: before.subject });
    }
  }
}

/** A push to anything but refs/for/: administrators only, and receive-pack itself does the update. */
async function receiveDirect(
  ctx: ReviewContext,
  session: PushSession,
  command: ReceiveCommand,
): Promise<ReceiveResult> {
  const action = command.oldValue === ZERO_ID ? 'create' : command.newValue === ZERO_ID ? 'delete' : 'update';
  const project = await findProject(ctx.db, session.project);
  if (project?.state !== 'ACTIVE') {
    return { ref: command.ref, ok: false, reason: 'prohibited by Gerrit: project state does not permit write' };
  }
  const managed = command.ref.startsWith('refs/changes/') || command.ref.startsWith('refs/meta/');
  if (managed || !allows(ctx, session.caller, 'review:push_direct', { project: project.name, ref: command.ref })) {
    return { ref: command.ref, ok: false, reason: `prohibited by Gerrit: not permitted: ${action}` };
  }
  session.fallThrough.push(command);
  return { ref: command.ref, ok: true, fallThrough: true };
}

/** The proc-receive hook's call: one result per command, in order. */
export async function handleProcReceive(ctx: ReviewContext, request: HookRequest): Promise<HookAnswer> {
  const session = ctx.pushes.get(request.token);
  if (!session?.caller.account) {
    return {
      messages: ['unknown push'],
      results: request.commands.map((c) => ({ ref: c.ref, ok: false, reason: 'unknown push' })),
    };
  }
  const messages: string[] = [];
  const results: ReceiveResult[] = [];
  await ctx.locks.run(session.project, async () => {
    for (const command of request.commands) {
      if (!command.ref.startsWith('refs/for/')) {
        results.push(await receiveDirect(ctx, session, command));
        continue;
      }
      try {
        await receiveForReview(ctx, session, command, request.pushOptions, messages);
        results.push({ ref: command.ref, ok: true });
      } catch (err) {
        if (!(err instanceof Refusal)) throw err;
        messages.push(...err.lines);
        results.push({ ref: command.ref, ok: false, reason: err.reason });
      }
    }
  });
  return { messages, results };
}

/**
 * Once receive-pack is done: a `ref-updated` event for each direct update that took, and open changes of an updated
 * branch whose current patch set the branch now contains are closed as merged (Gerrit's auto-close).
 */
export async function afterPush(ctx: ReviewContext, session: PushSession): Promise<void> {
  const pusher: Account | undefined = session.caller.account;
  for (const command of session.fallThrough) {
    const now = (await ctx.repos.resolve(session.project, command.ref)) ?? ZERO_ID;
    if (now !== command.newValue) continue;
    await ctx.events.publish(refUpdated(session.project, command.ref, command.oldValue, command.newValue, pusher));
    if (command.ref.startsWith('refs/heads/') && command.newValue !== ZERO_ID) {
      await closeMergedChanges(ctx, session.project, command.ref.slice('refs/heads/'.length), command.newValue, pusher);
    }
  }
}

async function closeMergedChanges(
  ctx: ReviewContext,
  project: string,
  branch: string,
  tip: string,
  pusher: Account | undefined,
): Promise<void> {
  const open = await loadChanges(ctx.db, await listChanges(ctx.db, { statuses: ['NEW'], project, branch }));
  for (const change of open) {
    const patchSet = currentPatchSet(change);
    if (!(await ctx.repos.isAncestor(project, patchSet.revision, tip))) continue;
    const now = new Date().toISOString();
    await ctx.db.transaction().execute(async (tx) => {
      await updateChange(tx, change.number, {
        status: 'MERGED',
        updated_at: now,
        submitted_at: now,
        submitter_account_id: pusher?.accountId ?? null,
      });
      await addMessage(tx, change, pusher, 'Change has been successfully pushed.', 'autogenerated:gerrit:merged', now);
    });
    const merged = { ...change, status: 'MERGED' as const, updatedAt: now };
    if (pusher)
      await ctx.events.publish(changeMerged(merged, pusher, tip, await eventContext(ctx, [merged], [pusher])));
  }
}

/** Anonymous or not, a caller without an account cannot push: the git route asks for credentials first. */
export function canPush(caller: Caller): boolean {
  return caller.account !== undefined;
}
