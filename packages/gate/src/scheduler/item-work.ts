// The work of one queue item: its speculative merge, its (possibly speculative) layout and frozen job graph, and
// its builds through the executor — dependencies, attempts, semaphores. Finished work for an item that was reset
// meanwhile (its generation moved on) is dropped.
import { randomUUID } from 'node:crypto';
import { CONFIG_ROOTS } from '../config/config-files.js';
import { errorsCausedBy, loadLayout } from '../config/load-layout.js';
import type { TenantRepos } from '../config/load-tenant-config.js';
import type { BuildOutcome, BuildRequest, BuildResult } from '../executor/executor.js';
import { type FreezeRequest, freezeJobGraph } from '../freeze/freeze-job-graph.js';
import type { BuildState, QueueItem } from '../manager/queue-item.js';
import { type RepoStateMap, repoKey } from '../merger/merger.js';
import type { FreezeResult } from '../model/job-graph.js';
import type { Layout } from '../model/layout.js';
import type { Pipeline } from '../model/pipeline.js';
import type { SchedulerDeps } from './scheduler-deps.js';

export interface ItemWorkContext {
  readonly tenant: string;
  readonly deps: SchedulerDeps;
  layout(): Layout;
  baseRepos(): TenantRepos;
  /** Jobs holding each semaphore now. */
  readonly semaphores: Map<string, number>;
  wake(): void;
}

/** Starts the item's merge onto the state of the item ahead (which must be merged already). */
export function startMerge(ctx: ItemWorkContext, item: QueueItem, stacked: boolean): void {
  const ahead = stacked && item.ahead?.merge.kind === 'merged' ? item.ahead.merge.state : null;
  const generation = item.generation;
  item.merge = { kind: 'pending' };
  const mode = ctx.layout().projectMetadata.get(item.change.project)?.mergeMode ?? 'merge';
  ctx.deps.merger
    .merge(ahead, { ...item.change, mode })
    .then(
      (outcome) => {
        if (item.generation !== generation) return;
        item.merge = outcome.ok
          ? { kind: 'merged', state: outcome.state, baseTree: outcome.baseTree, files: outcome.files }
          : { kind: 'conflict', message: outcome.conflict };
      },
      (err: Error) => {
        if (item.generation !== generation) return;
        ctx.deps.log.error({ err, change: item.change.number }, 'merger failed');
        item.merge = { kind: 'conflict', message: `the merger failed: ${err.message}` };
      },
    )
    .finally(() => ctx.wake());
}

const configPrefixes = (extra: readonly string[]) => [
  ...CONFIG_ROOTS.map((r) => (r.endsWith('.yaml') ? r : `${r}/`)),
  ...extra,
];

function touchesConfig(files: readonly string[], extra: readonly string[]): boolean {
  const prefixes = configPrefixes(extra);
  return files.some((f) => prefixes.some((p) => (p.endsWith('/') ? f.startsWith(p) : f === p)));
}

/**
 * After the merge: the layout the item runs with (its own speculative one when it or an item ahead edits the
 * configuration of an untrusted project), its config errors (with file and line), and its frozen job graph; the
 * state gets the branch tips of the jobs' required projects.
 */
export async function prepareItem(ctx: ItemWorkContext, item: QueueItem, pipeline: Pipeline): Promise<void> {
  if (item.merge.kind !== 'merged') return;
  const generation = item.generation;
  const base = ctx.layout();
  const tenantProject = base.tenant.projects.find((p) => p.name === item.change.project);
  let layout = base;
  const chain: QueueItem[] = [];
  for (let i: QueueItem | null = item; i; i = i.ahead) chain.push(i);
  const editing = chain.filter((i) => {
    const tp = base.tenant.projects.find((p) => p.name === i.change.project);
    return tp && i.merge.kind === 'merged' && touchesConfig(i.merge.files, tp.extraConfigPaths);
  });
  if (editing.length > 0) {
    const repos = await speculativeRepos(ctx, item.merge.state, editing);
    const speculative = loadLayout(base.tenant, repos, { connections: [ctx.deps.connectionName] });
    if (item.generation !== generation) return;
    if (editing.includes(item)) {
      item.configErrors = errorsCausedBy(base.errors, speculative.errors, {
        project: item.change.project,
        branch: item.change.branch,
        paths: item.merge.files,
      }).filter((e) => e.severity === 'error');
    }
    // Only untrusted configuration runs speculatively; a config-project's change is validated, applied on merge.
    if (editing.every((i) => !base.tenant.projects.find((p) => p.name === i.change.project)?.trusted)) {
      layout = speculative;
    }
  }
  item.layout = layout;
  if (item.configErrors.length > 0 || !tenantProject) return;
  const frozen = frozenGraph(layout, {
    project: item.change.project,
    branch: item.change.branch,
    pipeline: pipeline.name,
    files: item.merge.files,
    ...(layout !== base ? { previousLayout: base } : {}),
  });
  if (frozen.errors.length > 0) {
    item.configErrors = frozen.errors;
    return;
  }
  let state: RepoStateMap = item.merge.state;
  for (const job of frozen.graph.jobs)
    for (const rp of job.requiredProjects) {
      state = await ctx.deps.merger.withProject(state, rp.name, rp.overrideBranch ?? item.change.branch);
    }
  if (item.generation !== generation) return;
  item.merge = { ...item.merge, state };
  item.failFast = frozen.failFast;
  item.graph = frozen.graph;
  item.builds = new Map(
    frozen.graph.jobs.map((job) => [
      job.name,
      {
        job,
        uuid: null,
        result: null,
        tries: 0,
        startTime: null,
        endTime: null,
        error: null,
        waiting: null,
        abort: null,
      },
    ]),
  );
}

const FREEZE_CACHE_SIZE = 2000;
const freezeCache = new WeakMap<Layout, Map<string, FreezeResult>>();

/**
 * freezeJobGraph, remembered per layout for the same project, branch, pipeline and changed files: a frozen graph
 * depends on nothing else, and re-freezing the same thing for every recheck and every gate reset is the
 * scheduler's largest cost. Speculative layouts are new objects, so they never share an entry.
 */
function frozenGraph(layout: Layout, request: FreezeRequest): FreezeResult {
  if (request.previousLayout) return freezeJobGraph(layout, request);
  const cache = freezeCache.get(layout) ?? new Map<string, FreezeResult>();
  freezeCache.set(layout, cache);
  const key = `${request.pipeline}\u0000${request.project}\u0000${request.branch}\u0000${(request.files ?? []).join('\u0000')}`;
  let result = cache.get(key);
  if (!result) {
    result = freezeJobGraph(layout, request);
    if (cache.size >= FREEZE_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(key, result);
  }
  return result;
}

/** The tenant's repositories with the configuration files of the merged commits in place of the branches'. */
async function speculativeRepos(ctx: ItemWorkContext, state: RepoStateMap, editing: readonly QueueItem[]) {
  const repos: Record<string, TenantRepos[string]> = { ...ctx.baseRepos() };
  for (const i of editing) {
    const { project, branch } = i.change;
    const commit = state.get(repoKey(project, branch));
    const tp = ctx.layout().tenant.projects.find((p) => p.name === project);
    if (!commit || !tp) continue;
    const files = await ctx.deps.merger.readFiles(project, commit.commit, configPrefixes(tp.extraConfigPaths));
    const repo = repos[project] ?? { branches: {} };
    repos[project] = { ...repo, branches: { ...repo.branches, [branch]: files } };
  }
  return repos;
}

/** Launches every job whose dependencies are done and whose semaphores are free; skips those whose failed. */
export function launchJobs(ctx: ItemWorkContext, item: QueueItem, pipeline: Pipeline): void {
  if (item.merge.kind !== 'merged') return;
  for (const build of item.builds.values()) {
    if (build.result !== null || build.abort !== null) continue;
    const deps = build.job.dependencies.map((d) => item.builds.get(d.name)).filter((b) => b !== undefined);
    if (deps.some((b) => b.result !== null && b.result !== 'SUCCESS')) {
      finishBuild(ctx, item, build, 'SKIPPED', 'a job it depends on did not succeed');
      continue;
    }
    if (deps.some((b) => b.result === null)) {
      build.waiting = 'dependencies';
      continue;
    }
    if (item.failFast && item.isFailing()) {
      finishBuild(ctx, item, build, 'SKIPPED', 'fail-fast: another job failed');
      continue;
    }
    if (build.job.name === 'noop') {
      finishBuild(ctx, item, build, 'SUCCESS', null);
      continue;
    }
    const full = build.job.semaphores.find(
      (s) => (ctx.semaphores.get(s.name) ?? 0) >= (item.layout?.semaphores.get(s.name)?.max ?? 1),
    );
    if (full) {
      build.waiting = `semaphore ${full.name}`;
      continue;
    }
    for (const s of build.job.semaphores) ctx.semaphores.set(s.name, (ctx.semaphores.get(s.name) ?? 0) + 1);
    runBuild(ctx, item, build, pipeline);
  }
}

function finishBuild(
  ctx: ItemWorkContext,
  item: QueueItem,
  build: BuildState,
  result: BuildResult,
  error: string | null,
) {
  const now = new Date();
  build.result = result;
  build.error = error;
  build.waiting = null;
  build.startTime ??= now;
  build.endTime = now;
  const uuid = randomUUID();
  build.uuid = uuid;
  // Zuul records skipped (and noop) jobs as builds of the buildset too.
  const { recorder } = ctx.deps;
  void recorder
    .buildStarted({
      uuid,
      buildsetUuid: item.buildsetUuid,
      jobName: build.job.name,
      voting: build.job.voting,
      nodes: [],
      startTime: now,
    })
    .then(() =>
      recorder.buildFinished(uuid, { result, endTime: now, error, logUrl: null, artifacts: [], retried: false }),
    )
    .catch((err: Error) => ctx.deps.log.warn({ err }, 'recording a build failed'));
}

function runBuild(ctx: ItemWorkContext, item: QueueItem, build: BuildState, pipeline: Pipeline): void {
  const generation = item.generation;
  const uuid = randomUUID();
  const abort = new AbortController();
  build.uuid = uuid;
  build.abort = abort;
  build.tries += 1;
  build.waiting = null;
  build.startTime = new Date();
  const request = buildRequest(ctx, item, build, pipeline, uuid);
  void ctx.deps.recorder
    .buildStarted({
      uuid,
      buildsetUuid: item.buildsetUuid,
      jobName: build.job.name,
      voting: build.job.voting,
      nodes: [],
      startTime: build.startTime,
    })
    .catch((err: Error) => ctx.deps.log.warn({ err }, 'recording a build start failed'));
  ctx.deps.executor
    .execute(request, abort.signal)
    .catch(
      (err: Error): BuildOutcome => ({
        result: 'ERROR',
        retryable: false,
        startTime: build.startTime ?? new Date(),
        endTime: new Date(),
        error: err.message,
        nodes: [],
        artifacts: [],
      }),
    )
    .then((outcome) => buildDone(ctx, item, build, uuid, generation, outcome))
    .finally(() => ctx.wake());
}

function buildDone(
  ctx: ItemWorkContext,
  item: QueueItem,
  build: BuildState,
  uuid: string,
  generation: number,
  outcome: BuildOutcome,
): void {
  for (const s of build.job.semaphores) ctx.semaphores.set(s.name, Math.max(0, (ctx.semaphores.get(s.name) ?? 1) - 1));
  const stale = item.generation !== generation || build.uuid !== uuid;
  const retry = !stale && outcome.retryable && outcome.result !== 'SUCCESS' && build.tries < build.job.attempts;
  let result: BuildResult = stale ? 'ABORTED' : outcome.result;
  if (!stale && outcome.retryable && outcome.result !== 'SUCCESS' && !retry) result = 'RETRY_LIMIT';
  void ctx.deps.recorder
    .buildFinished(uuid, {
      result,
      endTime: outcome.endTime,
      error: outcome.error,
      logUrl: (ctx.deps.logUrl ?? ctx.deps.buildUrl)(ctx.tenant, uuid),
      artifacts: outcome.artifacts,
      retried: retry,
    })
    .catch((err: Error) => ctx.deps.log.warn({ err }, 'recording a build result failed'));
  if (stale) return;
  build.abort = null;
  if (retry) {
    build.uuid = null;
    return;
  }
  build.result = result;
  build.error = outcome.error;
  build.endTime = outcome.endTime;
  if (item.failFast && item.isFailing()) {
    for (const other of item.builds.values()) other.abort?.abort();
  }
}

function buildRequest(
  ctx: ItemWorkContext,
  item: QueueItem,
  build: BuildState,
  pipeline: Pipeline,
  uuid: string,
): BuildRequest {
  const state = item.merge.kind === 'merged' ? item.merge.state : new Map();
  const { change } = item;
  const chain: QueueItem[] = [];
  for (let i: QueueItem | null = item; i; i = i.ahead) chain.unshift(i);
  const repos = [...state.values()].map((r) => ({
    project: r.project,
    branch: r.branch,
    path: r.path,
    commit: r.commit,
  }));
  const zuulVars = {
    build: uuid,
    buildset: item.buildsetUuid,
    tenant: ctx.tenant,
    pipeline: pipeline.name,
    job: build.job.name,
    voting: build.job.voting,
    attempts: build.tries,
    project: { name: change.project, short_name: change.project.split('/').pop(), canonical_name: change.project },
    branch: change.branch,
    change: String(change.number),
    patchset: String(change.patchset),
    ref: change.ref,
    change_url: change.url,
    message: Buffer.from(change.message).toString('base64'),
    items: chain.map((i) => ({
      project: { name: i.change.project },
      branch: i.change.branch,
      change: String(i.change.number),
      patchset: String(i.change.patchset),
      change_url: i.change.url,
    })),
    projects: Object.fromEntries(
      repos.map((r) => [r.project, { name: r.project, checkout: r.branch, commit: r.commit, required: true }]),
    ),
  };
  return {
    uuid,
    tenant: ctx.tenant,
    pipeline: pipeline.name,
    job: build.job,
    item: {
      project: change.project,
      branch: change.branch,
      change: change.number,
      patchset: change.patchset,
      ref: change.ref,
      message: change.message,
    },
    repos,
    zuulVars,
    logDir: ctx.deps.logDir(ctx.tenant, uuid),
  };
}
