// Zuul's Job.applyVariant: how one job definition (parent, variant or project-pipeline entry) changes the draft.
import { flattenNodeset } from '../config/validate-layout.js';
import type { RegexMatcher } from '../model/change-matcher.js';
import type { FrozenSecretUse } from '../model/frozen-job.js';
import {
  EXECUTION_ATTRIBUTES,
  type Job,
  type Overridable,
  type Playbook,
  type Role,
  yamlAttributeName,
} from '../model/job.js';
import type { Layout } from '../model/layout.js';
import { describeVariant } from './collect-variants.js';
import { deepMerge } from './deep-merge.js';
import { type DraftPlaybook, FreezeError, type JobDraft } from './job-draft.js';

const FLAGS = new Set(['final', 'abstract', 'protected', 'intermediate']);
const SIMPLE = [
  'timeout',
  'postTimeout',
  'ansibleSplitStreams',
  'ansibleVersion',
  'attempts',
  'overrideBranch',
  'overrideCheckout',
  'workspaceScheme',
  'workspaceCheckout',
  'voting',
  'holdFollowingChanges',
  'successMessage',
  'failureMessage',
  'matchOnConfigUpdates',
  'deduplicate',
  'description',
] as const;

/**
 * Applies `other` to `draft`, as Zuul does when freezing. A child (different name) or variant (same name) may not
 * set execution attributes of a final job, nor of a protected job from another project; attributes made final with
 * attribute-control may not be set at all. Single values replace; pre-run playbooks append and post-run prepend (so
 * they nest); vars deep-merge unless `!override`; files, irrelevant-files and dependencies replace unless `!inherit`;
 * tags, provides, requires, include-vars, required-projects and failure-output merge unless `!override`; semaphores
 * always merge; allowed-projects intersect. Throws FreezeError at `other`'s position.
 */
export function applyVariant(draft: JobDraft, other: Job, layout: Layout): void {
  const origin = { project: other.source.project, branch: other.source.branch };
  const fail = (message: string, attr?: string): never => {
    throw new FreezeError(message, (attr && other.attributePositions[attr]) || other.pos, origin);
  };
  const execution = EXECUTION_ATTRIBUTES.filter(
    (k) => other[k] !== undefined && !FLAGS.has(k) && !(k === 'roles' && other.roles!.every((r) => r.implicit)),
  );
  if (execution.length > 0) {
    const attr = yamlAttributeName(execution[0]!);
    if (draft.final) fail(`job '${draft.name}' is final; ${describeVariant(other)} may not change '${attr}'`, attr);
    if (draft.protectedOrigin !== null && draft.protectedOrigin !== other.source.project) {
      fail(
        `job '${draft.name}' is protected by project '${draft.protectedOrigin}'; ${describeVariant(other)} may not change '${attr}'`,
        attr,
      );
    }
  }
  const finalCheck = (attr: string) => {
    if (draft.finalAttributes.has(attr))
      fail(`job '${draft.name}' attribute '${attr}' is final; ${describeVariant(other)} may not change it`, attr);
  };

  for (const k of SIMPLE) if (other[k] !== undefined) (draft as unknown as Record<string, unknown>)[k] = other[k];
  if (other.parent !== undefined) draft.parent = other.parent;
  if (other.postReview) draft.postReview = true;
  if (other.final) draft.final = true;
  const inheriting = other.name !== draft.name;
  // Abstract and intermediate are cleared by inheriting, never by a variant (Zuul's job.abstract documentation).
  if (inheriting) draft.abstract = other.abstract === true;
  else if (other.abstract) draft.abstract = true;
  if (draft.intermediate && !other.abstract)
    fail(`intermediate job '${draft.name}' may only be inherited by an abstract job`);
  if (inheriting) draft.intermediate = other.intermediate === true;
  else if (other.intermediate) draft.intermediate = true;
  if (other.protected !== undefined) {
    if (!other.protected && draft.protectedOrigin !== null)
      fail(`job '${draft.name}' is protected; ${describeVariant(other)} may not unset it`, 'protected');
    if (other.protected && draft.protectedOrigin === null) draft.protectedOrigin = other.source.project;
  }
  if (other.roles) draft.roles = addRoles(draft.roles, other.roles);
  if (other.nodeset !== undefined) {
    const ns = typeof other.nodeset === 'string' ? layout.nodesets.get(other.nodeset) : other.nodeset;
    if (!ns) fail(`job '${other.name}' uses unknown nodeset '${String(other.nodeset)}'`, 'nodeset');
    draft.nodesetAlternatives = flattenNodeset(layout, ns!);
    draft.nodeset = draft.nodesetAlternatives[0] ?? null;
  }

  // Secrets passed to parents join the playbooks already there; any of those from an untrusted project makes the
  // job post-review only (Zuul: "the only way pass-to-parent can work with pre-review pipeline is if all playbooks
  // are in the trusted context").
  const toParents: FrozenSecretUse[] = [];
  for (const use of other.secrets ?? []) {
    if (!layout.secrets.has(use.secret)) fail(`job '${other.name}' uses unknown secret '${use.secret}'`, 'secrets');
    if (use.passToParent) toParents.push({ secret: use.secret, alias: use.alias, project: other.source.project });
  }
  if (toParents.length > 0) {
    for (const pb of [...draft.preRun, ...draft.run, ...draft.postRun, ...draft.cleanupRun]) {
      for (const s of toParents) if (!pb.secrets.some((x) => x.alias === s.alias)) pb.secrets.push(s);
      if (!pb.trusted) draft.postReview = true;
    }
  }
  const ownSecrets = (other.secrets ?? []).map((s) => ({
    secret: s.secret,
    alias: s.alias,
    project: other.source.project,
  }));
  const freeze = (list: readonly Playbook[]): DraftPlaybook[] =>
    list.map((pb) => ({
      kind: pb.kind,
      body: pb.body,
      project: other.source.project,
      branch: other.source.branch,
      trusted: other.source.trusted,
      roles: [...draft.roles],
      secrets: [...ownSecrets],
      semaphores: [...pb.semaphores],
      cleanup: pb.cleanup,
      nestingLevel: draft.inheritancePath.length,
    }));
  if (other.run) draft.run = freeze(other.run);
  if (other.preRun) draft.preRun = [...draft.preRun, ...freeze(other.preRun)];
  if (other.postRun) draft.postRun = [...freeze(other.postRun), ...draft.postRun];
  if (other.cleanupRun) draft.cleanupRun = [...freeze(other.cleanupRun), ...draft.cleanupRun];

  for (const [field, attr] of [
    ['vars', 'vars'],
    ['extraVars', 'extra-vars'],
    ['hostVars', 'host-vars'],
    ['groupVars', 'group-vars'],
  ] as const) {
    const value = other[field];
    if (!value) continue;
    finalCheck(attr);
    draft[field] = value.control === 'override' ? value.value : deepMerge(draft[field], value.value);
  }
  if (other.includeVars) {
    finalCheck('include-vars');
    draft.includeVars = merged(draft.includeVars, other.includeVars, 'inherit', (iv) => JSON.stringify(iv));
  }
  if (other.requiredProjects) {
    finalCheck('required-projects');
    const next = other.requiredProjects.control === 'override' ? new Map() : new Map(draft.requiredProjects);
    for (const p of other.requiredProjects.value) {
      next.set(p.name, { name: p.name, overrideBranch: p.overrideBranch, overrideCheckout: p.overrideCheckout });
    }
    draft.requiredProjects = next;
  }
  if (other.allowedProjects) {
    const allowed = new Set(other.allowedProjects);
    draft.allowedProjects = draft.allowedProjects
      ? new Set([...draft.allowedProjects].filter((p) => allowed.has(p)))
      : allowed;
  }
  if (other.semaphores) {
    // Zuul sorts them so that two jobs never take the same semaphores in opposite orders; no override control.
    const all = [
      ...draft.semaphores,
      ...other.semaphores.map((s) => ({ name: s.name, resourcesFirst: s.resourcesFirst })),
    ];
    draft.semaphores = uniqueBy(all, (s) => `${s.name}\u0000${s.resourcesFirst}`).sort((a, b) =>
      compare(a.name, b.name),
    );
  }
  if (other.failureOutput) {
    finalCheck('failure-output');
    draft.failureOutput = merged(draft.failureOutput, other.failureOutput, 'inherit', String).sort();
  }
  const playbookSemaphores = new Set(
    [...draft.preRun, ...draft.run, ...draft.postRun, ...draft.cleanupRun].flatMap((p) => p.semaphores),
  );
  const both = draft.semaphores.filter((s) => playbookSemaphores.has(s.name)).map((s) => s.name);
  if (both.length > 0) fail(`job '${other.name}' uses semaphores ${both.join(', ')} both for the job and a playbook`);

  const regexKey = (m: RegexMatcher) => `${m.negate ? '!' : ''}${m.regex}`;
  if (other.files) {
    finalCheck('files');
    draft.files = merged(draft.files, other.files, 'override', regexKey).sort((a, b) => compare(a.regex, b.regex));
  }
  if (other.irrelevantFiles) {
    finalCheck('irrelevant-files');
    draft.irrelevantFiles = merged(draft.irrelevantFiles, other.irrelevantFiles, 'override', regexKey).sort((a, b) =>
      compare(a.regex, b.regex),
    );
  }
  for (const field of ['tags', 'provides', 'requires'] as const) {
    const value = other[field];
    if (!value) continue;
    finalCheck(field);
    draft[field] = merged(draft[field], value, 'inherit', String);
  }
  if (other.dependencies) {
    finalCheck('dependencies');
    const deps = {
      ...other.dependencies,
      value: other.dependencies.value.map((d) => ({ name: d.name, soft: d.soft })),
    };
    draft.dependencies = merged(draft.dependencies, deps, 'override', (d) => `${d.name}\u0000${d.soft}`);
  }
  for (const attr of other.finalAttributes ?? []) draft.finalAttributes.add(attr);

  draft.inheritancePath.push(describeVariant(other));
  if (!draft.parents.includes(other.name)) draft.parents.push(other.name);
  draft.name = other.name;
}

/** Combines a list attribute under override control; `fallback` is the attribute's documented default. */
function merged<T>(
  current: readonly T[],
  other: Overridable<readonly T[]>,
  fallback: 'override' | 'inherit',
  key: (v: T) => string,
): T[] {
  if ((other.control ?? fallback) === 'override') return [...other.value];
  return uniqueBy([...current, ...other.value], key);
}

function uniqueBy<T>(values: readonly T[], key: (v: T) => string): T[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = key(v);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Zuul's Job.addRoles: new roles go first (in their order); an explicit role replaces the implicit one of the same
// repository, so that earlier playbooks keep the roles they were defined with.
function addRoles(existing: readonly Role[], roles: readonly Role[]): Role[] {
  const same = (a: Role, b: Role) => a.name === b.name && a.project === b.project;
  const next = existing.map((r) => {
    const replacement = roles.find((n) => same(n, r));
    return replacement && r.implicit && !replacement.implicit ? replacement : r;
  });
  for (const role of [...roles].reverse()) if (!next.some((r) => same(r, role))) next.unshift(role);
  return next;
}
