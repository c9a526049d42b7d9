// `npm run bench -- gate`: the scheduler with 1,000 projects and 200 changes in flight on the fake executor and an
// in-memory merger and review service (no git, no nodes): sustained job completions per second, p95 event →
// first job started, and the scheduler time of a gate reset 20 items deep; beside a baseline measured in the same
// run (the fake executor alone, and the event loop's own turn-around). Then the configuration load time.
import {
  type BuildRequest,
  type BuildResult,
  benchGateConfigLoad,
  type ChangeToMerge,
  type Executor,
  FakeExecutor,
  type GateChange,
  GateScheduler,
  MemoryBuildsRecorder,
  MemoryQueueStore,
  type Merger,
  type RepoStateMap,
  type ReviewConnection,
  type ReviewEvent,
  repoKey,
  silentLog,
} from '@nubo/gate';

const PROJECTS = Number(process.env.BENCH_GATE_PROJECTS ?? 1000);
const IN_FLIGHT = Number(process.env.BENCH_GATE_IN_FLIGHT ?? 200);
const SECS = Number(process.env.BENCH_SECS ?? 10);
const JOBS = 5;
const QUEUES = 50;
const DEPTH = 20;

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
const name = (i: number) => `org/p${String(i).padStart(4, '0')}`;

function tenantFile(): string {
  const projects = Array.from({ length: PROJECTS }, (_, i) => `          - ${name(i)}`).join('\n');
  return `- tenant:\n    name: bench\n    source:\n      gerrit:\n        config-projects:\n          - config\n        untrusted-projects:\n${projects}\n`;
}

const CONFIG = `- pipeline:
    name: check
    manager: independent
    trigger:
      gerrit:
        - event: patchset-created
    success:
      gerrit: {Verified: 1}
    failure:
      gerrit: {Verified: -1}
- pipeline:
    name: gate
    manager: dependent
    window: ${DEPTH + 1}
    window-floor: ${DEPTH + 1}
    require:
      gerrit:
        approval:
          - Workflow: 1
    trigger:
      gerrit:
        - event: comment-added
          approval:
            - Workflow: 1
    success:
      gerrit: {Verified: 2, submit: true}
    failure:
      gerrit: {Verified: -2}
- job:
    name: base
    parent: null
    run: playbooks/base.yaml
${Array.from({ length: JOBS }, (_, j) => `- job:\n    name: job-${j}\n${j > 0 ? '    dependencies: [job-0]\n' : ''}`).join('')}`;

const projectConfig = (i: number) =>
  `- project:\n    queue: q${i % QUEUES}\n    check:\n      jobs: [${Array.from({ length: JOBS }, (_, j) => `job-${j}`).join(', ')}]\n    gate:\n      jobs: [job-0]\n`;

/** The review service in memory: changes, votes and submits, events straight to the scheduler. */
class BenchReview implements ReviewConnection {
  readonly changes = new Map<number, GateChange>();
  readonly trees = new Map<string, string>();
  next = 1;
  reported: (change: GateChange, labels: Readonly<Record<string, number>>) => void = () => {};
  emit: (event: ReviewEvent) => void = () => {};
  emitted = new Map<number, number>();

  create(project: string, approved: boolean): GateChange {
    const number = this.next++;
    const change: GateChange = {
      project,
      branch: 'master',
      number,
      patchset: 1,
      ref: `refs/changes/${number % 100}/${number}/1`,
      revision: number.toString(16).padStart(40, '0'),
      changeKey: `I${number.toString(16).padStart(40, '0')}`,
      subject: `change ${number}`,
      message: `change ${number}`,
      url: null,
      owner: 'dev',
      topic: null,
      dependsOn: [],
      status: 'NEW',
      isCurrentPatchset: true,
      wip: false,
      approvals: approved ? [{ label: 'Workflow', value: 1, username: 'core' }] : [],
    };
    this.changes.set(number, change);
    this.emitted.set(number, performance.now());
    const base = { project, change: { number, project, branch: 'master' }, patchSet: { number: 1 }, eventCreatedOn: 0 };
    this.emit(
      approved
        ? { ...base, type: 'comment-added', approvals: [{ type: 'Workflow', value: '1' }], comment: 'approved' }
        : { ...base, type: 'patchset-created' },
    );
    return change;
  }
  async getChange(number: number) {
    return this.changes.get(number) ?? null;
  }
  async resolveDependency() {
    return [];
  }
  async review(change: Pick<GateChange, 'number'>, _message: string, labels: Readonly<Record<string, number>>) {
    this.reported(this.changes.get(change.number)!, labels);
  }
  async submit(change: Pick<GateChange, 'number'>) {
    const c = this.changes.get(change.number)!;
    this.trees.set(c.project, `${this.trees.get(c.project) ?? 'root'}+${c.revision}`);
    this.changes.set(c.number, { ...c, status: 'MERGED' });
  }
  repositoryPath(project: string) {
    return `/nonexistent/${project}`;
  }
}

/** A merger that makes up commits: the tree names the changes merged, so the submit check still holds. */
class BenchMerger implements Merger {
  constructor(private readonly trees: Map<string, string>) {}
  async merge(ahead: RepoStateMap | null, change: ChangeToMerge) {
    const key = repoKey(change.project, change.branch);
    const baseTree = ahead?.get(key)?.tree ?? this.trees.get(change.project) ?? 'root';
    const state = new Map(ahead ?? []);
    const tree = `${baseTree}+${change.revision}`;
    state.set(key, { project: change.project, branch: change.branch, commit: tree, tree, path: '/nonexistent' });
    return { ok: true as const, state, baseTree, files: ['src/module.py'] };
  }
  async withProject(state: RepoStateMap) {
    return state;
  }
  async branchTree(project: string) {
    return this.trees.get(project) ?? 'root';
  }
  async readFiles() {
    return {};
  }
}

/** Counts completions and the first start of each change; gate builds wait for `release` when holding. */
class CountingExecutor implements Executor {
  completed = 0;
  readonly firstStart = new Map<number, number>();
  hold = false;
  readonly held: { request: BuildRequest; resolve: (r: BuildResult) => void }[] = [];
  private readonly inner = new FakeExecutor();

  async execute(request: BuildRequest, signal: AbortSignal) {
    const change = request.item.change ?? 0;
    if (!this.firstStart.has(change)) this.firstStart.set(change, performance.now());
    if (this.hold && request.pipeline === 'gate') {
      const result = await new Promise<BuildResult>((resolve) => {
        this.held.push({ request, resolve });
        signal.addEventListener('abort', () => resolve('ABORTED'), { once: true });
      });
      const now = new Date();
      return { result, retryable: false, startTime: now, endTime: now, error: null, nodes: [], artifacts: [] };
    }
    const outcome = await this.inner.execute(request, signal);
    this.completed += 1;
    return outcome;
  }
}

async function baselineExecutor(): Promise<number> {
  const executor = new FakeExecutor();
  const request = { job: { name: 'x' }, item: { change: 1 } } as unknown as BuildRequest;
  let done = 0;
  const end = performance.now() + 2000;
  const worker = async () => {
    while (performance.now() < end) {
      await executor.execute(request, new AbortController().signal);
      done += 1;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return done / ((performance.now() - t0) / 1000);
}

async function baselineTurnaround(): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t0 = performance.now();
    await new Promise((r) => setImmediate(r));
    samples.push(performance.now() - t0);
  }
  return pct(samples, 95);
}

export async function benchGate(): Promise<void> {
  const review = new BenchReview();
  const executor = new CountingExecutor();
  const repos: Record<string, { branches: Record<string, Record<string, string>> }> = {
    config: { branches: { master: { 'zuul.d/pipelines.yaml': CONFIG } } },
  };
  for (let i = 0; i < PROJECTS; i++) repos[name(i)] = { branches: { master: { '.zuul.yaml': projectConfig(i) } } };
  const scheduler = new GateScheduler({
    connection: review,
    connectionName: 'gerrit',
    merger: new BenchMerger(review.trees),
    executor,
    recorder: new MemoryBuildsRecorder(),
    store: new MemoryQueueStore(),
    readRepos: async () => repos,
    logDir: (_t, uuid) => `/nonexistent/${uuid}`,
    buildUrl: (_t, uuid) => `http://zuul/build/${uuid}`,
    log: silentLog,
  });
  review.emit = (event) => scheduler.onEvent(event);
  const tLoad = performance.now();
  await scheduler.load(tenantFile(), 'main.yaml', false);
  const loadMs = performance.now() - tLoad;
  const errors = scheduler.configErrors('bench');
  if (errors.length > 0) throw new Error(`bench config errors: ${JSON.stringify(errors.slice(0, 3))}`);

  // Sustained check load: IN_FLIGHT changes at all times, a new one for every change reported.
  let running = true;
  let project = 0;
  const newCheckChange = () => review.create(name(project++ % PROJECTS), false);
  review.reported = (change) => {
    if (running && change.status === 'NEW' && !change.approvals.length) newCheckChange();
  };
  for (let i = 0; i < IN_FLIGHT; i++) newCheckChange();
  await new Promise((r) => setTimeout(r, 1000));
  const c0 = executor.completed;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, SECS * 1000));
  const jobsPerSec = (executor.completed - c0) / ((performance.now() - t0) / 1000);
  running = false;
  await scheduler.whenIdle();
  const latencies = [...executor.firstStart].map(([change, at]) => at - (review.emitted.get(change) ?? at));
  const p95 = pct(latencies, 95);

  // A gate reset 20 items deep: DEPTH + 1 approved changes in one shared queue, the head's job fails.
  executor.hold = true;
  const gateChanges: GateChange[] = [];
  for (let i = 0; i <= DEPTH; i++) gateChanges.push(review.create(name((i * QUEUES) % PROJECTS), true));
  while (executor.held.length < DEPTH + 1) await new Promise((r) => setTimeout(r, 5));
  const head = executor.held.find((h) => h.request.item.change === gateChanges[0]!.number)!;
  const before = executor.held.length;
  const r0 = performance.now();
  head.resolve('FAILURE');
  while (executor.held.length < before + DEPTH) await new Promise((r) => setImmediate(r));
  const resetMs = performance.now() - r0;
  for (const h of executor.held) h.resolve('SUCCESS');
  executor.hold = false;
  await scheduler.whenIdle();
  const merged = gateChanges.filter((c) => review.changes.get(c.number)?.status === 'MERGED').length;
  scheduler.stop();

  const baseJobs = await baselineExecutor();
  const baseTurn = await baselineTurnaround();
  console.log(
    [
      `gate scheduler: ${PROJECTS} projects, ${IN_FLIGHT} changes in flight in check (${JOBS} jobs each), fake executor, in-memory merger and review`,
      `  layout load (${PROJECTS} projects):          ${loadMs.toFixed(0)} ms`,
      `  sustained job completions:              ${jobsPerSec.toFixed(0)} jobs/s over ${SECS} s (target >= 100: ${verdict(jobsPerSec >= 100)}); baseline fake executor alone ${baseJobs.toFixed(0)} jobs/s`,
      `  event -> first job started, p95:        ${p95.toFixed(1)} ms over ${latencies.length} changes (median ${pct(latencies, 50).toFixed(1)} ms); baseline event-loop turn p95 ${baseTurn.toFixed(3)} ms`,
      `  gate reset ${DEPTH} items deep:                ${resetMs.toFixed(1)} ms from the head's failure to all ${DEPTH} items behind running again; ${merged}/${DEPTH + 1} then merged (the failed head is left out)`,
    ].join('\n'),
  );
  console.log((await benchGateConfigLoad()).summary);
}
