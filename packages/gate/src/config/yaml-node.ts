// The YAML tree the parsers read: mappings, sequences and scalars, each with its source position and tag.
import type { ConfigScalar } from '../model/config-value.js';
import type { SourcePosition } from '../model/source-position.js';

/** A scalar; `tag` is a local tag such as `!unsafe`, or null for plain YAML data. */
export interface YamlScalarNode {
  readonly kind: 'scalar';
  readonly value: ConfigScalar;
  readonly tag: string | null;
  readonly pos: SourcePosition;
}

/** One `key: value` of a mapping; `keyPos` points at the key, which is where attribute errors are reported. */
export interface YamlEntry {
  readonly key: string;
  readonly keyPos: SourcePosition;
  readonly value: YamlNode;
}

/** A mapping, entries in file order (merge keys `<<` already expanded, their entries first). */
export interface YamlMapNode {
  readonly kind: 'map';
  readonly entries: readonly YamlEntry[];
  readonly tag: string | null;
  readonly pos: SourcePosition;
}

/** A sequence. */
export interface YamlSeqNode {
  readonly kind: 'seq';
  readonly items: readonly YamlNode[];
  readonly tag: string | null;
  readonly pos: SourcePosition;
}

/** Any YAML node; aliases are resolved to the anchored node (sharing it, with the anchor's positions). */
export type YamlNode = YamlScalarNode | YamlMapNode | YamlSeqNode;

/** The entry for `key` in a mapping, if present. */
export function entryOf(map: YamlMapNode, key: string): YamlEntry | undefined {
  for (const entry of map.entries) if (entry.key === key) return entry;
  return undefined;
}

/** Describes a node's type for error messages ("a mapping", "a list", "a string" …). */
export function describeNode(node: YamlNode): string {
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  const v = node.value;
  if (v === null) return 'null';
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'boolean') return 'a boolean';
  return Number.isInteger(v) ? 'an integer' : 'a number';
}
