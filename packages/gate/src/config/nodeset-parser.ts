// Parses a `nodeset` item, or an anonymous nodeset written inline in a job: nodes, groups or alternatives.

import type { Nodeset, NodesetGroup, NodesetNode } from '../model/nodeset.js';
import type { SourcePosition } from '../model/source-position.js';
import type { ConfigParser } from './config-parser.js';
import { subjectOf } from './config-parser.js';
import {
  anyOf,
  type DecodeContext,
  decodeFields,
  type Field,
  list,
  optional,
  record,
  required,
  str,
} from './decoders.js';
import { decodeContext, type ParseContext } from './parse-context.js';
import { regexMatches } from './regex.js';
import type { YamlMapNode, YamlNode } from './yaml-node.js';

const nodeSchema = record({ name: required(list(str, { single: true })), label: required(str) });
const groupSchema = record({ name: required(str), nodes: required(list(str, { single: true })) });
const realFields = {
  nodes: required(list(nodeSchema, { single: true })),
  groups: optional(list(groupSchema, { single: true })),
};
const altFields = { alternatives: required(list(anyOf(str, record(realFields)))) };

/** The schema of a named nodeset (nodes/groups or alternatives, not both). */
const schema = anyOf(record({ name: required(str), ...realFields }), record({ name: required(str), ...altFields }));

/**
 * Reads a nodeset. An anonymous one (inline in a job) has no `name`. Node and group names are checked as Zuul's
 * NodeSetParser does: unique, not `localhost`, groups naming existing nodes, labels allowed by the tenant.
 */
export function parseNodeset(
  node: YamlNode,
  ctx: ParseContext,
  at: SourcePosition,
  anonymous: boolean,
): Nodeset | undefined {
  const subject = anonymous ? 'nodeset' : subjectOf('nodeset', node);
  const dctx = decodeContext(ctx, subject);
  if (node.kind !== 'map') {
    ctx.reporter.error(node.pos, `${subject} must be a mapping`);
    return undefined;
  }
  const named: Record<string, Field<unknown>> = anonymous ? {} : { name: required(str) };
  if (node.entries.some((e) => e.key === 'alternatives')) {
    const conf = decodeFields(node, { ...named, ...altFields }, dctx);
    if (!conf) return undefined;
    const alternatives: (string | Nodeset)[] = [];
    const altNode = node.entries.find((e) => e.key === 'alternatives')!.value;
    const items = altNode.kind === 'seq' ? altNode.items : [];
    for (const [i, alt] of items.entries()) {
      if (alt.kind === 'scalar') alternatives.push(String(alt.value));
      else {
        if (alt.kind !== 'map') return undefined;
        const ns = readNodes(alt, null, ctx, { ...dctx, path: `alternatives[${i}]` }, alt.pos);
        if (!ns) return undefined;
        alternatives.push(ns);
      }
    }
    return { name: nameOf(conf), nodes: [], groups: [], alternatives, source: ctx.source, pos: at };
  }
  const conf = decodeFields(node, { ...named, ...realFields }, dctx);
  if (!conf) return undefined;
  return readNodes(node, nameOf(conf), ctx, dctx, at);
}

function nameOf(conf: object): string | null {
  return 'name' in conf && typeof conf.name === 'string' ? conf.name : null;
}

function readNodes(
  node: YamlMapNode,
  name: string | null,
  ctx: ParseContext,
  dctx: DecodeContext,
  at: SourcePosition,
): Nodeset | undefined {
  const conf = decodeFields(node, realFields, dctx, new Set(['name']));
  if (!conf) return undefined;
  const before = ctx.reporter.errorCount;
  const nodes: NodesetNode[] = [];
  const nodeNames = new Set<string>();
  const nodePos = itemPositions(node, 'nodes');
  for (const [i, n] of conf.nodes.entries()) {
    const pos = nodePos[i] ?? at;
    for (const nodeName of n.name) {
      if (nodeName === 'localhost') ctx.reporter.error(pos, `${dctx.subject}: nodes named 'localhost' are not allowed`);
      else if (nodeNames.has(nodeName)) ctx.reporter.error(pos, `${dctx.subject}: duplicate node name '${nodeName}'`);
      nodeNames.add(nodeName);
    }
    if (!labelAllowed(ctx, n.label)) {
      ctx.reporter.error(pos, `${dctx.subject}: label '${n.label}' is not allowed in this tenant`);
    }
    nodes.push({ name: n.name, label: n.label });
  }
  const groups: NodesetGroup[] = [];
  const groupPos = itemPositions(node, 'groups');
  for (const [i, g] of (conf.groups ?? []).entries()) {
    const pos = groupPos[i] ?? at;
    if (g.name === 'localhost') ctx.reporter.error(pos, `${dctx.subject}: groups named 'localhost' are not allowed`);
    if (groups.some((x) => x.name === g.name))
      ctx.reporter.error(pos, `${dctx.subject}: duplicate group name '${g.name}'`);
    for (const member of g.nodes) {
      if (!nodeNames.has(member)) {
        ctx.reporter.error(
          pos,
          `${dctx.subject}: group '${g.name}' names node '${member}', which is not in the nodeset`,
        );
      }
    }
    groups.push({ name: g.name, nodes: g.nodes });
  }
  if (ctx.reporter.errorCount > before) return undefined;
  return { name, nodes, groups, alternatives: [], source: ctx.source, pos: at };
}

/** The positions of the elements of a list attribute (a lone element counts as a one-element list). */
function itemPositions(node: YamlMapNode, key: string): SourcePosition[] {
  const value = node.entries.find((e) => e.key === key)?.value;
  if (!value) return [];
  return value.kind === 'seq' ? value.items.map((item) => item.pos) : [value.pos];
}

function labelAllowed(ctx: ParseContext, label: string): boolean {
  const tenant = ctx.tenant?.tenant;
  if (!tenant) return true;
  if (tenant.allowedLabels && !tenant.allowedLabels.some((m) => regexMatches(m, label))) return false;
  if (tenant.disallowedLabels?.some((m) => regexMatches(m, label))) return false;
  return true;
}

/** `- nodeset: {name, nodes, groups}` or `{name, alternatives}`. */
export const nodesetParser: ConfigParser<Nodeset> = {
  item: 'nodeset',
  schema,
  fromYaml: (node, ctx, at = node.pos) => parseNodeset(node, ctx, at, false),
};
