// The schema of a job's attributes, shared by `job` items and by job variants in project-pipeline job lists.
import type { FinalizableAttribute } from '../model/job.js';
import type { SourcePosition } from '../model/source-position.js';
import {
  anyOf,
  bool,
  type Decoder,
  decodeFields,
  int,
  list,
  mismatch,
  nullable,
  oneOf,
  optional,
  overridable,
  record,
  refine,
  required,
  str,
} from './decoders.js';
import { checkVarName, hostVarsMap, varsMap } from './node-value.js';
import { branchList, regexList } from './regex-decoder.js';
import type { YamlNode } from './yaml-node.js';

/** Adds the position of the element to each decoded list element. */
function positioned<T extends object>(inner: Decoder<T>): Decoder<T & { pos: SourcePosition }> {
  return refine(inner, (value, node) => ({ ...value, pos: node.pos }));
}

/** `foo` as shorthand for `{name: foo}` (Zuul's dict_with_name). */
function named<T extends { name: string }>(inner: Decoder<T>): Decoder<T | { name: string }> {
  return anyOf(
    refine(str, (name) => ({ name })),
    inner,
  );
}

const ansibleVarName: Decoder<string> = refine(str, (name, node, ctx) =>
  checkVarName(name, node.pos, ctx) ? name : undefined,
);

const number: Decoder<number> = {
  expected: 'a number',
  accepts: (node) => node.kind === 'scalar' && typeof node.value === 'number',
  decode: (node, ctx) =>
    node.kind === 'scalar' && typeof node.value === 'number' ? node.value : mismatch(node, ctx, 'a number'),
};

const playbook = positioned(named(record({ name: required(str), semaphores: optional(list(str, { single: true })) })));
const postPlaybook = positioned(
  named(record({ name: required(str), semaphores: optional(list(str, { single: true })), cleanup: optional(bool) })),
);

const zuulRole = record({ zuul: required(str), name: optional(str) });
const galaxyRole = record({ galaxy: required(str), name: optional(str) });
const role: Decoder<{ zuul?: string; galaxy?: string; name?: string }> = {
  expected: "a mapping with 'zuul' or 'galaxy'",
  accepts: (node) => node.kind === 'map',
  decode(node, ctx) {
    if (node.kind !== 'map') return mismatch(node, ctx, this.expected);
    if (node.entries.some((e) => e.key === 'zuul')) return zuulRole.decode(node, ctx);
    if (node.entries.some((e) => e.key === 'galaxy')) return galaxyRole.decode(node, ctx);
    ctx.reporter.error(node.pos, `${ctx.subject}: '${ctx.path}' entries need a 'zuul' or 'galaxy' project`);
    return undefined;
  },
};

const semaphoreRef = positioned(named(record({ name: required(str), 'resources-first': optional(bool) })));
const secretRef = positioned(
  anyOf(
    refine(str, (name) => ({ name, secret: name })),
    record({ name: required(ansibleVarName), secret: required(str), 'pass-to-parent': optional(bool) }),
  ),
);
const jobProject = positioned(
  named(record({ name: required(str), 'override-branch': optional(str), 'override-checkout': optional(str) })),
);
const dependency = positioned(named(record({ name: required(str), soft: optional(bool) })));
const includeVars = named(
  record({
    name: required(str),
    project: optional(str),
    required: optional(bool),
    'zuul-project': optional(bool),
    'use-ref': optional(bool),
  }),
);

const FINALIZABLE: readonly FinalizableAttribute[] = [
  'requires',
  'provides',
  'tags',
  'files',
  'irrelevant-files',
  'required-projects',
  'vars',
  'extra-vars',
  'host-vars',
  'group-vars',
  'include-vars',
  'dependencies',
  'failure-output',
];

const finalControl = record({ final: required(oneOf(true)) });
const attributeControl: Decoder<FinalizableAttribute[]> = {
  expected: 'a mapping of attribute names to {final: true}',
  accepts: (node) => node.kind === 'map',
  decode(node: YamlNode, ctx) {
    if (node.kind !== 'map') return mismatch(node, ctx, this.expected);
    const out: FinalizableAttribute[] = [];
    let ok = true;
    for (const entry of node.entries) {
      if (!(FINALIZABLE as readonly string[]).includes(entry.key)) {
        ctx.reporter.error(entry.keyPos, `${ctx.subject}: attribute-control does not support '${entry.key}'`);
        ok = false;
        continue;
      }
      if (finalControl.decode(entry.value, { ...ctx, path: `attribute-control.${entry.key}` })) {
        out.push(entry.key as FinalizableAttribute);
      } else ok = false;
    }
    return ok ? out : undefined;
  },
};

const stringList = list(str, { single: true });

/**
 * The attributes a job (or a project-pipeline job variant) may set, as in Zuul's JobParser.job_attributes, plus
 * nubo's `script`: a shell script run in place of a `run` playbook.
 */
export const jobAttributes = {
  parent: optional(nullable(str)),
  description: optional(str),
  'variant-description': optional(str),
  final: optional(bool),
  abstract: optional(bool),
  protected: optional(bool),
  intermediate: optional(bool),
  requires: optional(overridable(stringList)),
  provides: optional(overridable(stringList)),
  tags: optional(overridable(stringList)),
  'failure-message': optional(str),
  'success-message': optional(str),
  'failure-url': optional(str),
  'success-url': optional(str),
  'hold-following-changes': optional(bool),
  voting: optional(bool),
  semaphore: optional(semaphoreRef),
  semaphores: optional(list(semaphoreRef, { single: true })),
  branches: optional(branchList),
  files: optional(overridable(regexList)),
  'irrelevant-files': optional(overridable(regexList)),
  'match-on-config-updates': optional(bool),
  secrets: optional(list(secretRef, { single: true })),
  nodeset: optional(anyOf(str, { expected: 'a mapping', accepts: (n) => n.kind === 'map', decode: (n) => n })),
  timeout: optional(int(0)),
  'post-timeout': optional(int(0)),
  attempts: optional(int(1)),
  'pre-run': optional(list(playbook, { single: true })),
  run: optional(list(playbook, { single: true })),
  'post-run': optional(list(postPlaybook, { single: true })),
  'cleanup-run': optional(list(playbook, { single: true })),
  script: optional(str),
  'ansible-split-streams': optional(bool),
  'ansible-version': optional(anyOf(str, number)),
  roles: optional(list(role, { single: true })),
  'required-projects': optional(overridable(list(jobProject, { single: true }))),
  vars: optional(overridable(varsMap)),
  'extra-vars': optional(overridable(varsMap)),
  'host-vars': optional(overridable(hostVarsMap)),
  'group-vars': optional(overridable(hostVarsMap)),
  'include-vars': optional(overridable(list(includeVars, { single: true }))),
  dependencies: optional(overridable(list(dependency, { single: true }))),
  'allowed-projects': optional(stringList),
  'override-branch': optional(str),
  'override-checkout': optional(str),
  'post-review': optional(bool),
  'workspace-scheme': optional(oneOf('golang', 'flat', 'unique')),
  'workspace-checkout': optional(oneOf<boolean | 'auto'>(true, false, 'auto')),
  deduplicate: optional(oneOf<boolean | 'auto'>(true, false, 'auto')),
  'failure-output': optional(overridable(stringList)),
  'image-build-name': optional(str),
  'attribute-control': optional(attributeControl),
};

/** A whole `job` item: the attributes plus a required name. */
export const jobFields = { name: required(str), ...jobAttributes };

/** The schema of a `job` item. */
export const jobSchema = record(jobFields);

/** Reads the attributes of a job mapping (name included when `withName`). */
export function decodeJobFields(node: YamlNode, ctx: Parameters<typeof decodeFields>[2], withName: boolean) {
  if (node.kind !== 'map') return mismatch(node, ctx, 'a mapping');
  if (withName) return decodeFields(node, jobFields, ctx);
  return decodeFields(node, jobAttributes, ctx);
}

/** The decoded attributes of a job (name optional: project-pipeline variants take it from their key). */
export type JobConf = NonNullable<ReturnType<typeof decodeFields<typeof jobAttributes>>> & { name?: string };
