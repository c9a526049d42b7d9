// Zuul's Layout.collectJobs: the variants of a job and of its parents that apply to a branch, parents first.
import type { Job } from '../model/job.js';
import type { Layout } from '../model/layout.js';
import { matchesBranch } from './branch-match.js';

/** A job (or one of its parents) has no variant for the branch: the job does not run. */
export class NoMatchingVariant extends Error {
  constructor(readonly jobName: string) {
    super(`no variant of job '${jobName}' matches`);
  }
}

/** The inheritance chain loops (also reported by layout validation; freezing must not recurse forever). */
export class InheritanceCycle extends Error {
  constructor(readonly chain: readonly string[]) {
    super(`inheritance cycle: ${chain.join(' -> ')}`);
  }
}

/** `null` key: the job-wide override-checkout; other keys: per required project. */
export type OverrideCheckouts = ReadonlyMap<string | null, string>;

/** Adds a variant's override-checkout settings (Zuul's _updateOverrideCheckouts). */
export function withOverrideCheckouts(current: OverrideCheckouts, job: Job): OverrideCheckouts {
  const projects = job.requiredProjects?.value.filter((p) => p.overrideCheckout !== null) ?? [];
  if (!job.overrideCheckout && projects.length === 0) return current;
  const next = new Map(current);
  if (job.overrideCheckout) next.set(null, job.overrideCheckout);
  for (const p of projects) next.set(p.name, p.overrideCheckout!);
  return next;
}

/**
 * Collects, in application order, every variant of `name` matching `branch` with — before each variant — the
 * variants of the parent it names (recursively). The first variant without an explicit parent inherits from the
 * tenant's default-parent. When a job (or required project) sets override-checkout to a branch its defining
 * project has, that branch selects the variants instead. Throws NoMatchingVariant or InheritanceCycle.
 */
export function collectVariants(
  layout: Layout,
  name: string,
  branch: string,
  overrideCheckouts: OverrideCheckouts,
  debug: string[],
  path: string[] = [],
  jobs: Job[] = [],
  stack: readonly string[] = [],
): Job[] {
  path.push(name);
  let matched = false;
  let project: string | null = null;
  let overrideBranch: string | null = null;
  for (const variant of layout.jobs.get(name) ?? []) {
    if (project === null) {
      project = variant.source.project;
      const candidate = overrideCheckouts.get(project) ?? overrideCheckouts.get(null) ?? null;
      overrideBranch =
        candidate !== null && (layout.projectBranches.get(project) ?? []).includes(candidate) ? candidate : null;
    }
    if (!matchesBranch(variant.branches, overrideBranch ?? branch)) {
      debug.push(`${'  '.repeat(path.length)}Variant ${describeVariant(variant)} did not match`);
      continue;
    }
    debug.push(`${'  '.repeat(path.length)}Variant ${describeVariant(variant)} matched`);
    let parent: string | null = null;
    if (variant.parent !== null) {
      parent = variant.parent ?? (jobs.length === 0 ? layout.tenant.defaultParent : null);
    }
    const local = withOverrideCheckouts(overrideCheckouts, variant);
    if (parent !== null && !path.includes(parent)) {
      if (stack.includes(parent)) throw new InheritanceCycle([...stack, name, parent]);
      collectVariants(layout, parent, branch, local, debug, path, jobs, [...stack, name]);
    }
    matched = true;
    if (!jobs.includes(variant)) jobs.push(variant);
  }
  if (!matched) throw new NoMatchingVariant(name);
  return jobs;
}

/** `name (project@branch file:line:column)`, how variants are named in debug output and inheritance paths. */
export function describeVariant(job: Job): string {
  const { project, branch } = job.source;
  return `${job.name} (${project}@${branch} ${job.pos.file}:${job.pos.line}:${job.pos.column})`;
}
