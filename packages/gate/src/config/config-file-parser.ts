// Parses one configuration file: a list of items, each dispatched to its parser; pragmas first.

import type { ParsedConfig } from '../model/parsed-config.js';
import type { SourceContext } from '../model/source-context.js';
import type { ConfigItemType } from '../model/tenant.js';
import { jobParser } from './job-parser.js';
import { nodesetParser } from './nodeset-parser.js';
import { newParseContext, type TenantView } from './parse-context.js';
import { pipelineParser } from './pipeline-parser.js';
import { pragmaParser } from './pragma-parser.js';
import { projectParser } from './project-parser.js';
import { projectTemplateParser } from './project-template-parser.js';
import { queueParser } from './queue-parser.js';
import type { Reporter } from './reporter.js';
import { secretParser } from './secret-parser.js';
import { semaphoreParser } from './semaphore-parser.js';
import { loadYaml } from './yaml-loader.js';
import type { YamlEntry } from './yaml-node.js';

// Items of Zuul's newer launcher (images, flavors, labels, sections, providers) that nubo does not read here.
const UNSUPPORTED_ITEMS = new Set(['image', 'flavor', 'label', 'section', 'provider']);

/**
 * Reads `text` (the file `source.path`) into `into`. Items whose type is not in `include` are skipped, as Zuul's
 * tenant include/exclude does; pipelines in an untrusted project are an error. Every problem goes to `reporter`.
 */
export function parseConfigFile(
  text: string,
  source: SourceContext,
  reporter: Reporter,
  tenant: TenantView | null,
  include: ReadonlySet<ConfigItemType>,
  into: ParsedConfig,
): void {
  const first = reporter.errors.length;
  try {
    parseItems(text, source, reporter, tenant, include, into);
  } finally {
    // Report a file's problems in reading order, whichever pass found them.
    const mine = reporter.errors.splice(first).sort((a, b) => a.line - b.line || a.column - b.column);
    reporter.errors.push(...mine);
  }
}

function parseItems(
  text: string,
  source: SourceContext,
  reporter: Reporter,
  tenant: TenantView | null,
  include: ReadonlySet<ConfigItemType>,
  into: ParsedConfig,
): void {
  const root = loadYaml(text, source.path, reporter.errors, { project: source.project, branch: source.branch });
  if (root === null) return;
  if (root.kind !== 'seq') {
    reporter.error(root.pos, 'a configuration file must be a list of items (- job: …, - project: …)');
    return;
  }
  const ctx = newParseContext(reporter, source, tenant);
  const items: YamlEntry[] = [];
  for (const item of root.items) {
    if (item.kind !== 'map' || item.entries.length !== 1) {
      reporter.error(item.pos, 'each configuration item must be a mapping with a single key naming its type');
      continue;
    }
    items.push({ ...item.entries[0]!, keyPos: item.pos });
  }
  // Zuul handles pragma items first, since they change how the other items of the file are read.
  for (const { key, value, keyPos } of items) if (key === 'pragma') pragmaParser.fromYaml(value, ctx, keyPos);
  for (const { key, value, keyPos: at } of items) {
    if (key === 'pragma') continue;
    if (UNSUPPORTED_ITEMS.has(key)) {
      reporter.warning(at, `configuration item '${key}' is not supported by nubo's gate and was ignored`);
      continue;
    }
    if (!isItemType(key)) {
      reporter.error(at, `unknown configuration item '${key}'`);
      continue;
    }
    if (!include.has(key)) continue;
    switch (key) {
      case 'pipeline':
        if (!source.trusted) {
          reporter.error(at, 'pipelines may only be defined in a config-project');
          break;
        }
        push(into.pipelines, pipelineParser.fromYaml(value, ctx, at));
        break;
      case 'job':
        push(into.jobs, jobParser.fromYaml(value, ctx, at));
        break;
      case 'nodeset':
        push(into.nodesets, nodesetParser.fromYaml(value, ctx, at));
        break;
      case 'secret':
        push(into.secrets, secretParser.fromYaml(value, ctx, at));
        break;
      case 'semaphore':
        push(into.semaphores, semaphoreParser.fromYaml(value, ctx, at));
        break;
      case 'queue':
        push(into.queues, queueParser.fromYaml(value, ctx, at));
        break;
      case 'project-template':
        push(into.projectTemplates, projectTemplateParser.fromYaml(value, ctx, at));
        break;
      case 'project':
        push(into.projects, projectParser.fromYaml(value, ctx, at));
        break;
    }
  }
}

function push<T>(list: T[], value: T | undefined) {
  if (value !== undefined) list.push(value);
}

const ITEM_TYPES = new Set([
  'pipeline',
  'job',
  'nodeset',
  'secret',
  'semaphore',
  'queue',
  'project-template',
  'project',
]);

function isItemType(key: string): key is ConfigItemType {
  return ITEM_TYPES.has(key);
}
