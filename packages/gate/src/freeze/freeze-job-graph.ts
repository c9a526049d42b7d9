// Freezes the job graph of one item: project + templates job lists, variants, file matchers, dependencies.
import type { ConfigError } from '../model/config-error.js';
import type { FrozenJob } from '../model/frozen-job.js';
import type { Job } from '../model/job.js';
import type { FreezeResult } from '../model/job-graph.js';
import type { Layout } from '../model/layout.js';
import { applyVariant } from './apply-variant.js';
import { matchesBranch } from './branch-match.js';
import {
  collectVariants,
  InheritanceCycle,
  NoMatchingVariant,
  type OverrideCheckouts,
  withOverrideCheckouts,
} from './collect-variants.js';
import { deepMerge } from './deep-merge.js';
import { type GraphCandidate, settleJobGraph } from './dependency-graph.js';
import { matchesFiles } from './file-match.js';
import { emptyDraft, FreezeError, toFrozenJob } from './job-draft.js';
import { combineProjectPipeline } from './project-pipeline.js';

/** What to freeze: an item of `project` on `branch` in `pipeline`, changing `files`. */
export interface FreezeRequest {
  readonly project: string;
  readonly pipeline: string;
  readonly branch: string;
  /** The files the item changes; undefined for a ref without a file list (file matchers then let every job run). */
  readonly files?: readonly string[];
  /**
   * The layout without this change, for match-on-config-updates: a job whose frozen configuration differs there (or
   * is new) ignores its file matchers. Without it, a job ignores them when the change touches a file defining one
   * of its variants or its project-pipeline entry — the configuration files themselves count as relevant.
   */
  readonly previousLayout?: Layout;
  readonly skipFileMatchers?: boolean;
}

/**
 * Freezes the job graph (Zuul's Layout.createJobGraph). Errors that make the item unrunnable — an abstract job, a
 * final job changed by a variant, a hard dependency on a job that does not run, a cycle — are returned, each at the
 * definition responsible, never thrown.
 */
export function freezeJobGraph(layout: Layout, request: FreezeRequest): FreezeResult {
  const { project, branch } = request;
  const errors: ConfigError[] = [];
  const debug: string[] = [];
  const combined = combineProjectPipeline(layout, project, request.pipeline, branch);
  debug.push(...combined.debugMessages);
  const pipeline = layout.pipelines.get(request.pipeline);
  const candidates: GraphCandidate[] = [];
  let previous: FreezeResult | null | undefined;

  for (const [name, entries] of combined.jobs) {
    debug.push(`Freezing job ${name}`);
    let overrides: OverrideCheckouts = new Map();
    for (const e of entries) if (matchesBranch(e.branches, branch)) overrides = withOverrideCheckouts(overrides, e);
    let variants: Job[];
    try {
      variants = collectVariants(layout, name, branch, overrides, debug);
    } catch (e) {
      if (e instanceof NoMatchingVariant) {
        debug.push(`  No matching variants for ${name} (missing: ${e.jobName})`);
        continue;
      }
      if (e instanceof InheritanceCycle) {
        const first = entries[0]!;
        errors.push({
          ...first.pos,
          message: `job '${name}' has an ${e.message}`,
          severity: 'error',
          project: first.source.project,
          branch: first.source.branch,
        });
        continue;
      }
      throw e;
    }
    const draft = emptyDraft(variants[0]!.name);
    let matched = false;
    try {
      for (const v of variants) applyVariant(draft, v, layout);
      draft.name = name;
      // Project and template vars sit under the job's own; project-pipeline variants may override them again.
      draft.vars = deepMerge(combined.vars, draft.vars);
      for (const e of entries) {
        if (!matchesBranch(e.branches, branch)) continue;
        applyVariant(draft, e, layout);
        // A config-project attaching a job overrules allowed-projects (Zuul's ignore_allowed_projects).
        if (e.source.trusted) draft.ignoreAllowedProjects = true;
        matched = true;
      }
    } catch (e) {
      if (!(e instanceof FreezeError)) throw e;
      errors.push({ ...e.pos, message: e.message, severity: 'error', ...e.origin });
      continue;
    }
    if (!matched) {
      debug.push(`  No matching pipeline variants for ${name}`);
      continue;
    }
    const job = toFrozenJob(draft);
    let matchesChange = true;
    if (!request.skipFileMatchers && !matchesFiles(request.files, draft.files, draft.irrelevantFiles)) {
      const updated = draft.matchOnConfigUpdates && updatesJobConfig(job, [...variants, ...entries]);
      if (updated) debug.push(`  The configuration of job ${name} is changed; ignoring file matchers`);
      else {
        debug.push(`  Job ${name} did not match files`);
        matchesChange = false;
      }
    }
    const first = entries[0]!;
    candidates.push({
      job,
      matchesChange,
      pendingError: pendingError(
        job,
        draft.abstract,
        draft.ignoreAllowedProjects,
        project,
        pipeline?.postReview ?? false,
        request.pipeline,
      ),
      pos: first.pos,
      origin: { project: first.source.project, branch: first.source.branch },
    });
  }
  const graph = settleJobGraph(candidates, errors);
  return { participates: combined.participates, graph, errors, failFast: combined.failFast ?? false, debug };

  function updatesJobConfig(job: FrozenJob, definitions: readonly Job[]): boolean {
    if (request.previousLayout) {
      previous ??= freezeJobGraph(request.previousLayout, {
        ...request,
        previousLayout: undefined,
        skipFileMatchers: true,
      });
      // A broken earlier configuration tells nothing about which jobs changed: keep the file matchers (as Zuul).
      if (previous.errors.length > 0) return false;
      const old = previous.graph.jobs.find((j) => j.name === job.name);
      return !old || configHash(old) !== configHash(job);
    }
    const touched = new Set(request.files ?? []);
    return definitions.some(
      (d) => d.source.project === project && d.source.branch === branch && touched.has(d.source.path),
    );
  }
}

// Zuul's getConfigHash ignores file matchers and descriptions; nubo also ignores where definitions sit in their file.
function configHash(job: FrozenJob): string {
  const { files: _f, irrelevantFiles: _i, description: _d, inheritancePath: _p, ...rest } = job;
  return JSON.stringify(rest);
}

function pendingError(
  job: FrozenJob,
  abstract: boolean,
  ignoreAllowed: boolean,
  project: string,
  postReviewPipeline: boolean,
  pipeline: string,
): string | null {
  if (abstract) return `job '${job.name}' is abstract and may not be directly run`;
  if (!ignoreAllowed && job.allowedProjects && !job.allowedProjects.includes(project)) {
    return `project '${project}' is not allowed to run job '${job.name}'`;
  }
  if (job.postReview && !postReviewPipeline)
    return `pre-review pipeline '${pipeline}' does not allow post-review job '${job.name}'`;
  if (job.run.length === 0) return `job '${job.name}' does not specify a run playbook`;
  return null;
}
