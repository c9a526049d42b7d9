// Jobs as Zuul's `/jobs` (one entry per job name with its variants) and `/job/{name}` (every variant) show them.
import type { BranchMatcher, RegexMatcher } from '../../model/change-matcher.js';
import type { ConfigMap } from '../../model/config-value.js';
import type { Job, Playbook } from '../../model/job.js';
import type { Nodeset } from '../../model/nodeset.js';
import type { SourceContext } from '../../model/source-context.js';
import { plain } from './plain-values.js';

/** The `/jobs` entry: name, description and tags of the reference definition, parent and branches of each variant. */
export function jobSummaryView(name: string, variants: readonly Job[]): Record<string, unknown> {
  const first = variants[0];
  return {
    name,
    description: first?.description ?? null,
    tags: first?.tags ? [...first.tags.value] : [],
    variants: variants.map((v) => ({
      parent: v.parent === undefined ? 'base' : v.parent,
      branches: (v.branches ?? []).map(branchText),
    })),
  };
}

/** One variant of a job, in the fields of Zuul's job dict that the dashboard's job page reads. */
export function jobVariantView(job: Job, defaultParent: string): Record<string, unknown> {
  return {
    name: job.name,
    source_context: sourceContextView(job.source),
    description: job.description ?? null,
    variant_description: job.variantDescription,
    parent: job.parent === undefined ? defaultParent : job.parent,
    abstract: job.abstract ?? false,
    final: job.final ?? false,
    protected: job.protected ?? false,
    intermediate: job.intermediate ?? false,
    voting: job.voting ?? true,
    timeout: job.timeout ?? null,
    post_timeout: job.postTimeout ?? null,
    attempts: job.attempts ?? 3,
    branches: (job.branches ?? []).filter((b) => !b.implied).map(branchText),
    implied_branches: (job.branches ?? []).filter((b) => b.implied).map(branchText),
    files: (job.files?.value ?? []).map(regexText),
    irrelevant_files: (job.irrelevantFiles?.value ?? []).map(regexText),
    tags: job.tags ? [...job.tags.value] : [],
    provides: job.provides ? [...job.provides.value] : [],
    requires: job.requires ? [...job.requires.value] : [],
    dependencies: (job.dependencies?.value ?? []).map((d) => ({ name: d.name, soft: d.soft })),
    semaphores: (job.semaphores ?? []).map((s) => ({ name: s.name, resources_first: s.resourcesFirst })),
    nodeset: job.nodeset === undefined ? null : nodesetView(job.nodeset),
    required_projects: (job.requiredProjects?.value ?? []).map((p) => ({
      project_name: p.name,
      override_branch: p.overrideBranch,
      override_checkout: p.overrideCheckout,
    })),
    variables: plainMap(job.vars?.value),
    extra_variables: plainMap(job.extraVars?.value),
    host_variables: plainMap(job.hostVars?.value),
    group_variables: plainMap(job.groupVars?.value),
    pre_run: (job.preRun ?? []).map((p) => playbookView(p, job.source)),
    run: (job.run ?? []).map((p) => playbookView(p, job.source)),
    post_run: (job.postRun ?? []).map((p) => playbookView(p, job.source)),
    cleanup_run: (job.cleanupRun ?? []).map((p) => playbookView(p, job.source)),
    roles: (job.roles ?? []).map((r) => ({
      project_canonical_name: r.project,
      target_name: r.name,
      implicit: r.implicit,
    })),
    post_review: job.postReview ?? false,
    match_on_config_updates: job.matchOnConfigUpdates ?? true,
    override_checkout: job.overrideCheckout ?? null,
    ansible_version: job.ansibleVersion ?? null,
    workspace_scheme: job.workspaceScheme ?? 'golang',
  };
}

/** Zuul's source_context: where the definition was read. */
export function sourceContextView(source: SourceContext): Record<string, unknown> {
  return { project: source.project, branch: source.branch, path: source.path };
}

function nodesetView(nodeset: string | Nodeset): Record<string, unknown> | string {
  if (typeof nodeset === 'string') return nodeset;
  return {
    name: nodeset.name,
    nodes: nodeset.nodes.map((n) => ({ name: n.name.length === 1 ? n.name[0] : [...n.name], label: n.label })),
    groups: nodeset.groups.map((g) => ({ name: g.name, nodes: [...g.nodes] })),
    alternatives: nodeset.alternatives.map(nodesetView),
  };
}

function playbookView(p: Playbook, source: SourceContext): Record<string, unknown> {
  const common = { source_context: sourceContextView(source), semaphores: [...p.semaphores], cleanup: p.cleanup };
  return p.kind === 'playbook' ? { path: p.body, ...common } : { script: p.body, ...common };
}

function branchText(b: BranchMatcher | RegexMatcher): string {
  return b.negate ? `!${b.regex}` : b.regex;
}

function regexText(r: RegexMatcher): string {
  return r.negate ? `!${r.regex}` : r.regex;
}

function plainMap(map: ConfigMap | undefined): Record<string, unknown> {
  return map ? (plain(map) as Record<string, unknown>) : {};
}
