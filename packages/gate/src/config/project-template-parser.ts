// Parses a `project-template` item: reusable project-pipeline definitions.
import type { ProjectTemplate } from '../model/project-template.js';
import type { ConfigParser } from './config-parser.js';
import { subjectOf } from './config-parser.js';
import { decodeFields, optional, record, required, str } from './decoders.js';
import { varsMap } from './node-value.js';
import { decodeContext, impliedBranches } from './parse-context.js';
import { parseProjectPipelines } from './project-pipeline-parser.js';

const fields = { name: required(str), description: optional(str), queue: optional(str), vars: optional(varsMap) };
const NOT_IN_TEMPLATES = new Set(['templates', 'merge-mode', 'default-branch', 'branches']);

/** The attributes of a template; every other key names a pipeline. */
const schema = record(fields);

/**
 * `- project-template: {name, queue, vars, <pipeline>: {jobs}}`. Templates honour implied branch pragmas, unlike
 * projects (Zuul's project-template documentation); they may not set project-only attributes.
 */
export const projectTemplateParser: ConfigParser<ProjectTemplate> = {
  item: 'project-template',
  schema,
  fromYaml(node, ctx, at = node.pos) {
    const subject = subjectOf('project-template', node);
    if (node.kind !== 'map') {
      ctx.reporter.error(node.pos, `${subject} must be a mapping`);
      return undefined;
    }
    const before = ctx.reporter.errorCount;
    for (const entry of node.entries) {
      if (NOT_IN_TEMPLATES.has(entry.key)) {
        ctx.reporter.error(entry.keyPos, `${subject}: '${entry.key}' may not appear in a project-template`);
      }
    }
    const attributes = new Set([...Object.keys(fields), ...NOT_IN_TEMPLATES]);
    const pipelineKeys = new Set(node.entries.map((e) => e.key).filter((k) => !attributes.has(k)));
    const conf = decodeFields(
      node,
      fields,
      decodeContext(ctx, subject),
      new Set([...pipelineKeys, ...NOT_IN_TEMPLATES]),
    );
    const pipelines = parseProjectPipelines(node, ctx, subject, attributes);
    if (!conf || !pipelines || ctx.reporter.errorCount > before) return undefined;
    return {
      name: conf.name,
      description: conf.description ?? null,
      queue: conf.queue ?? null,
      vars: conf.vars ?? {},
      pipelines,
      branches: impliedBranches(ctx) ?? [],
      source: ctx.source,
      pos: at,
    };
  },
};
