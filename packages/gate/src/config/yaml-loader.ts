// Reads a YAML file into YamlNodes with {file, line, column} everywhere, Zuul's tags kept, errors accumulated.
import {
  type CollectionTag,
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  type ScalarTag,
  type Tags,
} from 'yaml';
import type { ConfigError } from '../model/config-error.js';
import type { ConfigScalar } from '../model/config-value.js';
import type { SourcePosition } from '../model/source-position.js';
import type { YamlEntry, YamlNode } from './yaml-node.js';

/** The local tags Zuul's loader understands; any other local tag is an error, as with Zuul's SafeLoader. */
export const ZUUL_TAGS = ['!encrypted/pkcs1-oaep', '!inherit', '!override', '!unsafe'] as const;

// Declaring the tags keeps the yaml package from warning about them; their meaning is given by node-value.ts and
// the attribute parsers, which read the tag off the node.
const zuulTags: (ScalarTag | CollectionTag)[] = ZUUL_TAGS.flatMap((tag) => [
  { tag, resolve: (value: string) => value },
  { tag, collection: 'map' as const, resolve: (value: unknown) => value } as CollectionTag,
  { tag, collection: 'seq' as const, resolve: (value: unknown) => value } as CollectionTag,
]);

// PyYAML (Zuul's parser) implements YAML 1.1 booleans without the single letters y/n: `name: n` is a string there.
const PYYAML_TRUE = /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const PYYAML_FALSE = /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;

function customTags(tags: Tags): Tags {
  const adjusted = tags.map((t) => {
    if (typeof t !== 'object' || t.tag !== 'tag:yaml.org,2002:bool' || !('test' in t) || !t.test) return t;
    return { ...t, test: t.test.test('yes') ? PYYAML_TRUE : PYYAML_FALSE };
  });
  return [...adjusted, ...zuulTags];
}

// A guard against alias bombs ("billion laughs"): the logical size of the expanded document is bounded.
const MAX_EXPANDED_NODES = 2_000_000;

/** Where the file comes from, so that errors can name the repository. */
export interface YamlOrigin {
  readonly project?: string;
  readonly branch?: string;
}

/**
 * Parses `text` as one YAML document. YAML 1.1 rules apply, as with PyYAML in Zuul (merge keys, `yes`/`no`).
 * Syntax errors, duplicate keys, unknown tags and alias cycles are appended to `errors`; the result is null when the
 * document cannot be used at all.
 */
export function loadYaml(text: string, file: string, errors: ConfigError[], origin: YamlOrigin = {}): YamlNode | null {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, version: '1.1', customTags, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const report = (pos: SourcePosition, message: string) =>
    errors.push({ ...pos, message, severity: 'error', ...origin });
  for (const e of doc.errors) report(at(e.pos[0]), `YAML syntax error: ${firstLine(e.message)}`);
  if (doc.errors.length > 0) return null;
  if (doc.contents === null) return null;
  const converter = new Converter(doc, at, report);
  const root = converter.convert(doc.contents);
  return converter.failed ? null : root;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

class Converter {
  failed = false;
  private readonly done = new Map<Node, { node: YamlNode; size: number }>();
  private readonly active = new Set<Node>();

  constructor(
    private readonly doc: Document,
    private readonly at: (offset: number) => SourcePosition,
    private readonly report: (pos: SourcePosition, message: string) => void,
  ) {}

  convert(node: unknown): YamlNode {
    return this.visit(node).node;
  }

  private visit(raw: unknown): { node: YamlNode; size: number } {
    let node = raw as Node;
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target) {
        this.fail(this.posOf(node), `unknown YAML alias '*${node.source}'`);
        return { node: { kind: 'scalar', value: null, tag: null, pos: this.posOf(node) }, size: 1 };
      }
      node = target as Node;
    }
    const cached = this.done.get(node);
    if (cached) return cached;
    if (this.active.has(node)) {
      this.fail(this.posOf(node), 'YAML alias refers to a node containing it (recursive alias)');
      return { node: { kind: 'scalar', value: null, tag: null, pos: this.posOf(node) }, size: 1 };
    }
    this.active.add(node);
    const result = this.build(node);
    this.active.delete(node);
    if (result.size > MAX_EXPANDED_NODES) this.fail(result.node.pos, 'YAML document too large once aliases expand');
    this.done.set(node, result);
    return result;
  }

  private build(node: Node): { node: YamlNode; size: number } {
    const pos = this.posOf(node);
    const tag = this.localTag(node, pos);
    if (isMap(node)) {
      const own: YamlEntry[] = [];
      const merged: YamlEntry[] = [];
      let size = 1;
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const keyPos = keyNode ? this.posOf(keyNode) : pos;
        if (isScalar(keyNode) && typeof keyNode.value === 'symbol') {
          const m = this.visitMerge(pair.value, keyPos);
          size += m.size;
          for (const e of m.entries) if (!merged.some((x) => x.key === e.key)) merged.push(e);
          continue;
        }
        if (keyNode !== null && !isScalar(keyNode)) {
          this.fail(keyPos, 'mapping keys must be scalars (is a Jinja expression missing its quotes?)');
          continue;
        }
        const key = keyNode === null ? '' : scalarKey(keyNode.value);
        const value = pair.value === null ? { node: nullAt(keyPos), size: 1 } : this.visit(pair.value);
        size += value.size;
        own.push({ key, keyPos, value: value.node });
      }
      const entries = [...merged.filter((m) => !own.some((o) => o.key === m.key)), ...own];
      return { node: { kind: 'map', entries, tag, pos }, size };
    }
    if (isSeq(node)) {
      let size = 1;
      const items = node.items.map((item) => {
        const v = item === null ? { node: nullAt(pos), size: 1 } : this.visit(item);
        size += v.size;
        return v.node;
      });
      return { node: { kind: 'seq', items, tag, pos }, size };
    }
    if (isScalar(node)) return { node: { kind: 'scalar', value: scalarValue(node), tag, pos }, size: 1 };
    this.fail(pos, 'unsupported YAML node');
    return { node: nullAt(pos), size: 1 };
  }

  private visitMerge(value: unknown, keyPos: SourcePosition): { entries: YamlEntry[]; size: number } {
    const source = value === null ? null : this.visit(value);
    const sources = source?.node.kind === 'seq' ? source.node.items : source ? [source.node] : [];
    const entries: YamlEntry[] = [];
    for (const s of sources) {
      if (s.kind !== 'map') {
        this.fail(keyPos, 'a YAML merge key (<<) takes a mapping or a list of mappings');
        continue;
      }
      // Earlier sources win over later ones (http://yaml.org/type/merge.html).
      for (const e of s.entries) if (!entries.some((x) => x.key === e.key)) entries.push(e);
    }
    return { entries, size: source?.size ?? 0 };
  }

  private localTag(node: Node, pos: SourcePosition): string | null {
    const tag = node.tag;
    if (!tag || tag.startsWith('tag:yaml.org,2002:')) return null;
    if ((ZUUL_TAGS as readonly string[]).includes(tag)) return tag;
    this.fail(pos, `unknown YAML tag '${tag}'`);
    return null;
  }

  private posOf(node: Node): SourcePosition {
    return this.at(node.range?.[0] ?? 0);
  }

  private fail(pos: SourcePosition, message: string) {
    this.failed = true;
    this.report(pos, message);
  }
}

function nullAt(pos: SourcePosition): YamlNode {
  return { kind: 'scalar', value: null, tag: null, pos };
}

function scalarKey(value: unknown): string {
  return value === null ? 'null' : String(value);
}

function scalarValue(node: { value: unknown; source?: string }): ConfigScalar {
  const v = node.value;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  // Timestamps, binary and the like: keep what was written, as text.
  return node.source ?? String(v);
}
