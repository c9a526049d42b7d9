// Turns the frozen jobs of an item into a DAG: forced hard dependencies, file-matcher removals, dependency checks.

import { findCycles } from '../config/find-cycles.js';
import type { ConfigError } from '../model/config-error.js';
import type { FrozenJob } from '../model/frozen-job.js';
import type { JobGraph } from '../model/job-graph.js';
import type { SourcePosition } from '../model/source-position.js';

/** A frozen job before the graph is settled: whether its file matchers matched, and where it was listed. */
export interface GraphCandidate {
  readonly job: FrozenJob;
  matchesChange: boolean;
  /** An error that applies only if the job ends up running (abstract, not allowed, post-review …). */
  readonly pendingError: string | null;
  readonly pos: SourcePosition;
  readonly origin: { readonly project: string; readonly branch: string };
}

const error = (c: GraphCandidate, message: string): ConfigError => ({
  ...c.pos,
  message,
  severity: 'error',
  ...c.origin,
});

/**
 * Settles the graph as Zuul's createJobGraph does: a hard dependency on a job that is not in the graph is an error
 * (a soft one is dropped); a job kept by its file matchers forces its hard dependencies (recursively) to run even if
 * theirs did not match; the remaining non-matching jobs are removed; cycles are errors; pending errors of the jobs that
 * still run are reported.
 */
export function settleJobGraph(candidates: readonly GraphCandidate[], errors: ConfigError[]): JobGraph {
  const byName = new Map(candidates.map((c) => [c.job.name, c]));
  for (const c of candidates) {
    for (const dep of c.job.dependencies) {
      if (!dep.soft && !byName.has(dep.name))
        errors.push(error(c, `job '${c.job.name}' depends on '${dep.name}', which does not run for this change`));
    }
  }
  const hardDeps = (name: string) =>
    (byName.get(name)?.job.dependencies ?? []).filter((d) => !d.soft && byName.has(d.name)).map((d) => d.name);
  for (const c of candidates) {
    if (!c.matchesChange) continue;
    const todo = hardDeps(c.job.name);
    const seen = new Set<string>();
    while (todo.length > 0) {
      const name = todo.pop()!;
      if (seen.has(name)) continue;
      seen.add(name);
      byName.get(name)!.matchesChange = true;
      todo.push(...hardDeps(name));
    }
  }
  const kept = candidates.filter((c) => c.matchesChange);
  const keptNames = new Set(kept.map((c) => c.job.name));
  const jobs = kept.map((c) => ({ ...c.job, dependencies: c.job.dependencies.filter((d) => keptNames.has(d.name)) }));
  const edges = new Map(jobs.map((j) => [j.name, j.dependencies.map((d) => d.name)]));
  for (const cycle of findCycles([...edges.keys()], (n) => edges.get(n) ?? [])) {
    errors.push(error(byName.get(cycle[0]!)!, `dependency cycle between jobs: ${cycle.join(' -> ')}`));
  }
  for (const c of kept) if (c.pendingError) errors.push(error(c, c.pendingError));
  const dependents: Record<string, string[]> = {};
  for (const j of jobs) {
    for (const d of j.dependencies) {
      dependents[d.name] ??= [];
      dependents[d.name]!.push(j.name);
    }
  }
  return { jobs, dependents };
}
