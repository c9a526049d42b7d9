// Parses the pipeline sections of a project or project-template: `<pipeline>: {jobs, debug, fail-fast}`.
import type { Job } from '../model/job.js';
import type { ProjectPipelineConfig } from '../model/project-pipeline.js';
import { bool, decodeFields, optional } from './decoders.js';
import { parseJob } from './job-parser.js';
import { decodeContext, type ParseContext } from './parse-context.js';
import type { YamlMapNode, YamlNode } from './yaml-node.js';

const pipelineFields = { debug: optional(bool), 'fail-fast': optional(bool) };

/**
 * Reads every entry of `node` not in `attributes` as a project-pipeline. Each job list entry is a job name or
 * `name: {attributes}` — a job variant local to this project and pipeline.
 */
export function parseProjectPipelines(
  node: YamlMapNode,
  ctx: ParseContext,
  subject: string,
  attributes: ReadonlySet<string>,
): ProjectPipelineConfig[] | undefined {
  const before = ctx.reporter.errorCount;
  const pipelines: ProjectPipelineConfig[] = [];
  for (const entry of node.entries) {
    if (attributes.has(entry.key)) continue;
    const value = entry.value;
    if (value.kind !== 'map') {
      ctx.reporter.error(value.pos, `${subject}: pipeline '${entry.key}' must be a mapping with 'jobs'`);
      continue;
    }
    const dctx = { ...decodeContext(ctx, subject), path: entry.key };
    const conf = decodeFields(value, pipelineFields, dctx, new Set(['jobs']));
    const jobsNode = value.entries.find((e) => e.key === 'jobs')?.value;
    const jobs = jobsNode ? parseJobList(jobsNode, ctx, subject, entry.key) : [];
    if (!conf || !jobs) continue;
    pipelines.push({
      pipeline: entry.key,
      jobs,
      debug: conf.debug ?? false,
      failFast: conf['fail-fast'] ?? null,
      pos: entry.keyPos,
    });
  }
  return ctx.reporter.errorCount > before ? undefined : pipelines;
}

function parseJobList(node: YamlNode, ctx: ParseContext, subject: string, pipeline: string): Job[] | undefined {
  if (node.kind === 'scalar' && node.value === null) return [];
  if (node.kind !== 'seq') {
    ctx.reporter.error(node.pos, `${subject}: '${pipeline}.jobs' must be a list of job names or job variants`);
    return undefined;
  }
  const jobs: Job[] = [];
  let ok = true;
  for (const item of node.items) {
    if (item.kind === 'scalar' && typeof item.value === 'string') {
      jobs.push({
        name: item.value,
        source: ctx.source,
        pos: item.pos,
        inProjectPipeline: true,
        variantDescription: '',
        attributePositions: {},
      });
      continue;
    }
    if (item.kind !== 'map' || item.entries.length !== 1) {
      ctx.reporter.error(item.pos, `${subject}: '${pipeline}.jobs' entries must be a job name or 'name: {attributes}'`);
      ok = false;
      continue;
    }
    const [entry] = item.entries as [YamlMapNode['entries'][number]];
    const attrs: YamlNode =
      entry.value.kind === 'scalar' && entry.value.value === null
        ? { kind: 'map', entries: [], tag: null, pos: entry.keyPos }
        : entry.value;
    const job = parseJob(attrs, ctx, entry.keyPos, { inProjectPipeline: true, name: entry.key });
    if (job) jobs.push(job);
    else ok = false;
  }
  return ok ? jobs : undefined;
}
