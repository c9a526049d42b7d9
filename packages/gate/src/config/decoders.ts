// The schema language of the parsers: small decoders from YamlNode to typed values that report, never throw.
import type { ConfigValue } from '../model/config-value.js';
import type { OverrideControl } from '../model/override-value.js';
import type { Reporter } from './reporter.js';
import { describeNode, type YamlMapNode, type YamlNode } from './yaml-node.js';

/** What a decoder needs to report: where, and which object and attribute it is reading. */
export interface DecodeContext {
  readonly reporter: Reporter;
  /** The object being read, for messages: `job 'tempest-full'`. */
  readonly subject: string;
  /** The attribute path inside it: `nodeset.nodes`. */
  readonly path: string;
}

/**
 * A schema for one value. `expected` reads as the end of "must be …"; `accepts` is a shape check used to pick a
 * branch of `anyOf`; `decode` returns the value or undefined after reporting why not.
 */
export interface Decoder<T> {
  readonly expected: string;
  accepts(node: YamlNode): boolean;
  decode(node: YamlNode, ctx: DecodeContext): T | undefined;
}

/** A record field: its decoder and whether it must be present. */
export interface Field<T, R extends boolean = boolean> {
  readonly decoder: Decoder<T>;
  readonly required: R;
}

type FieldValue<F> = F extends Field<infer T, boolean> ? T : never;
type RequiredKeys<F> = { [K in keyof F]: F[K] extends Field<unknown, true> ? K : never }[keyof F];
type OptionalKeys<F> = Exclude<keyof F, RequiredKeys<F>>;

/** The decoded shape of a record: required fields present, optional ones possibly absent. */
export type RecordValue<F> = { [K in RequiredKeys<F>]: FieldValue<F[K]> } & {
  [K in OptionalKeys<F>]?: FieldValue<F[K]>;
};

/** A required field. */
export function required<T>(decoder: Decoder<T>): Field<T, true> {
  return { decoder, required: true };
}

/** An optional field. */
export function optional<T>(decoder: Decoder<T>): Field<T, false> {
  return { decoder, required: false };
}

/** Reports "must be …" for a node of the wrong shape. */
export function mismatch(node: YamlNode, ctx: DecodeContext, expected: string): undefined {
  ctx.reporter.error(node.pos, `${ctx.subject}: '${ctx.path}' must be ${expected}, not ${describeNode(node)}`);
  return undefined;
}

function untagged(node: YamlNode, ctx: DecodeContext): boolean {
  if (node.tag === null) return true;
  ctx.reporter.error(node.pos, `${ctx.subject}: '${ctx.path}' does not accept the YAML tag '${node.tag}'`);
  return false;
}

function scalarDecoder<T>(expected: string, test: (v: unknown) => v is T): Decoder<T> {
  return {
    expected,
    accepts: (node) => node.kind === 'scalar' && test(node.value),
    decode(node, ctx) {
      if (!untagged(node, ctx)) return undefined;
      if (node.kind !== 'scalar' || !test(node.value)) return mismatch(node, ctx, expected);
      return node.value;
    },
  };
}

/** A string. */
export const str: Decoder<string> = scalarDecoder('a string', (v): v is string => typeof v === 'string');

/** A boolean. */
export const bool: Decoder<boolean> = scalarDecoder('a boolean', (v): v is boolean => typeof v === 'boolean');

/** An integer, optionally bounded below. */
export function int(min?: number): Decoder<number> {
  const base = scalarDecoder('an integer', (v): v is number => typeof v === 'number' && Number.isInteger(v));
  return {
    ...base,
    decode(node, ctx) {
      const v = base.decode(node, ctx);
      if (v === undefined || min === undefined || v >= min) return v;
      ctx.reporter.error(node.pos, `${ctx.subject}: '${ctx.path}' must be at least ${min}, not ${v}`);
      return undefined;
    },
  };
}

/** One of a fixed set of values (strings or booleans, as `workspace-checkout: auto`). */
export function oneOf<const T extends string | boolean>(...values: T[]): Decoder<T> {
  const expected = `one of ${values.join(', ')}`;
  return {
    expected,
    accepts: (node) => node.kind === 'scalar' && (values as unknown[]).includes(node.value),
    decode(node, ctx) {
      if (node.kind === 'scalar' && (values as unknown[]).includes(node.value)) {
        return untagged(node, ctx) ? (node.value as T) : undefined;
      }
      const shown = node.kind === 'scalar' ? `'${String(node.value)}'` : describeNode(node);
      ctx.reporter.error(node.pos, `${ctx.subject}: '${ctx.path}' must be ${expected}, not ${shown}`);
      return undefined;
    },
  };
}

/** Null, or what `inner` accepts. */
export function nullable<T>(inner: Decoder<T>): Decoder<T | null> {
  const isNull = (node: YamlNode) => node.kind === 'scalar' && node.value === null;
  return {
    expected: `${inner.expected} or null`,
    accepts: (node) => isNull(node) || inner.accepts(node),
    decode: (node, ctx) => (isNull(node) ? null : inner.decode(node, ctx)),
  };
}

/**
 * A list of `item`. With `single`, a lone item stands for a one-element list (Zuul's `to_list`), so that
 * `branches: master` and `branches: [master]` mean the same.
 */
export function list<T>(item: Decoder<T>, options: { single?: boolean } = {}): Decoder<T[]> {
  const expected = options.single ? `${item.expected} or a list of them` : `a list of ${item.expected}`;
  return {
    expected,
    accepts: (node) => node.kind === 'seq' || (options.single === true && item.accepts(node)),
    decode(node, ctx) {
      if (node.kind !== 'seq') {
        if (options.single && item.accepts(node)) {
          const v = item.decode(node, ctx);
          return v === undefined ? undefined : [v];
        }
        return mismatch(node, ctx, expected);
      }
      if (!untagged(node, ctx)) return undefined;
      const out: T[] = [];
      let ok = true;
      for (const child of node.items) {
        const v = item.decode(child, ctx);
        if (v === undefined) ok = false;
        else out.push(v);
      }
      return ok ? out : undefined;
    },
  };
}

/** The first decoder whose shape fits decides; nothing fitting is a "must be A or B" error. */
export function anyOf<A, B>(a: Decoder<A>, b: Decoder<B>): Decoder<A | B> {
  const expected = `${a.expected} or ${b.expected}`;
  return {
    expected,
    accepts: (node) => a.accepts(node) || b.accepts(node),
    decode(node, ctx) {
      if (a.accepts(node)) return a.decode(node, ctx);
      if (b.accepts(node)) return b.decode(node, ctx);
      return mismatch(node, ctx, expected);
    },
  };
}

/** Post-processes a decoded value; `map` may report and return undefined. */
export function refine<T, U>(inner: Decoder<T>, map: (value: T, node: YamlNode, ctx: DecodeContext) => U | undefined) {
  return {
    expected: inner.expected,
    accepts: inner.accepts,
    decode(node: YamlNode, ctx: DecodeContext): U | undefined {
      const v = inner.decode(node, ctx);
      return v === undefined ? undefined : map(v, node, ctx);
    },
  } satisfies Decoder<U>;
}

/**
 * A mapping with known attributes: unknown ones, missing required ones and bad values are all reported (not just
 * the first), and the record is rejected if any was.
 */
export function record<F extends Record<string, Field<unknown>>>(
  fields: F,
  expected = 'a mapping',
): Decoder<RecordValue<F>> {
  return {
    expected,
    accepts: (node) => node.kind === 'map',
    decode(node, ctx) {
      if (node.kind !== 'map') return mismatch(node, ctx, expected);
      if (!untagged(node, ctx)) return undefined;
      return decodeFields(node, fields, ctx);
    },
  };
}

/** The body of `record`, for parsers that read a mapping in several passes. */
export function decodeFields<F extends Record<string, Field<unknown>>>(
  node: YamlMapNode,
  fields: F,
  ctx: DecodeContext,
  ignore: ReadonlySet<string> = new Set(),
): RecordValue<F> | undefined {
  const before = ctx.reporter.errorCount;
  const out: Record<string, unknown> = {};
  const prefix = ctx.path === '' ? '' : `${ctx.path}.`;
  for (const entry of node.entries) {
    if (ignore.has(entry.key)) continue;
    const field = Object.hasOwn(fields, entry.key) ? fields[entry.key] : undefined;
    if (!field) {
      ctx.reporter.error(entry.keyPos, `${ctx.subject}: unknown attribute '${prefix}${entry.key}'`);
      continue;
    }
    const v = field.decoder.decode(entry.value, { ...ctx, path: `${prefix}${entry.key}` });
    if (v !== undefined) out[entry.key] = v;
  }
  for (const [key, field] of Object.entries(fields)) {
    if (field.required && !node.entries.some((e) => e.key === key)) {
      ctx.reporter.error(node.pos, `${ctx.subject}: missing required attribute '${prefix}${key}'`);
    }
  }
  return ctx.reporter.errorCount > before ? undefined : (out as RecordValue<F>);
}

/**
 * An attribute that supports override control: the node may carry `!override` or `!inherit`, which is stripped
 * before `inner` reads the value.
 */
export function overridable<T>(inner: Decoder<T>): Decoder<{ value: T; control: OverrideControl | null }> {
  return {
    expected: inner.expected,
    accepts: (node) => inner.accepts({ ...node, tag: null } as YamlNode),
    decode(node, ctx) {
      let control: OverrideControl | null = null;
      let bare = node;
      if (node.tag === '!override' || node.tag === '!inherit') {
        control = node.tag === '!override' ? 'override' : 'inherit';
        bare = { ...node, tag: null } as YamlNode;
      }
      const value = inner.decode(bare, ctx);
      return value === undefined ? undefined : { value, control };
    },
  };
}

/** Any data, kept as written (see node-value.ts for the tags). */
export function dataDecoder(toValue: (node: YamlNode, ctx: DecodeContext) => ConfigValue | undefined) {
  return {
    expected: 'any value',
    accepts: () => true,
    decode: toValue,
  } satisfies Decoder<ConfigValue>;
}
