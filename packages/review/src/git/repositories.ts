// The bare repositories of the projects: create, read refs and commits, update refs atomically.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type GitResult, GitRunner, type Person } from './git.js';

/** A commit as the review service records it (Gerrit's CommitInfo without the web links). */
export interface CommitData {
  commit: string;
  tree: string;
  parents: string[];
  author: Person;
  committer: Person;
  subject: string;
  message: string;
}

/** One ref update of an atomic transaction; `oldValue` makes it a compare-and-swap (all zeros: must not exist). */
export interface RefUpdate {
  ref: string;
  newValue: string;
  oldValue?: string;
}

/** git's null object id: as an old value it means "must not exist", as a new one "delete". */
export const ZERO_ID = '0000000000000000000000000000000000000000';

// %x1f between fields; `log -z` puts a NUL between commits. %B is the raw message.
const COMMIT_FORMAT = ['%H', '%T', '%P', '%an', '%ae', '%aI', '%cn', '%ce', '%cI', '%B'].join('%x1f');

function parseCommits(stdout: string): CommitData[] {
  return stdout
    .split('\0')
    .filter((record) => record.trim() !== '')
    .map((record) => {
      const [commit, tree, parents, an, ae, ad, cn, ce, cd, ...rest] = record.replace(/^\n/, '').split('\x1f');
      const message = rest.join('\x1f');
      return {
        commit: commit!,
        tree: tree!,
        parents: parents ? parents.split(' ').filter(Boolean) : [],
        author: { name: an!, email: ae!, date: ad! },
        committer: { name: cn!, email: ce!, date: cd! },
        subject: message.split('\n', 1)[0] ?? '',
        message,
      };
    });
}

/** The bare repositories under one root, one per project: `<root>/<project>.git`. */
export class RepositoryStore {
  constructor(
    readonly root: string,
    readonly git: GitRunner,
  ) {}

  pathOf(project: string): string {
    return join(this.root, `${project}.git`);
  }

  exists(project: string): boolean {
    return existsSync(join(this.pathOf(project), 'HEAD'));
  }

  run(
    project: string,
    args: string[],
    options: { input?: string; okCodes?: number[]; env?: Record<string, string> } = {},
  ): Promise<GitResult> {
    return this.git.run(args, { gitDir: this.pathOf(project), ...options });
  }

  /**
   * Creates the bare repository with HEAD on `head`; with `emptyCommit`, every branch in `branches` starts at one
   * empty commit (Gerrit's "Initial empty repository").
   */
  async create(
    project: string,
    options: { head: string; branches: string[]; emptyCommit: boolean; committer: Person },
  ): Promise<void> {
    const path = this.pathOf(project);
    await mkdir(path, { recursive: true });
    await this.git.run(['init', '--bare', '--quiet', `--initial-branch=${options.head}`, path]);
    if (!options.emptyCommit) return;
    const tree = (await this.run(project, ['mktree'], { input: '' })).stdout.trim();
    const commit = (
      await this.run(project, ['commit-tree', tree, '-m', 'Initial empty repository'], {
        env: GitRunner.identityEnv(options.committer, options.committer),
      })
    ).stdout.trim();
    await this.updateRefs(
      project,
      options.branches.map((branch) => ({ ref: `refs/heads/${branch}`, newValue: commit, oldValue: ZERO_ID })),
    );
  }

  /** The commit a ref or revision names, or undefined. */
  async resolve(project: string, revision: string): Promise<string | undefined> {
    const result = await this.run(project, ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`], {
      okCodes: [0, 1, 128],
    });
    return result.code === 0 ? result.stdout.trim() : undefined;
  }

  /** The branch HEAD points at (refs/heads/…). */
  async head(project: string): Promise<string> {
    const result = await this.run(project, ['symbolic-ref', 'HEAD'], { okCodes: [0, 1, 128] });
    return result.code === 0 ? result.stdout.trim() : 'refs/heads/master';
  }

  async setHead(project: string, ref: string): Promise<void> {
    await this.run(project, ['symbolic-ref', 'HEAD', ref]);
  }

  /** Refs under the given prefixes (e.g. `refs/heads/`) with the object each points at, sorted by name. */
  async refs(project: string, prefixes: string[]): Promise<{ ref: string; revision: string }[]> {
    const result = await this.run(project, ['for-each-ref', '--format=%(objectname) %(refname)', ...prefixes]);
    return result.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const at = line.indexOf(' ');
        return { revision: line.slice(0, at), ref: line.slice(at + 1) };
      });
  }

  /**
   * Applies every update or none (`git update-ref --stdin` runs one transaction).
   *
   * @throws GitError when a compare-and-swap fails or a ref cannot be locked.
   */
  async updateRefs(project: string, updates: RefUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    const lines = updates.map((u) => `update ${u.ref} ${u.newValue}${u.oldValue ? ` ${u.oldValue}` : ''}\n`);
    await this.run(project, ['update-ref', '--stdin'], { input: lines.join('') });
  }

  async readCommit(project: string, revision: string): Promise<CommitData | undefined> {
    const result = await this.run(project, ['log', '-z', '-1', `--format=${COMMIT_FORMAT}`, revision, '--'], {
      okCodes: [0, 128],
    });
    return result.code === 0 ? parseCommits(result.stdout)[0] : undefined;
  }

  /** Commits reachable from `tip` and from no branch, oldest first (what a push for review brings). */
  async newCommits(project: string, tip: string, limit: number): Promise<CommitData[]> {
    const result = await this.run(project, [
      'log',
      '-z',
      '--topo-order',
      '--reverse',
      `--max-count=${limit}`,
      `--format=${COMMIT_FORMAT}`,
      tip,
      '--not',
      '--branches',
      '--',
    ]);
    return parseCommits(result.stdout);
  }

  async isAncestor(project: string, ancestor: string, descendant: string): Promise<boolean> {
    const result = await this.run(project, ['merge-base', '--is-ancestor', ancestor, descendant], { okCodes: [0, 1] });
    return result.code === 0;
  }

  /** Lines added and removed by a commit against its first parent (Gerrit's insertions and deletions). */
  async diffStat(project: string, commit: CommitData): Promise<{ insertions: number; deletions: number }> {
    let insertions = 0;
    let deletions = 0;
    for (const file of await this.files(project, commit)) {
      insertions += file.linesInserted;
      deletions += file.linesDeleted;
    }
    return { insertions, deletions };
  }

  /** The files a commit touches against its first parent (or the empty tree for a root commit). */
  async files(
    project: string,
    commit: CommitData,
  ): Promise<
    { path: string; oldPath?: string; status: string; linesInserted: number; linesDeleted: number; binary: boolean }[]
  > {
    const base = commit.parents[0] ? [commit.parents[0]] : ['--root'];
    const status = await this.run(project, [
      'diff-tree',
      '-r',
      '-M',
      '--no-commit-id',
      '-z',
      '--name-status',
      ...base,
      commit.commit,
    ]);
    const numstat = await this.run(project, [
      'diff-tree',
      '-r',
      '-M',
      '--no-commit-id',
      '-z',
      '--numstat',
      ...base,
      commit.commit,
    ]);
    const statuses: { status: string; path: string; oldPath?: string }[] = [];
    const fields = status.stdout.split('\0').filter((f) => f !== '');
    for (let i = 0; i < fields.length; ) {
      const code = fields[i++]!;
      if (code.startsWith('R') || code.startsWith('C')) {
        const oldPath = fields[i++]!;
        statuses.push({ status: code[0]!, oldPath, path: fields[i++]! });
      } else statuses.push({ status: code[0]!, path: fields[i++]! });
    }
    const counts = new Map<string, { ins: number; del: number; binary: boolean }>();
    const parts = numstat.stdout.split('\0');
    for (let i = 0; i < parts.length; i++) {
      const head = parts[i]!;
      const match = /^(\d+|-)\t(\d+|-)\t(.*)$/s.exec(head.replace(/^\n/, ''));
      if (!match) continue;
      // A rename prints an empty name, then the old and new paths as two more fields.
      let path = match[3]!;
      if (path === '') {
        i += 2;
        path = parts[i] ?? '';
      }
      counts.set(path, {
        ins: match[1] === '-' ? 0 : Number(match[1]),
        del: match[2] === '-' ? 0 : Number(match[2]),
        binary: match[1] === '-',
      });
    }
    return statuses.map((s) => {
      const c = counts.get(s.path) ?? { ins: 0, del: 0, binary: false };
      return { ...s, linesInserted: c.ins, linesDeleted: c.del, binary: c.binary };
    });
  }

  /** `git patch-id --stable` of a commit's diff: equal ids mean the same change on another parent. */
  async patchId(project: string, commit: string): Promise<string | undefined> {
    const diff = await this.run(project, ['diff-tree', '-p', '--no-color', '--root', commit]);
    if (diff.stdout.trim() === '') return undefined;
    const id = await this.run(project, ['patch-id', '--stable'], { input: diff.stdout });
    return id.stdout.split(' ')[0] || undefined;
  }
}
