// Parses a `job` item (or a job variant in a project-pipeline job list) into a Job definition.
import type { Job, JobIncludeVars, Overridable, Playbook, Role, SecretUse } from '../model/job.js';
import type { SourcePosition } from '../model/source-position.js';
import type { ConfigParser } from './config-parser.js';
import { subjectOf } from './config-parser.js';
import type { DecodeContext } from './decoders.js';
import { decodeJobFields, type JobConf, jobSchema } from './job-schema.js';
import { parseNodeset } from './nodeset-parser.js';
import { decodeContext, impliedBranches, isKnownProject, type ParseContext } from './parse-context.js';
import type { YamlNode } from './yaml-node.js';

/** Zuul's ANSIBLE_ROLE_RE: an implicit role is named after its repo minus an `ansible-role-` style prefix. */
const ANSIBLE_ROLE_PREFIX = /^(ansible[-_.+]*)*(role[-_.+]*)*/;

/** How a job mapping is being read. */
export interface JobParseOptions {
  /** A variant in a project or project-template pipeline job list: no implied branches, no implicit role. */
  readonly inProjectPipeline: boolean;
  /** The name, for project-pipeline variants (their key); a `job` item has it as an attribute. */
  readonly name?: string;
}

/**
 * Reads one job definition. Checks made here, as in Zuul's JobParser: base jobs only in config-projects,
 * intermediate implies abstract, post-review cannot be unset, timeouts within the tenant's limit, a semaphore not both
 * on the job and a playbook, known projects in required-projects / allowed-projects / include-vars, variable names.
 */
export function parseJob(
  node: YamlNode,
  ctx: ParseContext,
  at: SourcePosition,
  options: JobParseOptions,
): Job | undefined {
  const subject = options.name !== undefined ? `job '${options.name}'` : subjectOf('job', node);
  const dctx: DecodeContext = decodeContext(ctx, subject);
  const decoded = decodeJobFields(node, dctx, !options.inProjectPipeline);
  if (!decoded || node.kind !== 'map') return undefined;
  const conf = decoded as JobConf;
  const name = options.name ?? conf.name!;
  const before = ctx.reporter.errorCount;
  const source = ctx.source;
  const positions: Record<string, SourcePosition> = {};
  for (const entry of node.entries) positions[entry.key] = entry.keyPos;
  const fail = (attr: string | null, message: string) =>
    ctx.reporter.error(attr === null ? at : (positions[attr] ?? at), `${subject} ${message}`);

  if (conf.parent === null && !source.trusted)
    fail('parent', 'is a base job (parent: null); base jobs may only be defined in a config-project');
  if (conf.intermediate && !conf.abstract) fail('intermediate', 'is intermediate and must also be abstract');
  if (conf['post-review'] === false) fail('post-review', "may not unset 'post-review' once set");
  if (conf.run && conf.script !== undefined) fail('script', "sets both 'run' and 'script'; use one of them");
  if (conf['cleanup-run']) {
    ctx.reporter.warning(
      positions['cleanup-run'] ?? at,
      `${subject}: 'cleanup-run' is deprecated; use post-run with cleanup: true`,
    );
  }
  const maxTimeout = ctx.tenant?.tenant.maxJobTimeout ?? -1;
  for (const attr of ['timeout', 'post-timeout'] as const) {
    const value = conf[attr];
    if (value !== undefined && maxTimeout !== -1 && value > maxTimeout) {
      fail(attr, `has ${attr} ${value}, above the tenant's max-job-timeout ${maxTimeout}`);
    }
  }

  const playbooks = (list: typeof conf.run, post = false): Playbook[] | undefined =>
    list?.map((pb) => ({
      kind: 'playbook',
      body: pb.name,
      semaphores: 'semaphores' in pb ? (pb.semaphores ?? []) : [],
      cleanup: post && 'cleanup' in pb ? pb.cleanup === true : false,
      pos: pb.pos,
    }));
  const run: Playbook[] | undefined =
    conf.script !== undefined
      ? [{ kind: 'script', body: conf.script, semaphores: [], cleanup: false, pos: positions.script ?? at }]
      : playbooks(conf.run);
  const preRun = playbooks(conf['pre-run']);
  const postRun = playbooks(conf['post-run'], true);
  const cleanupRun = playbooks(conf['cleanup-run']);

  const semaphores = [...(conf.semaphore ? [conf.semaphore] : []), ...(conf.semaphores ?? [])].map((s) => ({
    name: s.name,
    resourcesFirst: 'resources-first' in s ? s['resources-first'] === true : false,
    pos: s.pos,
  }));
  const playbookSemaphores = new Set(
    [...(preRun ?? []), ...(run ?? []), ...(postRun ?? [])].flatMap((p) => p.semaphores),
  );
  for (const s of semaphores) {
    if (playbookSemaphores.has(s.name))
      fail('semaphores', `uses semaphore '${s.name}' both for the job and a playbook`);
  }
  if (conf.semaphore)
    ctx.reporter.warning(positions.semaphore ?? at, `${subject}: 'semaphore' is deprecated; use 'semaphores'`);

  const secrets: SecretUse[] | undefined = conf.secrets?.map((s) => ({
    secret: s.secret,
    alias: s.name,
    passToParent: 'pass-to-parent' in s ? s['pass-to-parent'] === true : false,
    pos: s.pos,
  }));

  const unknown = (names: readonly string[]) => names.filter((p) => !isKnownProject(ctx, p));
  const requiredProjects = conf['required-projects'];
  const missingRequired = unknown(requiredProjects?.value.map((p) => p.name) ?? []);
  if (missingRequired.length > 0) fail('required-projects', `requires unknown projects: ${missingRequired.join(', ')}`);
  const missingAllowed = unknown(conf['allowed-projects'] ?? []);
  if (missingAllowed.length > 0) fail('allowed-projects', `allows unknown projects: ${missingAllowed.join(', ')}`);

  let includeVars: Overridable<JobIncludeVars[]> | undefined;
  if (conf['include-vars']) {
    const value = conf['include-vars'].value.map((iv) => {
      const zuulProject = 'zuul-project' in iv && iv['zuul-project'] === true;
      const project = zuulProject ? null : ('project' in iv && iv.project) || source.project;
      if (project !== null && !isKnownProject(ctx, project))
        fail('include-vars', `includes vars from unknown project '${project}'`);
      return {
        name: iv.name,
        project,
        zuulProject,
        required: 'required' in iv ? iv.required !== false : true,
        useRef: 'use-ref' in iv ? iv['use-ref'] !== false : true,
      };
    });
    includeVars = { value, control: conf['include-vars'].control };
  }

  const roles: Role[] = [];
  if (!options.inProjectPipeline) {
    const short = source.project.split('/').pop()!;
    roles.push({ project: source.project, name: short.replace(ANSIBLE_ROLE_PREFIX, '') || short, implicit: true });
  }
  for (const r of conf.roles ?? []) {
    if (r.zuul === undefined) continue; // Galaxy roles are not implemented in Zuul either.
    if (!isKnownProject(ctx, r.zuul)) {
      ctx.reporter.warning(
        positions.roles ?? at,
        `${subject}: role project '${r.zuul}' is not in the tenant and is ignored`,
      );
      continue;
    }
    roles.push({ project: r.zuul, name: r.name ?? r.zuul.split('/').pop()!, implicit: false });
  }

  let nodeset: Job['nodeset'];
  if (conf.nodeset !== undefined) {
    nodeset = typeof conf.nodeset === 'string' ? conf.nodeset : parseNodeset(conf.nodeset, ctx, conf.nodeset.pos, true);
  }

  // Zuul: a job in an untrusted project that uses secrets may only run post-review, and only for its own project,
  // whatever allowed-projects says (configloader "A job in an untrusted repo that uses secrets …").
  const untrustedSecrets = (secrets?.length ?? 0) > 0 && !source.trusted;
  const explicitBranches = conf.branches;
  const branches = explicitBranches ?? (options.inProjectPipeline ? null : impliedBranches(ctx));
  if (ctx.reporter.errorCount > before) return undefined;

  const job: Job = {
    name,
    source,
    pos: at,
    inProjectPipeline: options.inProjectPipeline,
    parent: conf.parent,
    description: conf.description,
    variantDescription: conf['variant-description'] ?? (explicitBranches ?? []).map((b) => b.regex).join(' '),
    abstract: conf.abstract,
    final: conf.final,
    protected: conf.protected,
    intermediate: conf.intermediate,
    voting: conf.voting,
    holdFollowingChanges: conf['hold-following-changes'],
    successMessage: conf['success-message'],
    failureMessage: conf['failure-message'],
    branches: branches && branches.length > 0 ? branches : undefined,
    files: conf.files,
    irrelevantFiles: conf['irrelevant-files'],
    matchOnConfigUpdates: conf['match-on-config-updates'],
    vars: conf.vars,
    extraVars: conf['extra-vars'],
    hostVars: conf['host-vars'],
    groupVars: conf['group-vars'],
    includeVars,
    requiredProjects: requiredProjects && {
      control: requiredProjects.control,
      value: requiredProjects.value.map((p) => ({
        name: p.name,
        overrideBranch: ('override-branch' in p && p['override-branch']) || null,
        overrideCheckout: ('override-checkout' in p && p['override-checkout']) || null,
        pos: p.pos,
      })),
    },
    dependencies: conf.dependencies && {
      control: conf.dependencies.control,
      value: conf.dependencies.value.map((d) => ({ name: d.name, soft: 'soft' in d && d.soft === true, pos: d.pos })),
    },
    timeout: conf.timeout,
    postTimeout: conf['post-timeout'],
    attempts: conf.attempts,
    semaphores: semaphores.length > 0 ? semaphores : undefined,
    nodeset,
    preRun,
    run,
    postRun,
    cleanupRun,
    roles: roles.length > 0 || conf.roles ? roles : undefined,
    secrets,
    allowedProjects: untrustedSecrets ? [source.project] : conf['allowed-projects'],
    overrideBranch: conf['override-branch'],
    overrideCheckout: conf['override-checkout'],
    tags: conf.tags,
    provides: conf.provides,
    requires: conf.requires,
    failureOutput: conf['failure-output'],
    postReview: untrustedSecrets || conf['post-review'] ? true : undefined,
    deduplicate: conf.deduplicate,
    workspaceScheme: conf['workspace-scheme'],
    workspaceCheckout: conf['workspace-checkout'],
    ansibleVersion: conf['ansible-version'] === undefined ? undefined : String(conf['ansible-version']),
    ansibleSplitStreams: conf['ansible-split-streams'],
    finalAttributes: conf['attribute-control'],
    attributePositions: positions,
  };
  return dropUndefined(job);
}

// Unset attributes are left out (not stored as undefined), so that a job compares and serialises as written.
function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** `- job: {name, …}`. */
export const jobParser: ConfigParser<Job> = {
  item: 'job',
  schema: jobSchema,
  fromYaml: (node, ctx, at = node.pos) => parseJob(node, ctx, at, { inProjectPipeline: false }),
};
