// Parses a `project` item: a project's job lists per pipeline, templates, queue, merge mode and variables.
import type { MergeMode, ProjectConfig } from '../model/project.js';
import type { ConfigParser } from './config-parser.js';
import { decodeFields, list, oneOf, optional, record, str } from './decoders.js';
import { varsMap } from './node-value.js';
import { decodeContext, impliedBranch, impliedBranches, isKnownProject } from './parse-context.js';
import { parseProjectPipelines } from './project-pipeline-parser.js';
import { branchList } from './regex-decoder.js';

const MERGE_MODES: MergeMode[] = [
  'merge',
  'merge-resolve',
  'merge-recursive',
  'merge-ort',
  'cherry-pick',
  'squash-merge',
  'rebase',
];

const fields = {
  name: optional(str),
  description: optional(str),
  branches: optional(branchList),
  vars: optional(varsMap),
  templates: optional(list(str)),
  'merge-mode': optional(oneOf(...MERGE_MODES)),
  'default-branch': optional(str),
  queue: optional(str),
};

/** The attributes of a project; every other key names a pipeline. */
const schema = record(fields);

/**
 * `- project: {name, templates, queue, <pipeline>: {jobs}}`. Without a name it configures the project it is read
 * from. An untrusted project may only configure itself; a name starting with `^` is a regex over the tenant's
 * projects (config-projects only). A stanza in the project's own repo applies to its own branch (untrusted) or to
 * every branch (trusted); explicit `branches` win.
 */
export const projectParser: ConfigParser<ProjectConfig> = {
  item: 'project',
  schema,
  fromYaml(node, ctx, at = node.pos) {
    if (node.kind !== 'map') {
      ctx.reporter.error(node.pos, 'project must be a mapping');
      return undefined;
    }
    const nameEntry = node.entries.find((e) => e.key === 'name');
    const explicitName =
      nameEntry?.value.kind === 'scalar' && typeof nameEntry.value.value === 'string'
        ? nameEntry.value.value
        : undefined;
    const name = explicitName ?? ctx.source.project;
    const subject = `project '${name}'`;
    const before = ctx.reporter.errorCount;
    const attributes = new Set(Object.keys(fields));
    const pipelineKeys = new Set(node.entries.map((e) => e.key).filter((k) => !attributes.has(k)));
    const conf = decodeFields(node, fields, decodeContext(ctx, subject), pipelineKeys);
    const pipelines = parseProjectPipelines(node, ctx, subject, attributes);
    const namePos = nameEntry?.value.pos ?? at;
    const sameProject = name === ctx.source.project;
    if (name.startsWith('^')) {
      if (!ctx.source.trusted)
        ctx.reporter.error(namePos, `${subject}: only a config-project may configure other projects`);
    } else if (!isKnownProject(ctx, name)) {
      ctx.reporter.error(namePos, `${subject} is not a project of this tenant`);
    } else if (!sameProject && !ctx.source.trusted) {
      ctx.reporter.error(namePos, `${subject}: only a config-project may configure other projects`);
    }
    if (!conf || !pipelines || ctx.reporter.errorCount > before) return undefined;
    // Zuul's ProjectParser: the project's own stanza gets the current branch (untrusted) or none (trusted), pragmas
    // notwithstanding; a stanza configuring another project follows the implied-branch rules of jobs.
    let branches = sameProject
      ? ctx.source.trusted
        ? []
        : [impliedBranch(ctx.source.branch)]
      : (impliedBranches(ctx) ?? []);
    if (conf.branches) branches = conf.branches;
    return {
      name,
      description: conf.description ?? null,
      templates: [...new Set(conf.templates ?? [])],
      queue: conf.queue ?? null,
      defaultBranch: conf['default-branch'] ?? null,
      mergeMode: conf['merge-mode'] ?? null,
      vars: conf.vars ?? {},
      pipelines,
      branches,
      source: ctx.source,
      pos: at,
    };
  },
};
