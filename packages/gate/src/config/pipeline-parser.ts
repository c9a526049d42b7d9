// Parses a `pipeline` item: manager, triggers, requirements, reporters, messages and window settings.
import type { ConfigMap, ConfigValue } from '../model/config-value.js';
import type {
  Pipeline,
  PipelineReporter,
  PipelineRequirement,
  PipelineTrigger,
  ReporterAction,
} from '../model/pipeline.js';
import type { ConfigParser } from './config-parser.js';
import { subjectOf } from './config-parser.js';
import {
  bool,
  type DecodeContext,
  type Decoder,
  int,
  list,
  nullable,
  oneOf,
  optional,
  record,
  required,
  str,
} from './decoders.js';
import { anyValue, dataMap } from './node-value.js';
import { decodeContext, type ParseContext } from './parse-context.js';
import type { YamlMapNode, YamlNode } from './yaml-node.js';

const REPORTER_ACTIONS: ReporterAction[] = [
  'enqueue',
  'start',
  'success',
  'failure',
  'merge-conflict',
  'config-error',
  'no-jobs',
  'disabled',
  'dequeue',
];

/** A mapping from connection name to a driver-specific value; drivers (not this layer) give it meaning. */
function byConnection<T>(value: Decoder<T>): Decoder<{ connection: string; value: T; pos: YamlNode['pos'] }[]> {
  return {
    expected: 'a mapping of connection names',
    accepts: (node) => node.kind === 'map',
    decode(node, ctx) {
      if (node.kind !== 'map') {
        ctx.reporter.error(node.pos, `${ctx.subject}: '${ctx.path}' must be a mapping of connection names`);
        return undefined;
      }
      const out: { connection: string; value: T; pos: YamlNode['pos'] }[] = [];
      let ok = true;
      for (const entry of node.entries) {
        const v = value.decode(entry.value, { ...ctx, path: `${ctx.path}.${entry.key}` });
        if (v === undefined) ok = false;
        else out.push({ connection: entry.key, value: v, pos: entry.keyPos });
      }
      return ok ? out : undefined;
    },
  };
}

const emptyMapOr = (inner: Decoder<ConfigMap>): Decoder<ConfigMap> => ({
  ...inner,
  decode: (node, ctx) => (node.kind === 'scalar' && node.value === null ? {} : inner.decode(node, ctx)),
});

const windowType = oneOf('linear', 'exponential');
const fields = {
  name: required(str),
  manager: required(oneOf('independent', 'dependent', 'serial', 'supercedent')),
  description: optional(str),
  precedence: optional(oneOf('high', 'normal', 'low')),
  'post-review': optional(bool),
  'allow-other-connections': optional(bool),
  supercedes: optional(list(str, { single: true })),
  'dequeue-on-new-patchset': optional(bool),
  'ignore-dependencies': optional(bool),
  'disable-after-consecutive-failures': optional(int(1)),
  'success-message': optional(str),
  'failure-message': optional(str),
  'start-message': optional(str),
  'merge-conflict-message': optional(str),
  'enqueue-message': optional(str),
  'no-jobs-message': optional(str),
  'dequeue-message': optional(str),
  'footer-message': optional(str),
  window: optional(int(0)),
  'window-floor': optional(int(1)),
  'window-ceiling': optional(nullable(int(1))),
  'window-increase-type': optional(windowType),
  'window-increase-factor': optional(int(1)),
  'window-decrease-type': optional(windowType),
  'window-decrease-factor': optional(int(1)),
  trigger: required(byConnection(list(dataMap, { single: true }))),
  require: optional(byConnection(emptyMapOr(dataMap))),
  reject: optional(byConnection(emptyMapOr(dataMap))),
  ...Object.fromEntries(REPORTER_ACTIONS.map((a) => [a, optional(byConnection(anyValue))])),
} as const;

const schema = record(fields);

// Zuul's PipelineParser defaults (the code's, where the documentation words them differently).
const MERGE_CONFLICT_MESSAGE =
  'Merge Failed.\n\nThis change or one of its cross-repo dependencies was unable to be automatically merged with ' +
  'the current state of its repository. Please rebase the change and upload a new patchset.';

/**
 * `- pipeline: {…}`, only in config-projects. Window defaults are Zuul's: 20, floor 3, no ceiling, +1 linear
 * increase, ÷2 exponential decrease. Trigger, require, reject and reporter bodies are kept as data keyed by connection;
 * connection names are checked against the tenant's allowed-triggers/allowed-reporters and the known connections.
 */
export const pipelineParser: ConfigParser<Pipeline> = {
  item: 'pipeline',
  schema,
  fromYaml(node, ctx, at = node.pos) {
    const subject = subjectOf('pipeline', node);
    const dctx = decodeContext(ctx, subject);
    const conf = schema.decode(node, dctx);
    if (!conf || node.kind !== 'map') return undefined;
    const before = ctx.reporter.errorCount;
    const floor = conf['window-floor'] ?? 3;
    const ceiling = conf['window-ceiling'] ?? null;
    if (ceiling !== null && ceiling < floor) {
      ctx.reporter.error(
        at,
        `${subject}: 'window-ceiling' (${ceiling}) may not be less than 'window-floor' (${floor})`,
      );
    }
    const triggers: PipelineTrigger[] = conf.trigger.map((t) => ({
      connection: t.connection,
      filters: t.value,
      pos: t.pos,
    }));
    const requirement = (list: { connection: string; value: ConfigMap; pos: YamlNode['pos'] }[] | undefined) =>
      (list ?? []).map((r): PipelineRequirement => ({ connection: r.connection, conditions: r.value, pos: r.pos }));
    const reporters = {} as Record<ReporterAction, PipelineReporter[]>;
    const reporterConf = conf as unknown as Record<
      string,
      { connection: string; value: ConfigValue; pos: YamlNode['pos'] }[] | undefined
    >;
    for (const action of REPORTER_ACTIONS) {
      reporters[action] = (reporterConf[action] ?? []).map((r) => ({
        action,
        connection: r.connection,
        params: r.value,
        pos: r.pos,
      }));
    }
    checkConnections(ctx, dctx, node, triggers, reporters);
    // Zuul: without explicit merge-conflict or config-error reporters, the failure reporters are used.
    for (const action of ['merge-conflict', 'config-error'] as const) {
      if (reporters[action].length === 0) reporters[action] = reporters.failure.map((r) => ({ ...r, action }));
    }
    if (ctx.reporter.errorCount > before) return undefined;
    return {
      name: conf.name,
      manager: conf.manager,
      description: conf.description ?? null,
      precedence: conf.precedence ?? 'normal',
      postReview: conf['post-review'] ?? false,
      supercedes: conf.supercedes ?? [],
      dequeueOnNewPatchset: conf['dequeue-on-new-patchset'] ?? true,
      ignoreDependencies: conf['ignore-dependencies'] ?? false,
      allowOtherConnections: conf['allow-other-connections'] ?? true,
      disableAfterConsecutiveFailures: conf['disable-after-consecutive-failures'] ?? null,
      triggers,
      require: requirement(conf.require),
      reject: requirement(conf.reject),
      reporters,
      messages: {
        success: conf['success-message'] ?? 'Build succeeded.',
        failure: conf['failure-message'] ?? 'Build failed.',
        mergeConflict: conf['merge-conflict-message'] ?? MERGE_CONFLICT_MESSAGE,
        start: conf['start-message'] ?? 'Starting {pipeline.name} jobs.',
        enqueue: conf['enqueue-message'] ?? '',
        noJobs: conf['no-jobs-message'] ?? '',
        dequeue: conf['dequeue-message'] ?? 'Build canceled.',
        footer: conf['footer-message'] ?? '',
      },
      window: {
        window: conf.window ?? 20,
        floor,
        ceiling,
        increaseType: conf['window-increase-type'] ?? 'linear',
        increaseFactor: conf['window-increase-factor'] ?? 1,
        decreaseType: conf['window-decrease-type'] ?? 'exponential',
        decreaseFactor: conf['window-decrease-factor'] ?? 2,
      },
      source: ctx.source,
      pos: at,
    };
  },
};

function checkConnections(
  ctx: ParseContext,
  dctx: DecodeContext,
  node: YamlMapNode,
  triggers: PipelineTrigger[],
  reporters: Record<ReporterAction, PipelineReporter[]>,
) {
  const known = ctx.tenant?.connections ?? null;
  const tenant = ctx.tenant?.tenant;
  const check = (
    connection: string,
    pos: YamlNode['pos'],
    allowed: readonly string[] | null | undefined,
    role: string,
  ) => {
    if (known && !known.has(connection)) ctx.reporter.error(pos, `${dctx.subject}: unknown connection '${connection}'`);
    else if (allowed && !allowed.includes(connection)) {
      ctx.reporter.error(pos, `${dctx.subject}: connection '${connection}' is not an allowed ${role} in this tenant`);
    }
  };
  for (const t of triggers) check(t.connection, t.pos, tenant?.allowedTriggers, 'trigger');
  if (triggers.length === 0) {
    const pos = node.entries.find((e) => e.key === 'trigger')?.keyPos ?? node.pos;
    ctx.reporter.error(pos, `${dctx.subject}: 'trigger' needs at least one connection`);
  }
  for (const list of Object.values(reporters)) {
    for (const r of list) check(r.connection, r.pos, tenant?.allowedReporters, 'reporter');
  }
}
