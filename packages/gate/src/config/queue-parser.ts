// Parses a `queue` item (name, per-branch, allow-circular-dependencies, dependencies-by-topic).
import type { Queue } from '../model/queue.js';
import type { ConfigParser } from './config-parser.js';
import { subjectOf } from './config-parser.js';
import { bool, optional, record, required, str } from './decoders.js';
import { decodeContext } from './parse-context.js';

const schema = record({
  name: required(str),
  'per-branch': optional(bool),
  'allow-circular-dependencies': optional(bool),
  'dependencies-by-topic': optional(bool),
});

/** `- queue: {…}`; every flag defaults to false. */
export const queueParser: ConfigParser<Queue> = {
  item: 'queue',
  schema,
  fromYaml(node, ctx, at = node.pos) {
    const subject = subjectOf('queue', node);
    const conf = schema.decode(node, decodeContext(ctx, subject));
    if (!conf) return undefined;
    const queue: Queue = {
      name: conf.name,
      perBranch: conf['per-branch'] ?? false,
      allowCircularDependencies: conf['allow-circular-dependencies'] ?? false,
      dependenciesByTopic: conf['dependencies-by-topic'] ?? false,
      source: ctx.source,
      pos: at,
    };
    // Zuul's QueueParser: topic dependencies are circular dependencies, so they need the other flag.
    if (queue.dependenciesByTopic && !queue.allowCircularDependencies) {
      ctx.reporter.error(at, `${subject}: 'dependencies-by-topic' requires 'allow-circular-dependencies'`);
      return undefined;
    }
    return queue;
  },
};
