// Projects as Zuul's `/projects` (the tenant's projects) and `/project/{name}` (every stanza and template) show them.
import type { Layout } from '../../model/layout.js';
import type { ProjectConfig } from '../../model/project.js';
import type { ProjectPipelineConfig } from '../../model/project-pipeline.js';
import type { ProjectTemplate } from '../../model/project-template.js';
import type { TenantProject } from '../../model/tenant.js';
import { jobVariantView, sourceContextView } from './jobs.js';
import { plain } from './plain-values.js';

/** `<connection>/<name>`: nubo's canonical name (Zuul uses the connection's hostname; nubo's is its name). */
export function canonicalName(project: TenantProject): string {
  return `${project.connection}/${project.name}`;
}

/** The `/projects` entry. */
export function projectSummaryView(project: TenantProject): Record<string, unknown> {
  return {
    name: project.name,
    connection_name: project.connection,
    canonical_name: canonicalName(project),
    type: project.trusted ? 'config' : 'untrusted',
  };
}

/** The `/project/{name}` answer: the project with each stanza (and each template it uses) as one config. */
export function projectView(project: TenantProject, layout: Layout): Record<string, unknown> {
  const defaultParent = layout.tenant.defaultParent;
  const configs: Record<string, unknown>[] = [];
  for (const stanza of layout.projectConfigs.get(project.name) ?? []) {
    for (const templateName of stanza.templates) {
      for (const template of layout.projectTemplates.get(templateName) ?? []) {
        configs.push(configView(template, true, [], defaultParent, layout));
      }
    }
    configs.push(configView(stanza, false, [...stanza.templates], defaultParent, layout));
  }
  return { ...projectSummaryView(project), configs };
}

function configView(
  config: ProjectConfig | ProjectTemplate,
  isTemplate: boolean,
  templates: string[],
  defaultParent: string,
  layout: Layout,
): Record<string, unknown> {
  const meta = layout.projectMetadata.get(config.name);
  return {
    source_context: sourceContextView(config.source),
    is_template: isTemplate,
    templates,
    default_branch: 'defaultBranch' in config ? (config.defaultBranch ?? meta?.defaultBranch ?? 'master') : null,
    merge_mode: 'mergeMode' in config ? (config.mergeMode ?? meta?.mergeMode ?? null) : null,
    queue_name: config.queue,
    description: config.description,
    variables: plain(config.vars),
    pipelines: config.pipelines.map((p) => pipelineView(p, config.queue, defaultParent)),
  };
}

function pipelineView(p: ProjectPipelineConfig, queue: string | null, defaultParent: string): Record<string, unknown> {
  return {
    name: p.pipeline,
    queue_name: queue,
    // Zuul lists each job as the list of its variants; a project-pipeline entry is one variant.
    jobs: p.jobs.map((job) => [jobVariantView(job, defaultParent)]),
  };
}
