// Submit strategies: merge, rebase, cherry-pick or squash a patch set onto its branch with the real git CLI in a
// temporary worktree of the bare repository (objects land straight in its object store).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SubmitType } from '../config.js';
import { GitError, GitRunner, type Person } from './git.js';
import type { CommitData, RepositoryStore } from './repositories.js';

/** What a submit strategy needs. */
export interface MergeInput {
  project: string;
  submitType: SubmitType;
  /** The branch tip to build on. */
  tip: string;
  /** The patch set's commit. */
  commit: CommitData;
  /** The submitter: committer of anything new, author of merge commits. */
  submitter: Person;
  /** Message of a merge commit (`Merge "<subject>"`). */
  mergeMessage: string;
  /** Message of a cherry-picked or squashed commit (the change's message with Reviewed-on and vote footers). */
  footerMessage: string;
}

/**
 * How the branch moves: to the patch set itself (`fast-forward`), to a new merge commit (`merge`), or to a new
 * commit that becomes a new patch set of the change (`rebase`, `cherry-pick`, `squash`). `conflict` and `refused`
 * leave the branch alone and carry the reason Gerrit gives.
 */
export type MergeOutcome =
  | { kind: 'fast-forward' | 'merge'; newTip: string }
  | { kind: 'rebase' | 'cherry-pick' | 'squash'; newTip: string }
  | { kind: 'conflict' | 'refused'; reason: string };

/** Gerrit's text for a content conflict (MergeOp's CommitMergeStatus.PATH_CONFLICT). */
export const PATH_CONFLICT =
  'Change could not be merged due to a path conflict. Please rebase the change locally and upload the rebased ' +
  'commit for review.';

/** Gerrit's text when FAST_FORWARD_ONLY cannot fast-forward (CommitMergeStatus.NOT_FAST_FORWARD). */
export const NOT_FAST_FORWARD =
  'Project policy requires all submissions to be a fast-forward. Please rebase the change locally and upload ' +
  'again for review.';

/** Builds the new branch tip for a submit; never moves a ref (the caller compares-and-swaps the branch). */
export class Merger {
  constructor(
    private readonly store: RepositoryStore,
    private readonly git: GitRunner,
  ) {}

  async merge(input: MergeInput): Promise<MergeOutcome> {
    const fastForward = await this.store.isAncestor(input.project, input.tip, input.commit.commit);
    switch (input.submitType) {
      case 'FAST_FORWARD_ONLY':
        return fastForward
          ? { kind: 'fast-forward', newTip: input.commit.commit }
          : { kind: 'refused', reason: NOT_FAST_FORWARD };
      case 'MERGE_IF_NECESSARY':
        return fastForward ? { kind: 'fast-forward', newTip: input.commit.commit } : this.mergeCommit(input);
      case 'MERGE_ALWAYS':
        return this.mergeCommit(input);
      case 'REBASE_IF_NECESSARY':
        return fastForward
          ? { kind: 'fast-forward', newTip: input.commit.commit }
          : this.cherryPick(input, undefined, 'rebase');
      case 'REBASE_ALWAYS':
        return this.cherryPick(input, input.footerMessage, 'rebase');
      case 'CHERRY_PICK':
        return this.cherryPick(input, input.footerMessage, 'cherry-pick');
      case 'SQUASH':
        return this.squash(input);
    }
  }

  private async mergeCommit(input: MergeInput): Promise<MergeOutcome> {
    return this.inWorktree(input, async (run) => {
      const merged = await run([
        'merge',
        '--no-ff',
        '--no-edit',
        '--no-verify',
        '-m',
        input.mergeMessage,
        input.commit.commit,
      ]);
      if (merged.code !== 0) return { kind: 'conflict', reason: PATH_CONFLICT };
      return { kind: 'merge', newTip: await head(run) };
    });
  }

  private async cherryPick(
    input: MergeInput,
    message: string | undefined,
    kind: 'rebase' | 'cherry-pick',
  ): Promise<MergeOutcome> {
    return this.inWorktree(input, async (run) => {
      const mainline = input.commit.parents.length > 1 ? ['-m', '1'] : [];
      const picked = await run(['cherry-pick', '--allow-empty', ...mainline, input.commit.commit]);
      if (picked.code !== 0) return { kind: 'conflict', reason: PATH_CONFLICT };
      if (message !== undefined) {
        const amended = await run(['commit', '--amend', '--allow-empty', '--no-verify', '-F', '-'], message);
        if (amended.code !== 0) throw new GitError(['commit', '--amend'], amended);
      }
      return { kind, newTip: await head(run) };
    });
  }

  private async squash(input: MergeInput): Promise<MergeOutcome> {
    return this.inWorktree(input, async (run) => {
      const squashed = await run(['merge', '--squash', '--no-verify', input.commit.commit]);
      if (squashed.code !== 0) return { kind: 'conflict', reason: PATH_CONFLICT };
      const committed = await run(['commit', '--allow-empty', '--no-verify', '-F', '-'], input.footerMessage, {
        GIT_AUTHOR_NAME: input.commit.author.name,
        GIT_AUTHOR_EMAIL: input.commit.author.email,
        GIT_AUTHOR_DATE: input.commit.author.date,
      });
      if (committed.code !== 0) throw new GitError(['commit'], committed);
      return { kind: 'squash', newTip: await head(run) };
    });
  }

  /** Runs `work` in a detached worktree at the tip, then removes the worktree whatever happened. */
  private async inWorktree(
    input: MergeInput,
    work: (run: WorktreeRun) => Promise<MergeOutcome>,
  ): Promise<MergeOutcome> {
    const parent = await mkdtemp(join(tmpdir(), 'nubo-review-submit-'));
    const dir = join(parent, 'worktree');
    const gitDir = this.store.pathOf(input.project);
    await this.git.run(['worktree', 'add', '--detach', '--quiet', dir, input.tip], { gitDir });
    const identity = GitRunner.identityEnv(input.submitter, input.submitter);
    const settings = GitRunner.configEnv([
      ['rerere.enabled', 'false'],
      ['commit.gpgSign', 'false'],
      ['core.hooksPath', '/dev/null'],
    ]);
    const run: WorktreeRun = (args, stdin, env = {}) =>
      this.git.run(args, { cwd: dir, input: stdin, env: { ...identity, ...settings, ...env }, okCodes: [0, 1, 128] });
    try {
      return await work(run);
    } finally {
      await this.git.run(['worktree', 'remove', '--force', dir], { gitDir, okCodes: [0, 128] });
      await rm(parent, { recursive: true, force: true });
      await this.git.run(['worktree', 'prune'], { gitDir, okCodes: [0, 128] });
    }
  }
}

type WorktreeRun = (
  args: string[],
  stdin?: string,
  env?: Record<string, string>,
) => Promise<{ code: number; stdout: string; stderr: string }>;

async function head(run: WorktreeRun): Promise<string> {
  const result = await run(['rev-parse', 'HEAD']);
  if (result.code !== 0) throw new GitError(['rev-parse', 'HEAD'], result);
  return result.stdout.trim();
}
