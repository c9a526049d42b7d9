// Assembles a tenant's parsed objects into a Layout, rejecting duplicates the way Zuul's Layout.add* methods do.
import type { Job } from '../model/job.js';
import type { Layout } from '../model/layout.js';
import type { ParsedConfig } from '../model/parsed-config.js';
import type { Pipeline } from '../model/pipeline.js';
import type { MergeMode, ProjectConfig, ProjectMetadata } from '../model/project.js';
import type { ProjectTemplate } from '../model/project-template.js';
import type { SourceContext } from '../model/source-context.js';
import type { SourcePosition } from '../model/source-position.js';
import type { Tenant } from '../model/tenant.js';
import type { TenantView } from './parse-context.js';
import { regexMatches } from './regex.js';
import type { Reporter } from './reporter.js';
import { validateLayout } from './validate-layout.js';

/** Zuul's built-in job that always succeeds without a node. */
export const NOOP_JOB: Job = {
  name: 'noop',
  source: { connection: '', project: '', branch: '', path: '<builtin>', trusted: true },
  pos: { file: '<builtin>', line: 1, column: 1 },
  inProjectPipeline: false,
  parent: null,
  description: 'A job that will always succeed, no operation.',
  variantDescription: '',
  deduplicate: true,
  run: [
    {
      kind: 'playbook',
      body: 'noop.yaml',
      semaphores: [],
      cleanup: false,
      pos: { file: '<builtin>', line: 1, column: 1 },
    },
  ],
  attributePositions: {},
};

interface Named {
  readonly name: string | null;
  readonly source: SourceContext;
  readonly pos: SourcePosition;
}

/**
 * Builds the layout from `parsed` (in load order) and validates cross-references. Duplicate pipelines are errors;
 * a nodeset, secret, semaphore or queue may be repeated only identically on another branch of the same project; a job
 * may have variants only within one project (unless a later project `shadow`s it, then its definitions are skipped);
 * a project-template's stanzas likewise. Project stanzas named by regex apply to every matching tenant project.
 */
export function buildLayout(tenant: Tenant, parsed: ParsedConfig, view: TenantView, reporter: Reporter): Layout {
  const at = (obj: { source: SourceContext }) =>
    reporter.forOrigin({ project: obj.source.project, branch: obj.source.branch });
  const pipelines = new Map<string, Pipeline>();
  for (const p of parsed.pipelines) {
    const prior = pipelines.get(p.name);
    if (prior) at(p).error(p.pos, `pipeline '${p.name}' is already defined at ${where(prior)}`);
    else pipelines.set(p.name, p);
  }
  const nodesets = addIdentical('nodeset', parsed.nodesets, at);
  const secrets = addIdentical('secret', parsed.secrets, at);
  const semaphores = addIdentical('semaphore', parsed.semaphores, at);
  const queues = addIdentical('queue', parsed.queues, at);

  const jobs = new Map<string, Job[]>([['noop', [NOOP_JOB]]]);
  for (const job of parsed.jobs) {
    const variants = jobs.get(job.name);
    if (!variants) {
      jobs.set(job.name, [job]);
      continue;
    }
    const prior = variants[0]!;
    if (prior.source.project === job.source.project) variants.push(job);
    else if (view.projects.get(job.source.project)?.shadow.includes(prior.source.project)) continue;
    else
      at(job).error(
        job.pos,
        `job '${job.name}' is already defined in project '${prior.source.project}' (${where(prior)})`,
      );
  }

  const projectTemplates = new Map<string, ProjectTemplate[]>();
  for (const t of parsed.projectTemplates) {
    const list = projectTemplates.get(t.name);
    if (!list) projectTemplates.set(t.name, [t]);
    else if (list[0]!.source.project !== t.source.project) {
      at(t).error(t.pos, `project-template '${t.name}' is already defined in project '${list[0]!.source.project}'`);
    } else list.push(t);
  }

  const projectConfigs = new Map<string, ProjectConfig[]>();
  const metadata = new Map<
    string,
    { mergeMode: MergeMode | null; defaultBranch: string | null; queueName: string | null }
  >();
  const addProjectConfig = (pc: ProjectConfig) => {
    const list = projectConfigs.get(pc.name) ?? [];
    list.push(pc);
    projectConfigs.set(pc.name, list);
    const md = metadata.get(pc.name) ?? { mergeMode: null, defaultBranch: null, queueName: null };
    // Zuul's Layout.addProjectConfig: the first value seen wins, whichever stanza it comes from.
    md.mergeMode ??= pc.mergeMode;
    md.defaultBranch ??= pc.defaultBranch;
    md.queueName ??= pc.queue;
    metadata.set(pc.name, md);
  };
  const regexStanzas = parsed.projects.filter((p) => p.name.startsWith('^'));
  for (const pc of regexStanzas) {
    for (const project of tenant.projects) {
      if (regexMatches({ regex: pc.name, negate: false }, project.name))
        addProjectConfig({ ...pc, name: project.name });
    }
  }
  for (const pc of parsed.projects) if (!pc.name.startsWith('^')) addProjectConfig(pc);

  const projectMetadata = new Map<string, ProjectMetadata>();
  for (const [name, md] of metadata) {
    projectMetadata.set(name, {
      mergeMode: md.mergeMode,
      defaultBranch: md.defaultBranch ?? 'master',
      queueName: md.queueName,
    });
  }

  const layout: Layout = {
    tenant,
    pipelines,
    jobs,
    nodesets,
    secrets,
    semaphores,
    queues,
    projectTemplates,
    projectConfigs,
    projectMetadata,
    projectBranches: view.projectBranches,
    errors: reporter.errors,
  };
  validateLayout(layout, reporter);
  return layout;
}

/** `zuul.yaml:3:3 in project@branch`, to point at the earlier definition. */
export function where(obj: { source: SourceContext; pos: SourcePosition }): string {
  return `${obj.source.project}@${obj.source.branch} ${obj.pos.file}:${obj.pos.line}:${obj.pos.column}`;
}

// Zuul's Layout._addIdenticalObject.
function addIdentical<T extends Named>(type: string, objects: readonly T[], at: (obj: T) => Reporter): Map<string, T> {
  const out = new Map<string, T>();
  for (const obj of objects) {
    const name = obj.name ?? '';
    const other = out.get(name);
    if (!other) {
      out.set(name, obj);
      continue;
    }
    if (other.source.project !== obj.source.project) {
      at(obj).error(obj.pos, `${type} '${name}' is already defined in project '${other.source.project}'`);
    } else if (other.source.branch === obj.source.branch) {
      at(obj).error(obj.pos, `${type} '${name}' is already defined at ${where(other)}`);
    } else if (!sameDefinition(other, obj)) {
      at(obj).error(obj.pos, `${type} '${name}' does not match its definition on branch '${other.source.branch}'`);
    }
  }
  return out;
}

/** Whether two objects define the same thing, wherever they were written. */
export function sameDefinition(a: unknown, b: unknown): boolean {
  const strip = (key: string, value: unknown) => (key === 'source' || key === 'pos' ? undefined : value);
  return JSON.stringify(a, strip) === JSON.stringify(b, strip);
}
