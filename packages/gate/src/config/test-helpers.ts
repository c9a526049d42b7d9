// Helpers for the parser tests: dedented YAML literals, one item parsed with a given parser, errors as text.
import { formatConfigError } from '../model/config-error.js';
import type { SourceContext } from '../model/source-context.js';
import type { ConfigParser } from './config-parser.js';
import { newParseContext, type TenantView } from './parse-context.js';
import { Reporter } from './reporter.js';
import { loadYaml } from './yaml-loader.js';

/** Strips the common indentation of a template literal and its first newline, so YAML can be written inline. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/** A source context for tests: project `org/project` on master, in `zuul.yaml`. */
export function testSource(overrides: Partial<SourceContext> = {}): SourceContext {
  return {
    connection: 'gerrit',
    project: 'org/project',
    branch: 'master',
    path: 'zuul.yaml',
    trusted: true,
    ...overrides,
  };
}

/** The result of parsing one item: the model object (or undefined) and every error formatted. */
export interface ParsedItem<T> {
  readonly value: T | undefined;
  readonly errors: string[];
}

/**
 * Parses the first item of `text` (a one-item configuration file such as `- job: {…}`) with `parser`, as
 * parseConfigFile would, and returns the object with the formatted errors.
 */
export function parseItem<T>(
  parser: ConfigParser<T>,
  text: string,
  source: Partial<SourceContext> = {},
  tenant: TenantView | null = null,
): ParsedItem<T> {
  const reporter = new Reporter([]);
  const ctx = newParseContext(reporter, testSource(source), tenant);
  const root = loadYaml(text, ctx.source.path, reporter.errors);
  let value: T | undefined;
  if (root?.kind === 'seq' && root.items[0]?.kind === 'map') {
    const item = root.items[0];
    value = parser.fromYaml(item.entries[0]!.value, ctx, item.pos);
  }
  return { value, errors: reporter.errors.map(formatConfigError) };
}

/**
 * A tenant view for parser tests: the named projects (all untrusted unless listed in `trusted`) with their branches,
 * and the tenant's limits.
 */
export function testTenantView(
  projects: Record<string, readonly string[]>,
  options: { trusted?: readonly string[]; maxJobTimeout?: number; maxNodesPerJob?: number } = {},
): TenantView {
  const pos = { file: 'main.yaml', line: 1, column: 1 };
  const tenantProjects = Object.keys(projects).map((name) => ({
    name,
    connection: 'gerrit',
    trusted: options.trusted?.includes(name) ?? false,
    include: new Set<never>(),
    shadow: [],
    loadBranch: null,
    impliedBranchMatchers: null,
    extraConfigPaths: [],
    includeBranches: null,
    excludeBranches: null,
    pos,
  }));
  return {
    tenant: {
      name: 'test',
      projects: tenantProjects,
      defaultParent: 'base',
      maxNodesPerJob: options.maxNodesPerJob ?? 5,
      maxJobTimeout: options.maxJobTimeout ?? 10800,
      allowedTriggers: null,
      allowedReporters: null,
      allowedLabels: null,
      disallowedLabels: null,
      pos,
    },
    projects: new Map(tenantProjects.map((p) => [p.name, p])),
    projectBranches: new Map(Object.entries(projects)),
    connections: null,
  };
}
