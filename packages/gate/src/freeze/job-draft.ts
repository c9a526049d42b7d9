// The job being frozen: a mutable working copy that variants are applied to, then turned into a FrozenJob.
import type { RegexMatcher } from '../model/change-matcher.js';
import type { ConfigMap } from '../model/config-value.js';
import type {
  FrozenJob,
  FrozenJobProject,
  FrozenNodeset,
  FrozenPlaybook,
  FrozenSecretUse,
} from '../model/frozen-job.js';
import type { JobIncludeVars, Role } from '../model/job.js';
import type { Nodeset } from '../model/nodeset.js';
import type { SourcePosition } from '../model/source-position.js';

/** A playbook in the draft; its secrets grow when a child passes secrets to its parents. */
export interface DraftPlaybook extends Omit<FrozenPlaybook, 'secrets'> {
  secrets: FrozenSecretUse[];
}

/** A problem that stops a job from being frozen, located at the variant that caused it. */
export class FreezeError extends Error {
  constructor(
    message: string,
    readonly pos: SourcePosition,
    readonly origin: { readonly project: string; readonly branch: string },
  ) {
    super(message);
  }
}

/** Every attribute of a job while freezing, with Zuul's defaults (Job.__init__). */
export interface JobDraft {
  name: string;
  parent: string | null;
  description: string | null;
  parents: string[];
  inheritancePath: string[];
  // Context attributes.
  voting: boolean;
  holdFollowingChanges: boolean;
  successMessage: string | null;
  failureMessage: string | null;
  files: RegexMatcher[];
  irrelevantFiles: RegexMatcher[];
  matchOnConfigUpdates: boolean;
  deduplicate: boolean | 'auto';
  tags: string[];
  provides: string[];
  requires: string[];
  dependencies: { name: string; soft: boolean }[];
  ignoreAllowedProjects: boolean;
  // Execution attributes.
  timeout: number | null;
  postTimeout: number | null;
  vars: ConfigMap;
  extraVars: ConfigMap;
  hostVars: ConfigMap;
  groupVars: ConfigMap;
  includeVars: JobIncludeVars[];
  nodeset: Nodeset | null;
  nodesetAlternatives: Nodeset[];
  preRun: DraftPlaybook[];
  run: DraftPlaybook[];
  postRun: DraftPlaybook[];
  cleanupRun: DraftPlaybook[];
  ansibleSplitStreams: boolean | null;
  ansibleVersion: string | null;
  semaphores: { name: string; resourcesFirst: boolean }[];
  attempts: number;
  final: boolean;
  abstract: boolean;
  intermediate: boolean;
  protectedOrigin: string | null;
  roles: Role[];
  requiredProjects: Map<string, FrozenJobProject>;
  allowedProjects: Set<string> | null;
  overrideBranch: string | null;
  overrideCheckout: string | null;
  postReview: boolean;
  workspaceScheme: 'golang' | 'flat' | 'unique';
  workspaceCheckout: boolean | 'auto';
  failureOutput: string[];
  finalAttributes: Set<string>;
}

/** A draft holding only defaults, named `name`. */
export function emptyDraft(name: string): JobDraft {
  return {
    name,
    parent: null,
    description: null,
    parents: [],
    inheritancePath: [],
    voting: true,
    holdFollowingChanges: false,
    successMessage: null,
    failureMessage: null,
    files: [],
    irrelevantFiles: [],
    matchOnConfigUpdates: true,
    deduplicate: 'auto',
    tags: [],
    provides: [],
    requires: [],
    dependencies: [],
    ignoreAllowedProjects: false,
    timeout: null,
    postTimeout: null,
    vars: {},
    extraVars: {},
    hostVars: {},
    groupVars: {},
    includeVars: [],
    nodeset: null,
    nodesetAlternatives: [],
    preRun: [],
    run: [],
    postRun: [],
    cleanupRun: [],
    ansibleSplitStreams: null,
    ansibleVersion: null,
    semaphores: [],
    attempts: 3,
    final: false,
    abstract: false,
    intermediate: false,
    protectedOrigin: null,
    roles: [],
    requiredProjects: new Map(),
    allowedProjects: null,
    overrideBranch: null,
    overrideCheckout: null,
    postReview: false,
    workspaceScheme: 'golang',
    workspaceCheckout: true,
    failureOutput: [],
    finalAttributes: new Set(),
  };
}

function frozenNodeset(ns: Nodeset | null): FrozenNodeset {
  return ns ? { name: ns.name, nodes: ns.nodes, groups: ns.groups } : { name: null, nodes: [], groups: [] };
}

const sorted = (values: Iterable<string>) => [...values].sort();
const playbooks = (list: DraftPlaybook[]): FrozenPlaybook[] => list.map((pb) => ({ ...pb, secrets: [...pb.secrets] }));

/** The plain-data FrozenJob of a finished draft. */
export function toFrozenJob(draft: JobDraft): FrozenJob {
  const alternatives = draft.nodesetAlternatives.length > 0 ? draft.nodesetAlternatives : [draft.nodeset];
  return {
    name: draft.name,
    description: draft.description,
    inheritancePath: [...draft.inheritancePath],
    parents: [...draft.parents],
    voting: draft.voting,
    holdFollowingChanges: draft.holdFollowingChanges,
    successMessage: draft.successMessage,
    failureMessage: draft.failureMessage,
    nodeset: frozenNodeset(alternatives[0] ?? null),
    nodesetAlternatives: alternatives.map((ns) => frozenNodeset(ns)),
    vars: draft.vars,
    extraVars: draft.extraVars,
    hostVars: draft.hostVars,
    groupVars: draft.groupVars,
    includeVars: [...draft.includeVars],
    timeout: draft.timeout,
    postTimeout: draft.postTimeout,
    attempts: draft.attempts,
    preRun: playbooks(draft.preRun),
    run: playbooks(draft.run),
    postRun: playbooks(draft.postRun),
    cleanupRun: playbooks(draft.cleanupRun),
    requiredProjects: [...draft.requiredProjects.values()],
    dependencies: [...draft.dependencies].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    semaphores: [...draft.semaphores],
    tags: sorted(draft.tags),
    provides: sorted(draft.provides),
    requires: sorted(draft.requires),
    files: [...draft.files],
    irrelevantFiles: [...draft.irrelevantFiles],
    overrideBranch: draft.overrideBranch,
    overrideCheckout: draft.overrideCheckout,
    allowedProjects: draft.allowedProjects ? sorted(draft.allowedProjects) : null,
    postReview: draft.postReview,
    deduplicate: draft.deduplicate,
    workspaceScheme: draft.workspaceScheme,
    workspaceCheckout: draft.workspaceCheckout,
    failureOutput: [...draft.failureOutput],
    ansibleVersion: draft.ansibleVersion,
    ansibleSplitStreams: draft.ansibleSplitStreams,
  };
}
