// Parses the tenant configuration file: tenants, their sources, and per-project load options.
import type { SourcePosition } from '../model/source-position.js';
import { CONFIG_ITEM_TYPES, type ConfigItemType, type Tenant, type TenantProject } from '../model/tenant.js';
import type { ConfigParser } from './config-parser.js';
import { subjectOf } from './config-parser.js';
import {
  anyOf,
  bool,
  type DecodeContext,
  type Decoder,
  decodeFields,
  int,
  list,
  mismatch,
  nullable,
  oneOf,
  optional,
  record,
  required,
  str,
} from './decoders.js';
import { anyValue } from './node-value.js';
import type { ParseContext } from './parse-context.js';
import { regexList } from './regex-decoder.js';
import type { Reporter } from './reporter.js';
import { loadYaml } from './yaml-loader.js';
import type { YamlNode } from './yaml-node.js';

const itemTypes = list(oneOf(...CONFIG_ITEM_TYPES), { single: true });
const projectOptions = {
  include: optional(itemTypes),
  exclude: optional(itemTypes),
  shadow: optional(list(str, { single: true })),
  'load-branch': optional(str),
  'implied-branch-matchers': optional(bool),
  'extra-config-paths': optional(list(str, { single: true })),
  'include-branches': optional(regexList),
  'exclude-branches': optional(regexList),
  'exclude-unprotected-branches': optional(bool),
  'exclude-locked-branches': optional(bool),
  'always-dynamic-branches': optional(regexList),
  'configure-projects': optional(list(str, { single: true })),
};
const sourceFields = {
  'config-projects': optional(nullable(list(anyValueNode()))),
  'untrusted-projects': optional(nullable(list(anyValueNode()))),
};

const tenantFields = {
  name: required(str),
  source: required(mapNode('a mapping of connection names')),
  'default-parent': optional(str),
  'max-nodes-per-job': optional(int(-1)),
  'max-job-timeout': optional(int(-1)),
  'max-changes-per-pipeline': optional(int(0)),
  'max-dependencies': optional(int(0)),
  'allowed-triggers': optional(list(str, { single: true })),
  'allowed-reporters': optional(list(str, { single: true })),
  'allowed-labels': optional(regexList),
  'disallowed-labels': optional(regexList),
  'exclude-unprotected-branches': optional(bool),
  'exclude-locked-branches': optional(bool),
  'allow-circular-dependencies': optional(bool),
  'default-ansible-version': optional(anyOf(str, anyValue)),
  'access-rules': optional(list(str, { single: true })),
  'admin-rules': optional(list(str, { single: true })),
  semaphores: optional(list(str, { single: true })),
  'authentication-realm': optional(str),
  'report-build-page': optional(bool),
  'web-root': optional(str),
};

function mapNode(expected: string): Decoder<YamlNode> {
  return {
    expected,
    accepts: (node) => node.kind === 'map',
    decode: (node, ctx) => (node.kind === 'map' ? node : mismatch(node, ctx, expected)),
  };
}

function anyValueNode() {
  return { expected: 'a project', accepts: () => true, decode: (node: YamlNode) => node };
}

/**
 * Reads a tenant configuration file (`- tenant: {name, source: {<connection>: {config-projects, untrusted-projects}}}`)
 * into Tenants. Projects keep the order listed — config-projects first — which is the order their configuration
 * loads in. Other top-level items of Zuul's file (authorization rules, global semaphores, api-root) are ignored with a
 * warning.
 */
export function parseTenantFile(text: string, file: string, reporter: Reporter): Tenant[] {
  const root = loadYaml(text, file, reporter.errors);
  if (root === null) return [];
  if (root.kind !== 'seq') {
    reporter.error(root.pos, 'the tenant configuration must be a list of items (- tenant: …)');
    return [];
  }
  const tenants: Tenant[] = [];
  for (const item of root.items) {
    if (item.kind !== 'map' || item.entries.length !== 1) {
      reporter.error(item.pos, 'each tenant configuration item must be a mapping with a single key naming its type');
      continue;
    }
    const { key, value } = item.entries[0]!;
    if (key !== 'tenant') {
      reporter.warning(item.pos, `tenant configuration item '${key}' is not supported by nubo's gate and was ignored`);
      continue;
    }
    const tenant = parseTenant(value, reporter, item.pos);
    if (!tenant) continue;
    if (tenants.some((t) => t.name === tenant.name))
      reporter.error(item.pos, `tenant '${tenant.name}' is defined twice`);
    else tenants.push(tenant);
  }
  return tenants;
}

function parseTenant(node: YamlNode, reporter: Reporter, at: SourcePosition): Tenant | undefined {
  const subject = subjectOf('tenant', node);
  const ctx: DecodeContext = { reporter, subject, path: '' };
  if (node.kind !== 'map') {
    reporter.error(node.pos, `${subject} must be a mapping`);
    return undefined;
  }
  const before = reporter.errorCount;
  const conf = decodeFields(node, tenantFields, ctx);
  const sourceNode = node.entries.find((e) => e.key === 'source')?.value;
  const projects: TenantProject[] = [];
  if (sourceNode?.kind === 'map') {
    for (const { key: connection, value } of sourceNode.entries) {
      const sctx = { ...ctx, path: `source.${connection}` };
      const sconf = record(sourceFields).decode(value, sctx);
      if (!sconf) continue;
      for (const trusted of [true, false]) {
        const entries = (trusted ? sconf['config-projects'] : sconf['untrusted-projects']) ?? [];
        const include = new Set(CONFIG_ITEM_TYPES.filter((t) => trusted || t !== 'pipeline'));
        for (const entry of entries) readProjects(entry, { connection, trusted, include, ctx: sctx, into: projects });
      }
    }
  }
  const seen = new Set<string>();
  for (const p of projects) {
    if (seen.has(p.name)) reporter.error(p.pos, `${subject}: project '${p.name}' is listed twice`);
    seen.add(p.name);
  }
  if (!conf || reporter.errorCount > before) return undefined;
  return {
    name: conf.name,
    // Zuul loads all config-projects before the untrusted ones, whatever the source order.
    projects: [...projects.filter((p) => p.trusted), ...projects.filter((p) => !p.trusted)],
    defaultParent: conf['default-parent'] ?? 'base',
    maxNodesPerJob: conf['max-nodes-per-job'] ?? 5,
    maxJobTimeout: conf['max-job-timeout'] ?? 10800,
    allowedTriggers: conf['allowed-triggers'] ?? null,
    allowedReporters: conf['allowed-reporters'] ?? null,
    allowedLabels: conf['allowed-labels'] ?? null,
    disallowedLabels: conf['disallowed-labels'] ?? null,
    pos: at,
  };
}

interface ReadState {
  readonly connection: string;
  readonly trusted: boolean;
  readonly include: ReadonlySet<ConfigItemType>;
  readonly ctx: DecodeContext;
  readonly into: TenantProject[];
}

const DEFAULT_ROOTS = new Set(['zuul.yaml', 'zuul.d/', '.zuul.yaml', '.zuul.d/']);

// Zuul's TenantParser._getProjects: a name, `{name: {options}}`, or a group `{include, exclude, projects}`.
function readProjects(node: YamlNode, state: ReadState) {
  const { ctx } = state;
  if (node.kind === 'scalar' && typeof node.value === 'string') {
    state.into.push(tenantProject(node.value, state, state.include, {}, node.pos));
    return;
  }
  if (node.kind === 'map' && node.entries.some((e) => e.key === 'projects')) {
    const group = decodeFields(
      node,
      { include: optional(itemTypes), exclude: optional(itemTypes) },
      ctx,
      new Set(['projects']),
    );
    if (!group) return;
    let include = new Set(group.include ?? state.include);
    for (const x of group.exclude ?? []) include.delete(x);
    include = new Set(include);
    const members = node.entries.find((e) => e.key === 'projects')!.value;
    if (members.kind !== 'seq') {
      ctx.reporter.error(members.pos, `${ctx.subject}: a project group's 'projects' must be a list`);
      return;
    }
    for (const member of members.items) readProjects(member, { ...state, include });
    return;
  }
  if (node.kind === 'map' && node.entries.length === 1) {
    const { key: name, value, keyPos } = node.entries[0]!;
    const options =
      value.kind === 'scalar' && value.value === null
        ? {}
        : record(projectOptions).decode(value, { ...ctx, path: name });
    if (options) state.into.push(tenantProject(name, state, state.include, options, keyPos));
    return;
  }
  ctx.reporter.error(
    node.pos,
    `${ctx.subject}: a project must be a name, {name: {options}} or a group with 'projects'`,
  );
}

function tenantProject(
  name: string,
  state: ReadState,
  inherited: ReadonlySet<ConfigItemType>,
  options: { [K in keyof typeof projectOptions]?: unknown },
  pos: SourcePosition,
): TenantProject {
  const opts = options as {
    include?: ConfigItemType[];
    exclude?: ConfigItemType[];
    shadow?: string[];
    'load-branch'?: string;
    'implied-branch-matchers'?: boolean;
    'extra-config-paths'?: string[];
    'include-branches'?: TenantProject['includeBranches'];
    'exclude-branches'?: TenantProject['excludeBranches'];
  };
  const include = new Set(opts.include ?? inherited);
  for (const x of opts.exclude ?? []) include.delete(x);
  for (const p of opts['extra-config-paths'] ?? []) {
    if (DEFAULT_ROOTS.has(p)) {
      state.ctx.reporter.error(
        pos,
        `${state.ctx.subject}: extra-config-paths may not name the default configuration '${p}'`,
      );
    }
  }
  return {
    name,
    connection: state.connection,
    trusted: state.trusted,
    include,
    shadow: opts.shadow ?? [],
    loadBranch: opts['load-branch'] ?? null,
    impliedBranchMatchers: opts['implied-branch-matchers'] ?? null,
    extraConfigPaths: opts['extra-config-paths'] ?? [],
    includeBranches: opts['include-branches'] ?? null,
    excludeBranches: opts['exclude-branches'] ?? null,
    pos,
  };
}

/** The tenant parser in the shape of the other parsers (a tenant file item `- tenant: {…}`). */
export const tenantParser: ConfigParser<Tenant> = {
  item: 'tenant',
  schema: record(tenantFields),
  fromYaml: (node, ctx: ParseContext, at = node.pos) => parseTenant(node, ctx.reporter, at),
};
