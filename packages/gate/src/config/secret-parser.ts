// Parses a `secret` item: a name and data whose `!encrypted/pkcs1-oaep` values stay encrypted.
import type { Secret } from '../model/secret.js';
import type { ConfigParser } from './config-parser.js';
import { subjectOf } from './config-parser.js';
import { record, required, str } from './decoders.js';
import { dataMap } from './node-value.js';
import { decodeContext } from './parse-context.js';

const schema = record({ name: required(str), data: required(dataMap) });

/** `- secret: {name, data}`. */
export const secretParser: ConfigParser<Secret> = {
  item: 'secret',
  schema,
  fromYaml(node, ctx, at = node.pos) {
    const conf = schema.decode(node, decodeContext(ctx, subjectOf('secret', node)));
    if (!conf) return undefined;
    return { name: conf.name, data: conf.data, source: ctx.source, pos: at };
  },
};
