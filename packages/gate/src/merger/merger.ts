// The merger: a workspace of bare repositories (one per project) where each queue item's change is merged onto the
// state of the items ahead of it, with the real git CLI. The commits it makes are what jobs test and what must merge.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { MergeMode } from '../model/project.js';
import { Git, GitError } from './git.js';

/** One project's branch as an item sees it: the commit (in the workspace repository at `path`) and its tree. */
export interface RepoCommit {
  readonly project: string;
  readonly branch: string;
  readonly commit: string;
  readonly tree: string;
  readonly path: string;
}

/** Every project and branch an item's jobs see, by `repoKey`. */
export type RepoStateMap = ReadonlyMap<string, RepoCommit>;

export function repoKey(project: string, branch: string): string {
  return `${project}\u0000${branch}`;
}

/** A change to merge: where it lives in the review service and how its project merges. */
export interface ChangeToMerge {
  readonly project: string;
  readonly branch: string;
  readonly ref: string;
  readonly revision: string;
  readonly subject: string;
  readonly mode: MergeMode;
}

export type MergeOutcome =
  | {
      readonly ok: true;
      readonly state: RepoStateMap;
      /** The tree the change was merged onto, in its project: the branch must hold it when the change is submitted. */
      readonly baseTree: string;
      readonly files: readonly string[];
    }
  | { readonly ok: false; readonly conflict: string };

/** What the scheduler asks of a merger (the git one, or an in-memory one in the benchmark). */
export interface Merger {
  /** Merges `change` onto `ahead` (the state of the items ahead; null: the branch tips now). */
  merge(ahead: RepoStateMap | null, change: ChangeToMerge): Promise<MergeOutcome>;
  /** Adds a project's branch tip to a state when it has none (required-projects). */
  withProject(state: RepoStateMap, project: string, branch: string): Promise<RepoStateMap>;
  /** The tree the review service's branch holds now (null when the branch does not exist). */
  branchTree(project: string, branch: string): Promise<string | null>;
  /** The contents of `paths` (files, or directories ending in `/`) at a commit of the workspace. */
  readFiles(project: string, commit: string, prefixes: readonly string[]): Promise<Record<string, string>>;
}

/** The git merger over a workspace directory; `sourcePath` gives each project's bare repository to fetch from. */
export class GitMerger implements Merger {
  private readonly git: Git;
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly workDir: string,
    private readonly sourcePath: (project: string) => string,
    options: { searchPath?: string; binary?: string } = {},
  ) {
    mkdirSync(join(workDir, '.home'), { recursive: true });
    this.git = new Git(join(workDir, '.home'), options.searchPath ?? '/usr/local/bin:/usr/bin:/bin', options.binary);
  }

  /** The workspace repository of a project (what `RepoCommit.path` points at). */
  pathOf(project: string): string {
    return join(this.workDir, 'repos', `${project}.git`);
  }

  async merge(ahead: RepoStateMap | null, change: ChangeToMerge): Promise<MergeOutcome> {
    return this.locked(change.project, () => this.mergeLocked(ahead, change));
  }

  async withProject(state: RepoStateMap, project: string, branch: string): Promise<RepoStateMap> {
    if (state.has(repoKey(project, branch))) return state;
    const tip = await this.locked(project, () => this.tip(project, branch));
    const next = new Map(state);
    next.set(repoKey(project, branch), tip);
    return next;
  }

  async branchTree(project: string, branch: string): Promise<string | null> {
    const result = await this.git.run(
      this.sourcePath(project),
      ['rev-parse', '--verify', '-q', `refs/heads/${branch}^{tree}`],
      {
        okCodes: [1],
      },
    );
    return result.code === 0 ? result.stdout.trim() : null;
  }

  async readFiles(project: string, commit: string, prefixes: readonly string[]): Promise<Record<string, string>> {
    const dir = this.pathOf(project);
    const listed = await this.git.out(dir, ['ls-tree', '-r', '-z', '--name-only', commit]);
    const paths = listed
      .split('\0')
      .filter((p) => p && prefixes.some((prefix) => (prefix.endsWith('/') ? p.startsWith(prefix) : p === prefix)));
    const files: Record<string, string> = {};
    for (const path of paths) files[path] = (await this.git.run(dir, ['cat-file', 'blob', `${commit}:${path}`])).stdout;
    return files;
  }

  private async mergeLocked(ahead: RepoStateMap | null, change: ChangeToMerge): Promise<MergeOutcome> {
    const dir = await this.workspace(change.project);
    const key = repoKey(change.project, change.branch);
    const base = ahead?.get(key) ?? (await this.tip(change.project, change.branch));
    await this.fetchChange(dir, change);
    const commit = await this.mergeOnto(dir, base.commit, change);
    if (commit === null) {
      return {
        ok: false,
        conflict: `${change.project} change ${change.ref} does not merge onto ${change.branch} (${base.commit.slice(0, 7)})`,
      };
    }
    // Keep the speculative commit reachable (git gc) for as long as the workspace lives.
    await this.git.run(dir, ['update-ref', `refs/zuul/${change.branch}/${commit}`, commit]);
    const tree = await this.git.out(dir, ['rev-parse', `${commit}^{tree}`]);
    const state = new Map(ahead ?? []);
    state.set(key, { project: change.project, branch: change.branch, commit, tree, path: dir });
    return { ok: true, state, baseTree: base.tree, files: await this.changedFiles(dir, change.revision) };
  }

  /** The merge result's commit, or null on a conflict. */
  private async mergeOnto(dir: string, base: string, change: ChangeToMerge): Promise<string | null> {
    const { revision } = change;
    const isAncestor = async (a: string, b: string) =>
      (await this.git.run(dir, ['merge-base', '--is-ancestor', a, b], { okCodes: [1] })).code === 0;
    if (await isAncestor(revision, base)) return base; // already in the branch
    const parent = await this.git.run(dir, ['rev-parse', '--verify', '-q', `${revision}^`], { okCodes: [1] });
    const onBase = parent.stdout.trim() === base;
    switch (change.mode) {
      case 'cherry-pick':
      case 'rebase':
        return onBase ? revision : this.cherryPick(dir, base, revision);
      case 'squash-merge': {
        const tree = await this.mergeTree(dir, base, revision);
        if (tree === null) return null;
        const message = await this.git.out(dir, ['log', '-1', '--format=%B', revision]);
        return this.git.out(dir, ['commit-tree', tree, '-p', base], { input: `${message}\n` });
      }
      default: {
        if (await isAncestor(base, revision)) return revision; // fast-forward, as Gerrit's MERGE_IF_NECESSARY
        const tree = await this.mergeTree(dir, base, revision);
        if (tree === null) return null;
        return this.git.out(dir, ['commit-tree', tree, '-p', base, '-p', revision], {
          input: `Merge "${change.subject}"\n`,
        });
      }
    }
  }

  private async mergeTree(dir: string, base: string, revision: string): Promise<string | null> {
    const result = await this.git.run(dir, ['merge-tree', '--write-tree', '--no-messages', base, revision], {
      okCodes: [1],
    });
    return result.code === 0 ? result.stdout.trim().split('\n')[0]! : null;
  }

  /** A cherry-pick in a throwaway worktree (git 2.39's merge-tree has no --merge-base). */
  private async cherryPick(dir: string, base: string, revision: string): Promise<string | null> {
    const tmp = mkdtempSync(join(this.workDir, 'pick-'));
    try {
      await this.git.run(dir, ['worktree', 'add', '--detach', '-q', tmp, base]);
      const picked = await this.git.run(null, ['cherry-pick', '--allow-empty', revision], { cwd: tmp, okCodes: [1] });
      if (picked.code !== 0) return null;
      return await this.git.out(null, ['rev-parse', 'HEAD'], { cwd: tmp });
    } finally {
      await this.git.run(dir, ['worktree', 'remove', '--force', tmp], { okCodes: [128] }).catch(() => undefined);
      rmSync(tmp, { recursive: true, force: true });
    }
  }

  private async changedFiles(dir: string, revision: string): Promise<string[]> {
    const out = await this.git.out(dir, [
      'diff-tree',
      '--root',
      '--no-commit-id',
      '--name-only',
      '-r',
      '-z',
      '-m',
      '--first-parent',
      revision,
    ]);
    return [...new Set(out.split('\0').filter(Boolean))];
  }

  private async fetchChange(dir: string, change: ChangeToMerge): Promise<void> {
    const present = await this.git.run(dir, ['cat-file', '-e', `${change.revision}^{commit}`], { okCodes: [1, 128] });
    if (present.code === 0) return;
    await this.git.run(dir, [
      'fetch',
      '--no-tags',
      '-q',
      this.sourcePath(change.project),
      `+${change.ref}:refs/zuul/fetched/${change.ref}`,
    ]);
  }

  /** Fetches the branch tip from the review service's repository. */
  private async tip(project: string, branch: string): Promise<RepoCommit> {
    const dir = await this.workspace(project);
    await this.git.run(dir, [
      'fetch',
      '--no-tags',
      '-q',
      this.sourcePath(project),
      `+refs/heads/${branch}:refs/heads/${branch}`,
    ]);
    const commit = await this.git.out(dir, ['rev-parse', `refs/heads/${branch}`]);
    const tree = await this.git.out(dir, ['rev-parse', `${commit}^{tree}`]);
    return { project, branch, commit, tree, path: dir };
  }

  private async workspace(project: string): Promise<string> {
    const dir = this.pathOf(project);
    if (!existsSync(join(dir, 'HEAD'))) {
      mkdirSync(dir, { recursive: true });
      await this.git.run(null, ['init', '--bare', '-q', dir]);
    }
    return dir;
  }

  /** One git operation at a time per project repository (fetches and ref updates would race). */
  private locked<T>(project: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(project) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const settled = next.catch(() => undefined);
    this.locks.set(project, settled);
    void settled.then(() => {
      if (this.locks.get(project) === settled) this.locks.delete(project);
    });
    return next;
  }
}

export { GitError };
