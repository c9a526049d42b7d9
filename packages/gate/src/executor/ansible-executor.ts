// The real executor: nodes from a provider, the repositories at the state the gate merged, then the job's pre-run,
// run, post-run and cleanup playbooks with the real `ansible-playbook`, results as Zuul gives them. One build at a
// time per call; the scheduler runs several calls concurrently.

import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname as osHostname } from 'node:os';
import { join } from 'node:path';
import type { FrozenPlaybook } from '../model/frozen-job.js';
import { type NodeAllocation, NodeFailure, type NodeProvider } from '../nodes/node-provider.js';
import { type PlaybookStatus, runPlaybook } from './ansible-run.js';
import { ansibleConfig, ansibleEnv, type BuildDir, makeBuildDir, pluginsDir } from './build-dir.js';
import { decideResult, type Phase, type PhaseRun } from './build-result.js';
import type { BuildListener, BuildOutcome, BuildRequest, Executor, RepoState } from './executor.js';
import { buildInventory, yamlText } from './inventory.js';
import { JobOutput } from './job-output.js';
import { PlanError, type PlannedPlaybook, PlaybookPlanner, type RepoResolver } from './playbook-plan.js';
import { branchTip, checkoutRepo, copyCheckout } from './repo-checkout.js';
import { canonicalName, zuulVars } from './zuul-vars.js';

export interface AnsibleExecutorOptions {
  readonly provider: NodeProvider;
  /** Where build directories are made (each deleted when its build ends). */
  readonly buildRoot: string;
  /** The ansible-playbook to run (Debian's ansible-core by default). */
  readonly ansiblePlaybook?: string;
  /** PATH for ansible-playbook and the commands it runs on local nodes. */
  readonly path?: string;
  /** zuul.executor.hostname (default: the host's name). */
  readonly hostname?: string;
  /** Zuul's connection hostname, prefixed to canonical project names and src dirs (default: none). */
  readonly canonicalHostname?: string | null;
  /**
   * The repository state of a project and branch for playbooks and roles that do not come from the build's own
   * checkouts: trusted (config-project) playbooks, which Zuul never takes from a speculative state, and projects the
   * build does not check out (role repositories). Untrusted playbooks of a project the build checks out always come
   * from its speculative state, as in Zuul. Tried first; see `repoPath`.
   */
  readonly repoFor?: (project: string, branch: string) => RepoState | null | Promise<RepoState | null>;
  /**
   * The on-disk repository of a project (e.g. the review service's bare repository): when `repoFor` gives nothing,
   * playbooks and roles come from the tip of their branch there.
   */
  readonly repoPath?: (project: string) => string | null;
  /** Keep build directories after the build (Zuul's keep-jobdir), for debugging. */
  readonly keepBuildDirs?: boolean;
  /** Time between SIGTERM and SIGKILL of a playbook's process group (ms). */
  readonly killGraceMs?: number;
  /** Deadline for each cleanup playbook (seconds; cleanup runs even after an abort). */
  readonly cleanupTimeout?: number;
}

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

interface BuildContext {
  readonly request: BuildRequest;
  readonly signal: AbortSignal;
  readonly dir: BuildDir;
  readonly out: JobOutput;
  readonly runs: PhaseRun[];
}

export class AnsibleExecutor implements Executor {
  private readonly hostname: string;
  private readonly plugins: string;

  constructor(private readonly options: AnsibleExecutorOptions) {
    this.hostname = options.hostname ?? osHostname();
    this.plugins = pluginsDir();
  }

  async execute(request: BuildRequest, signal: AbortSignal, listener?: BuildListener): Promise<BuildOutcome> {
    const startTime = new Date();
    await mkdir(request.logDir, { recursive: true });
    const out = new JobOutput(request.logDir, listener);
    out.line(`Job console starting: ${request.job.name} (build ${request.uuid})`);
    let allocation: NodeAllocation | null = null;
    let dir: BuildDir | null = null;
    const finish = (
      o: Omit<BuildOutcome, 'startTime' | 'endTime' | 'nodes' | 'artifacts'>,
      artifacts: BuildOutcome['artifacts'] = [],
    ): BuildOutcome => ({
      ...o,
      startTime,
      endTime: new Date(),
      nodes: allocation?.nodes.map((n) => n.name) ?? [],
      artifacts,
    });
    try {
      try {
        allocation = await this.options.provider.acquire(request.job.nodeset, signal);
      } catch (err) {
        if (signal.aborted) return finish({ result: 'ABORTED', retryable: false, error: 'the build was aborted' });
        const why = err instanceof NodeFailure ? err.message : `node provider error: ${(err as Error).message}`;
        out.line(`NODE_FAILURE: ${why}`);
        return finish({ result: 'NODE_FAILURE', retryable: true, error: why });
      }
      listener?.started?.({ nodes: allocation.nodes.map((n) => n.name), startTime });
      dir = await makeBuildDir(this.options.buildRoot, request.uuid, request.logDir);
      const ctx: BuildContext = { request, signal, dir, out, runs: [] };
      const prepared = await this.prepare(ctx, allocation);
      if (typeof prepared === 'string') {
        out.line(`ERROR: ${prepared}`);
        return finish({ result: 'ERROR', retryable: false, error: prepared });
      }
      await this.runPhases(ctx, prepared);
      const decision = signal.aborted
        ? ({ result: 'ABORTED', retryable: false, error: 'the build was aborted' } as const)
        : decideResult(ctx.runs);
      const artifacts = await readArtifacts(dir.resultData);
      out.line(`Job result: ${decision.result}${decision.error ? ` (${decision.error})` : ''}`);
      return finish(decision, artifacts);
    } finally {
      if (allocation) await this.options.provider.release(allocation).catch(() => {});
      if (dir && !this.options.keepBuildDirs) await rm(dir.root, { recursive: true, force: true });
      await out.close();
    }
  }

  /** Checkouts, inventory, config and every playbook's plan; a string says why the build cannot run. */
  private async prepare(
    ctx: BuildContext,
    allocation: NodeAllocation,
  ): Promise<Map<Phase, PlannedPlaybook[]> | string> {
    const { request, dir, out } = ctx;
    const host = this.options.canonicalHostname ?? null;
    out.line('Preparing the workspace');
    for (const repo of request.repos) {
      const dest = join(dir.src, canonicalName(repo.project, host));
      try {
        await checkoutRepo(repo, dest);
      } catch (err) {
        return `cannot check out ${repo.project} at ${repo.commit}: ${(err as Error).message.trim()}`;
      }
      out.line(`Checked out ${repo.project} ${repo.branch} at ${repo.commit}`);
      // A local node's directory is its "home": the checkouts go there as Zuul's prepare-workspace would put them.
      for (const workdir of new Set(allocation.nodes.map((n) => n.workdir))) {
        if (workdir) await copyCheckout(dest, join(workdir, 'src', canonicalName(repo.project, host)));
      }
    }
    const zuul = zuulVars(request, dir, { hostname: this.hostname, canonicalHostname: host });
    const inventory = yamlText(buildInventory({ job: request.job, allocation, zuul }));
    await writeFile(dir.inventory, inventory);
    await mkdir(join(dir.logs, 'zuul-info'), { recursive: true });
    await writeFile(join(dir.logs, 'zuul-info', 'inventory.yaml'), inventory);
    await writeFile(dir.config, ansibleConfig(dir, this.plugins));
    await writeFile(join(dir.ansible, 'extra-vars.yaml'), yamlText(request.job.extraVars));

    const srcDir = `src/${canonicalName(request.item.project, host)}`;
    const planner = new PlaybookPlanner(
      dir,
      this.resolver(request),
      allocation.nodes.length > 0
        ? {
            hosts: 'all',
            chdir: `{{ ansible_user_dir }}/${srcDir}`,
            streamLocally: allocation.nodes.every((n) => n.connection === 'local'),
          }
        : { hosts: 'localhost', chdir: join(dir.work, srcDir), streamLocally: true },
    );
    const { job } = request;
    const phases: [Phase, readonly FrozenPlaybook[]][] = [
      ['pre', job.preRun],
      ['run', job.run],
      ['post', job.postRun],
      ['cleanup', job.cleanupRun],
    ];
    const plans = new Map<Phase, PlannedPlaybook[]>();
    try {
      for (const [phase, list] of phases) {
        const planned: PlannedPlaybook[] = [];
        for (const pb of list) planned.push(await planner.plan(pb));
        plans.set(phase, planned);
      }
    } catch (err) {
      if (err instanceof PlanError) return err.message;
      throw err;
    }
    return plans;
  }

  private resolver(request: BuildRequest): RepoResolver {
    return async (project, branch, trusted) => {
      const speculative = request.repos.find((r) => r.project === project);
      if (speculative && !trusted) return speculative;
      const given = await this.options.repoFor?.(project, branch);
      if (given) return given;
      const path = this.options.repoPath?.(project);
      const tip = path ? await branchTip(path, branch) : null;
      if (path && tip) return { project, branch, path, commit: tip };
      return speculative ?? null;
    };
  }

  /** Zuul's order: pre-run until one fails, run unless pre-run failed, post-run always, cleanup last. */
  private async runPhases(ctx: BuildContext, plans: Map<Phase, PlannedPlaybook[]>): Promise<void> {
    const { job } = ctx.request;
    const jobDeadline = job.timeout === null ? null : performance.now() + job.timeout * 1000;
    const remaining = () => (jobDeadline === null ? null : jobDeadline - performance.now());
    const failed = () => ctx.runs.some((r) => r.status !== 'normal' || r.code !== 0);
    const aborted = () => ctx.signal.aborted;

    for (const pb of plans.get('pre') ?? []) {
      if (aborted() || failed()) break;
      await this.runOne(ctx, 'pre', pb, remaining());
    }
    if (!failed()) {
      for (const pb of plans.get('run') ?? []) {
        if (aborted() || failed()) break;
        await this.runOne(ctx, 'run', pb, remaining());
      }
    }
    const post = job.postTimeout === null ? null : job.postTimeout * 1000;
    const cleanupTimeout = (this.options.cleanupTimeout ?? 300) * 1000;
    for (const pb of plans.get('post') ?? []) {
      // After an abort only the playbooks marked `cleanup: true` still run (Zuul's cleanup playbooks).
      if (aborted() && !pb.source.cleanup) continue;
      await this.runOne(ctx, pb.source.cleanup && aborted() ? 'cleanup' : 'post', pb, post ?? null, !aborted());
    }
    for (const pb of plans.get('cleanup') ?? []) await this.runOne(ctx, 'cleanup', pb, cleanupTimeout, false);
  }

  private async runOne(
    ctx: BuildContext,
    phase: Phase,
    pb: PlannedPlaybook,
    timeoutMs: number | null,
    abortable = true,
  ): Promise<void> {
    const { dir, out } = ctx;
    const index = ctx.runs.length;
    const trust = pb.source.trusted ? 'trusted' : 'untrusted';
    const name = PHASE_NAMES[phase];
    out.line(`${name} START: [${trust} : ${pb.label}@${pb.source.branch}]`);
    const varsFile = join(dir.ansible, `playbook_${index}.vars.yaml`);
    await writeFile(
      varsFile,
      yamlText({
        zuul_execution_phase: phase,
        zuul_execution_phase_index: String(index),
        zuul_execution_trusted: pb.source.trusted ? 'True' : 'False', // Python's str(bool), as Zuul writes it
        zuul_execution_canonical_name_and_path: pb.label,
        zuul_execution_branch: pb.source.branch,
      }),
    );
    const run = await runPlaybook({
      command: this.options.ansiblePlaybook ?? 'ansible-playbook',
      args: ['-e', `@${join(dir.ansible, 'extra-vars.yaml')}`, '-e', `@${varsFile}`, pb.path],
      cwd: dir.work,
      env: ansibleEnv(dir, this.options.path ?? DEFAULT_PATH, pb.rolesPath),
      timeoutMs: timeoutMs === null ? null : Math.max(1, timeoutMs),
      signal: abortable ? ctx.signal : new AbortController().signal,
      onLine: (line) => out.line(line),
      killGraceMs: this.options.killGraceMs ?? 5000,
    });
    ctx.runs.push({ ...run, phase, playbook: pb.label });
    out.line(`${name} END RESULT_${resultWord(run.status, run.code)}: [${trust} : ${pb.label}]`);
  }
}

const PHASE_NAMES: Record<Phase, string> = { pre: 'PRE-RUN', run: 'RUN', post: 'POST-RUN', cleanup: 'CLEANUP' };

function resultWord(status: PlaybookStatus, code: number | null): string {
  if (status === 'timed_out') return 'TIMED_OUT';
  if (status === 'aborted') return 'ABORTED';
  if (code === 4) return 'UNREACHABLE';
  return `NORMAL (rc=${code ?? 'none'})`;
}

/** The artifacts a job returned with `zuul_return: {data: {zuul: {artifacts: [{name, url}]}}}`. */
async function readArtifacts(resultData: string): Promise<{ name: string; url: string }[]> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(resultData, 'utf8'));
  } catch {
    return [];
  }
  const list = (data as { zuul?: { artifacts?: unknown } })?.zuul?.artifacts;
  if (!Array.isArray(list)) return [];
  return list
    .filter((a): a is { name: string; url: string } => typeof a?.name === 'string' && typeof a?.url === 'string')
    .map((a) => ({ name: a.name, url: a.url }));
}
