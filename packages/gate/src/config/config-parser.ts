// The shape every per-type parser shares: a schema and `fromYaml`, as Zuul's SemaphoreParser and friends.
import type { SourcePosition } from '../model/source-position.js';
import type { Decoder } from './decoders.js';
import type { ParseContext } from './parse-context.js';
import type { YamlNode } from './yaml-node.js';

/**
 * A parser for one configuration item type. `schema` describes (and checks) the mapping; `fromYaml` builds the model
 * object, reporting every problem to `ctx.reporter` and returning undefined when the object is unusable. `at` is the
 * position of the item (`- job:`), used for the object and for whole-object errors.
 */
export interface ConfigParser<T> {
  readonly item: string;
  readonly schema: Decoder<unknown>;
  fromYaml(node: YamlNode, ctx: ParseContext, at?: SourcePosition): T | undefined;
}

/** The `name` of an item if it is a plain string, for naming the object in messages before it is validated. */
export function peekName(node: YamlNode): string | undefined {
  if (node.kind !== 'map') return undefined;
  const entry = node.entries.find((e) => e.key === 'name');
  return entry?.value.kind === 'scalar' && typeof entry.value.value === 'string' ? entry.value.value : undefined;
}

/** `job 'x'`, or just `job` while the name is unknown. */
export function subjectOf(item: string, node: YamlNode): string {
  const name = peekName(node);
  return name === undefined ? item : `${item} '${name}'`;
}
