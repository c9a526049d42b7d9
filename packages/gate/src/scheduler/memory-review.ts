// A small review service in memory over real bare git repositories, for the scheduler's tests and the benchmark's
// baseline: changes with patch-set refs, votes, submit by real merge, and Gerrit-shaped events. The real review
// service (packages/review) is exercised by the end-to-end tests.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MemoryBuildsRecorder } from '../builds/memory-builds-recorder.js';
import { Git } from '../merger/git.js';
import { GitMerger } from '../merger/merger.js';
import { MemoryQueueStore } from '../state/queue-store.js';
import type { GateChange, ReviewConnection, ReviewEvent } from './gate-change.js';
import { SubmitError } from './gate-change.js';
import { GateScheduler } from './gate-scheduler.js';
import { readTenantRepos } from './repo-reader.js';
import { type SchedulerDeps, silentLog } from './scheduler-deps.js';

export interface MemoryMessage {
  readonly number: number;
  readonly patchset: number;
  readonly message: string;
  readonly labels: Readonly<Record<string, number>>;
}

interface Stored {
  change: GateChange;
  labels: Map<string, number>;
}

export class MemoryReview implements ReviewConnection {
  readonly git: Git;
  readonly messages: MemoryMessage[] = [];
  private readonly changes = new Map<number, Stored>();
  private next = 1;
  listener: (event: ReviewEvent) => void = () => {};

  constructor(readonly root: string) {
    mkdirSync(join(root, 'home'), { recursive: true });
    this.git = new Git(join(root, 'home'), '/usr/local/bin:/usr/bin:/bin');
  }

  repositoryPath(project: string): string {
    return join(this.root, 'git', `${project}.git`);
  }

  /** Creates a project whose master holds `files`. */
  async createProject(project: string, files: Record<string, string>): Promise<void> {
    const dir = this.repositoryPath(project);
    mkdirSync(dir, { recursive: true });
    await this.git.run(null, ['init', '--bare', '-q', '--initial-branch=master', dir]);
    const commit = await this.commit(dir, null, files, `Initial ${project}`);
    await this.git.run(dir, ['update-ref', 'refs/heads/master', commit]);
  }

  /** Uploads a change on top of master: `files` written over master's tree. */
  async upload(
    project: string,
    files: Record<string, string>,
    subject: string,
    dependsOn: number[] = [],
  ): Promise<GateChange> {
    const dir = this.repositoryPath(project);
    const number = this.next++;
    const footers = dependsOn.map((d) => `Depends-On: http://review/c/x/+/${d}`).join('\n');
    const message = `${subject}\n\n${footers ? `${footers}\n` : ''}Change-Id: I${String(number).padStart(40, '0')}\n`;
    const tip = await this.git.out(dir, ['rev-parse', 'refs/heads/master']);
    const revision = await this.commit(dir, tip, files, message);
    const ref = `refs/changes/${String(number % 100).padStart(2, '0')}/${number}/1`;
    await this.git.run(dir, ['update-ref', ref, revision]);
    const change: GateChange = {
      project,
      branch: 'master',
      number,
      patchset: 1,
      ref,
      revision,
      changeKey: `I${String(number).padStart(40, '0')}`,
      subject,
      message,
      url: `http://review/c/${project}/+/${number}`,
      owner: 'dev',
      topic: null,
      dependsOn: dependsOn.map((d) => `http://review/c/x/+/${d}`),
      status: 'NEW',
      isCurrentPatchset: true,
      wip: false,
      approvals: [],
    };
    this.changes.set(number, { change, labels: new Map() });
    this.emit('patchset-created', change, { uploader: { username: 'dev' } });
    return change;
  }

  /** Code-Review +2 and Workflow +1 by a core reviewer. */
  approve(number: number): void {
    const s = this.stored(number);
    s.labels.set('Code-Review', 2);
    s.labels.set('Workflow', 1);
    this.emit('comment-added', s.change, {
      author: { username: 'core' },
      comment: `Patch Set ${s.change.patchset}: Code-Review+2 Workflow+1`,
      approvals: [
        { type: 'Code-Review', value: '2' },
        { type: 'Workflow', value: '1' },
      ],
    });
  }

  comment(number: number, text: string): void {
    const s = this.stored(number);
    this.emit('comment-added', s.change, {
      author: { username: 'dev' },
      comment: `Patch Set ${s.change.patchset}:\n\n${text}`,
      approvals: [],
    });
  }

  async getChange(number: number): Promise<GateChange | null> {
    const s = this.changes.get(number);
    if (!s) return null;
    return {
      ...s.change,
      approvals: [...s.labels].filter(([, v]) => v !== 0).map(([label, value]) => ({ label, value, username: 'core' })),
    };
  }

  async resolveDependency(footer: string): Promise<GateChange[]> {
    const number = /\/\+\/(\d+)$/.exec(footer)?.[1];
    const change = number ? await this.getChange(Number(number)) : null;
    return change ? [change] : [];
  }

  async review(
    change: Pick<GateChange, 'number' | 'patchset'>,
    message: string,
    labels: Readonly<Record<string, number>>,
  ) {
    const s = this.stored(change.number);
    for (const [k, v] of Object.entries(labels)) s.labels.set(k, v);
    this.messages.push({ number: change.number, patchset: change.patchset, message, labels });
  }

  /** Merges like Gerrit's MERGE_IF_NECESSARY: fast-forward, else a merge commit; a conflict is refused. */
  async submit(change: Pick<GateChange, 'number' | 'patchset'>): Promise<void> {
    const s = this.stored(change.number);
    if ((s.labels.get('Verified') ?? 0) < 1 || s.change.status !== 'NEW')
      throw new SubmitError('submit requirement Verified is unsatisfied');
    const dir = this.repositoryPath(s.change.project);
    const tip = await this.git.out(dir, ['rev-parse', 'refs/heads/master']);
    const rev = s.change.revision;
    let merged = rev;
    const ff = await this.git.run(dir, ['merge-base', '--is-ancestor', tip, rev], { okCodes: [1] });
    if (ff.code !== 0) {
      const tree = await this.git.run(dir, ['merge-tree', '--write-tree', '--no-messages', tip, rev], { okCodes: [1] });
      if (tree.code !== 0) throw new SubmitError('Change could not be merged due to a path conflict.');
      merged = await this.git.out(dir, ['commit-tree', tree.stdout.trim().split('\n')[0]!, '-p', tip, '-p', rev], {
        input: `Merge "${s.change.subject}"\n`,
      });
    }
    await this.git.run(dir, ['update-ref', 'refs/heads/master', merged, tip]);
    s.change = { ...s.change, status: 'MERGED' };
    this.listener({
      type: 'ref-updated',
      eventCreatedOn: 0,
      refUpdate: { project: s.change.project, refName: 'refs/heads/master', oldRev: tip, newRev: merged },
    });
    this.emit('change-merged', s.change, { submitter: { username: 'zuul' }, newRev: merged });
  }

  /** The subjects of master's first-parent history, oldest first (merge commits show as their change's subject). */
  async history(project: string): Promise<string[]> {
    const dir = this.repositoryPath(project);
    const out = await this.git.out(dir, ['log', '--first-parent', '--reverse', '--format=%s', 'refs/heads/master']);
    return out.split('\n').map((s) => s.replace(/^Merge "(.*)"$/, '$1'));
  }

  private stored(number: number): Stored {
    const s = this.changes.get(number);
    if (!s) throw new Error(`no change ${number}`);
    return s;
  }

  private emit(type: string, change: GateChange, extra: Record<string, unknown>) {
    this.listener({
      type,
      eventCreatedOn: Math.floor(Date.now() / 1000),
      project: change.project,
      refName: `refs/heads/${change.branch}`,
      change: {
        project: change.project,
        branch: change.branch,
        number: change.number,
        id: change.changeKey,
        status: change.status,
      },
      patchSet: { number: change.patchset, revision: change.revision, ref: change.ref },
      ...extra,
    });
  }

  /** A commit of `files` over `parent`'s tree, made in a scratch worktree-free index. */
  private async commit(
    dir: string,
    parent: string | null,
    files: Record<string, string>,
    message: string,
  ): Promise<string> {
    const scratch = mkdtempSync(join(this.root, 'scratch-'));
    try {
      const index = join(scratch, 'index');
      const env = { GIT_INDEX_FILE: index };
      if (parent) await this.gitEnv(dir, ['read-tree', parent], env);
      for (const [path, content] of Object.entries(files)) {
        const file = join(scratch, 'f');
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, content);
        const blob = await this.git.out(dir, ['hash-object', '-w', file]);
        await this.gitEnv(dir, ['update-index', '--add', '--cacheinfo', `100644,${blob},${path}`], env);
      }
      const tree = (await this.gitEnv(dir, ['write-tree'], env)).trim();
      return await this.git.out(dir, ['commit-tree', tree, ...(parent ? ['-p', parent] : [])], { input: message });
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }

  private gitEnv(dir: string, args: string[], env: Record<string, string>): Promise<string> {
    return this.git.runWithEnv(dir, args, env).then((r) => r.stdout);
  }
}

/**
 * A scheduler over a MemoryReview for tests: real git merges in `<work>/<mergerDir>`, logs in `<work>/logs`, queues
 * and builds in memory; `overrides` swaps any piece (the executor, a shared store …). Events are wired to it.
 */
export function schedulerOverMemoryReview(
  review: MemoryReview,
  work: string,
  overrides: Partial<SchedulerDeps> & Pick<SchedulerDeps, 'executor'>,
  mergerDir = 'merger',
): GateScheduler {
  const scheduler = new GateScheduler({
    connection: review,
    connectionName: 'gerrit',
    merger: new GitMerger(join(work, mergerDir), (p) => review.repositoryPath(p)),
    recorder: new MemoryBuildsRecorder(),
    store: new MemoryQueueStore(),
    readRepos: (tenant) => readTenantRepos(tenant, (p) => review.repositoryPath(p)),
    logDir: (_t, uuid) => join(work, 'logs', uuid),
    buildUrl: (t, uuid) => `http://zuul/t/${t}/build/${uuid}`,
    log: silentLog,
    ...overrides,
  });
  review.listener = (event) => scheduler.onEvent(event);
  return scheduler;
}
