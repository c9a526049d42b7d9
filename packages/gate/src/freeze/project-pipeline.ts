// Combines a project's stanzas and templates into its job list for one pipeline and branch.
import type { ConfigMap } from '../model/config-value.js';
import type { Job } from '../model/job.js';
import type { Layout } from '../model/layout.js';
import type { ProjectPipelineConfig } from '../model/project-pipeline.js';
import { matchesBranch } from './branch-match.js';
import { deepMerge } from './deep-merge.js';

/** A project's combined participation in a pipeline (Zuul's getProjectPipelineConfig result). */
export interface CombinedProjectPipeline {
  /** Whether any stanza or template lists the pipeline for this branch. */
  readonly participates: boolean;
  /** Job name → its project-pipeline variants, names in first-appearance order (templates before the project's). */
  readonly jobs: ReadonlyMap<string, readonly Job[]>;
  /** Template vars, then project vars over them. */
  readonly vars: ConfigMap;
  readonly debug: boolean;
  readonly failFast: boolean | null;
  readonly debugMessages: readonly string[];
}

/**
 * Walks the project's stanzas that match `branch`; for each, its templates' pipeline sections (those matching the
 * branch) and then its own, appending job variants by name. Variables: template vars, then the stanza's vars over them.
 */
export function combineProjectPipeline(
  layout: Layout,
  project: string,
  pipeline: string,
  branch: string,
): CombinedProjectPipeline {
  const jobs = new Map<string, Job[]>();
  const debugMessages: string[] = [];
  let vars: ConfigMap = {};
  let participates = false;
  let debug = false;
  let failFast: boolean | null = null;
  const add = (ppc: ProjectPipelineConfig) => {
    participates = true;
    debug ||= ppc.debug;
    failFast ??= ppc.failFast;
    for (const job of ppc.jobs) {
      const list = jobs.get(job.name) ?? [];
      if (!list.includes(job)) list.push(job);
      jobs.set(job.name, list);
    }
  };
  for (const pc of layout.projectConfigs.get(project) ?? []) {
    const label = `${pc.source.project}@${pc.source.branch} ${pc.pos.file}:${pc.pos.line}`;
    if (!matchesBranch(pc.branches, branch)) {
      debugMessages.push(`Project ${label} did not match`);
      continue;
    }
    debugMessages.push(`Project ${label} matched`);
    for (const name of pc.templates) {
      for (const template of layout.projectTemplates.get(name) ?? []) {
        const tppc = template.pipelines.find((p) => p.pipeline === pipeline);
        if (!tppc) continue;
        if (!matchesBranch(template.branches, branch)) {
          debugMessages.push(`Project template ${name} did not match`);
          continue;
        }
        debugMessages.push(`Project template ${name} matched`);
        add(tppc);
        vars = deepMerge(vars, template.vars);
      }
    }
    vars = deepMerge(vars, pc.vars);
    const own = pc.pipelines.find((p) => p.pipeline === pipeline);
    if (own) add(own);
  }
  return { participates, jobs, vars, debug, failFast, debugMessages };
}
