// A tenant: the projects (config and untrusted) whose configuration forms one layout, and its limits.
import type { RegexMatcher } from './change-matcher.js';
import type { SourcePosition } from './source-position.js';

/** The kinds of configuration item a tenant project may be allowed to load (`include`/`exclude`). */
export type ConfigItemType =
  | 'pipeline'
  | 'job'
  | 'semaphore'
  | 'project'
  | 'project-template'
  | 'nodeset'
  | 'secret'
  | 'queue';

/** Every configuration item type, in Zuul's order. */
export const CONFIG_ITEM_TYPES: readonly ConfigItemType[] = [
  'pipeline',
  'job',
  'semaphore',
  'project',
  'project-template',
  'nodeset',
  'secret',
  'queue',
];

/** One project of a tenant, with the options of its `source` entry. */
export interface TenantProject {
  readonly name: string;
  readonly connection: string;
  /** A config-project (trusted) or an untrusted-project. */
  readonly trusted: boolean;
  /** The item types loaded from this project (Zuul's load classes). */
  readonly include: ReadonlySet<ConfigItemType>;
  /** Projects whose job definitions win over this project's when both define a job. */
  readonly shadow: readonly string[];
  /** The branch a config-project loads its configuration from (default master). */
  readonly loadBranch: string | null;
  /** Overrides the implied-branch-matcher heuristics for this project (a pragma overrides this in turn). */
  readonly impliedBranchMatchers: boolean | null;
  /** Extra files (or directories, ending with `/`) loaded after the standard configuration. */
  readonly extraConfigPaths: readonly string[];
  readonly includeBranches: readonly RegexMatcher[] | null;
  readonly excludeBranches: readonly RegexMatcher[] | null;
  readonly pos: SourcePosition;
}

/** A tenant as written in the tenant configuration file. */
export interface Tenant {
  readonly name: string;
  /** Config-projects first, then untrusted-projects, each in the order listed — the order configuration loads in. */
  readonly projects: readonly TenantProject[];
  /** The parent of jobs that name none (default `base`). */
  readonly defaultParent: string;
  /** Zuul's defaults: 5 nodes per job and a 10800 s timeout; -1 removes the limit. */
  readonly maxNodesPerJob: number;
  readonly maxJobTimeout: number;
  readonly allowedTriggers: readonly string[] | null;
  readonly allowedReporters: readonly string[] | null;
  readonly allowedLabels: readonly RegexMatcher[] | null;
  readonly disallowedLabels: readonly RegexMatcher[] | null;
  readonly pos: SourcePosition;
}
