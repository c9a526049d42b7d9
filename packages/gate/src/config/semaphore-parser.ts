// Parses a `semaphore` item (name, max).
import type { Semaphore } from '../model/semaphore.js';
import type { ConfigParser } from './config-parser.js';
import { subjectOf } from './config-parser.js';
import { int, optional, record, required, str } from './decoders.js';
import { decodeContext } from './parse-context.js';

const schema = record({ name: required(str), max: optional(int()) });

/** `- semaphore: {name, max}`; max defaults to 1 (Zuul's semaphore.max). */
export const semaphoreParser: ConfigParser<Semaphore> = {
  item: 'semaphore',
  schema,
  fromYaml(node, ctx, at = node.pos) {
    const conf = schema.decode(node, decodeContext(ctx, subjectOf('semaphore', node)));
    if (!conf) return undefined;
    return { name: conf.name, max: conf.max ?? 1, source: ctx.source, pos: at };
  },
};
