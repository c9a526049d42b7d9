// A job definition as written: one variant of a job; attributes left unset are inherited when the job is frozen.
import type { BranchMatcher, RegexMatcher } from './change-matcher.js';
import type { ConfigMap } from './config-value.js';
import type { Nodeset } from './nodeset.js';
import type { OverrideControl } from './override-value.js';
import type { SourceContext } from './source-context.js';
import type { SourcePosition } from './source-position.js';

/**
 * An attribute that supports override control: the value and, when the YAML carried `!override` or `!inherit`, which
 * one. Without a tag each attribute has Zuul's documented default (e.g. vars inherit, files override).
 */
export interface Overridable<T> {
  readonly value: T;
  readonly control: OverrideControl | null;
}

/**
 * One step of a job: an Ansible playbook path in the repo defining the job, or (nubo's `script:` shorthand) a shell
 * script run in place of a `run` playbook.
 */
export interface Playbook {
  readonly kind: 'playbook' | 'script';
  /** The playbook path, or the script text. */
  readonly body: string;
  readonly semaphores: readonly string[];
  /** For post-run playbooks: run even when the job is cancelled. */
  readonly cleanup: boolean;
  readonly pos: SourcePosition;
}

/** A Zuul role source: the project that supplies the role and the name Ansible knows it by. */
export interface Role {
  readonly project: string;
  readonly name: string;
  /** The project defining the job, added automatically (Zuul's implicit role). */
  readonly implicit: boolean;
}

/** A project the job checks out besides the one under test. */
export interface JobProject {
  readonly name: string;
  readonly overrideBranch: string | null;
  readonly overrideCheckout: string | null;
  readonly pos: SourcePosition;
}

/** A job this job waits for; a soft dependency is ignored when that job does not run. */
export interface JobDependency {
  readonly name: string;
  readonly soft: boolean;
  readonly pos: SourcePosition;
}

/** A semaphore the job holds while it runs. */
export interface JobSemaphore {
  readonly name: string;
  readonly resourcesFirst: boolean;
  readonly pos: SourcePosition;
}

/** A secret the job's playbooks receive, under `alias` as Ansible variable name. */
export interface SecretUse {
  readonly secret: string;
  readonly alias: string;
  readonly passToParent: boolean;
  readonly pos: SourcePosition;
}

/** A variables file read at run time. */
export interface JobIncludeVars {
  readonly name: string;
  /** The project holding the file; null with `zuulProject` (the project under test). */
  readonly project: string | null;
  readonly zuulProject: boolean;
  readonly required: boolean;
  readonly useRef: boolean;
}

/** The attributes of a job that `attribute-control` may make final. */
export type FinalizableAttribute =
  | 'requires'
  | 'provides'
  | 'tags'
  | 'files'
  | 'irrelevant-files'
  | 'required-projects'
  | 'vars'
  | 'extra-vars'
  | 'host-vars'
  | 'group-vars'
  | 'include-vars'
  | 'dependencies'
  | 'failure-output';

/**
 * A job definition, or a job variant listed in a project-pipeline. Every optional field means "not set here": the
 * value then comes from earlier variants or the parent when the job is frozen, as in Zuul.
 */
export interface Job {
  readonly name: string;
  readonly source: SourceContext;
  readonly pos: SourcePosition;
  /** Whether this variant appears in a project or project-template pipeline job list. */
  readonly inProjectPipeline: boolean;
  /** The parent's name; `null` for a base job (`parent: null`); undefined means the tenant's default-parent. */
  readonly parent?: string | null;
  readonly description?: string;
  readonly variantDescription: string;
  readonly abstract?: boolean;
  readonly final?: boolean;
  readonly protected?: boolean;
  readonly intermediate?: boolean;
  readonly voting?: boolean;
  readonly holdFollowingChanges?: boolean;
  readonly successMessage?: string;
  readonly failureMessage?: string;
  /** Explicit `branches`, or the implied matchers of the file it was read from (see `branchesImplied`). */
  readonly branches?: readonly BranchMatcher[];
  readonly files?: Overridable<readonly RegexMatcher[]>;
  readonly irrelevantFiles?: Overridable<readonly RegexMatcher[]>;
  readonly matchOnConfigUpdates?: boolean;
  readonly vars?: Overridable<ConfigMap>;
  readonly extraVars?: Overridable<ConfigMap>;
  readonly hostVars?: Overridable<ConfigMap>;
  readonly groupVars?: Overridable<ConfigMap>;
  readonly includeVars?: Overridable<readonly JobIncludeVars[]>;
  readonly requiredProjects?: Overridable<readonly JobProject[]>;
  readonly dependencies?: Overridable<readonly JobDependency[]>;
  readonly timeout?: number;
  readonly postTimeout?: number;
  readonly attempts?: number;
  readonly semaphores?: readonly JobSemaphore[];
  /** A nodeset name (resolved in the layout) or an anonymous nodeset. */
  readonly nodeset?: string | Nodeset;
  readonly preRun?: readonly Playbook[];
  readonly run?: readonly Playbook[];
  readonly postRun?: readonly Playbook[];
  readonly cleanupRun?: readonly Playbook[];
  readonly roles?: readonly Role[];
  readonly secrets?: readonly SecretUse[];
  readonly allowedProjects?: readonly string[];
  readonly overrideBranch?: string;
  readonly overrideCheckout?: string;
  readonly tags?: Overridable<readonly string[]>;
  readonly provides?: Overridable<readonly string[]>;
  readonly requires?: Overridable<readonly string[]>;
  readonly failureOutput?: Overridable<readonly string[]>;
  readonly postReview?: boolean;
  readonly deduplicate?: boolean | 'auto';
  readonly workspaceScheme?: 'golang' | 'flat' | 'unique';
  readonly workspaceCheckout?: boolean | 'auto';
  readonly ansibleVersion?: string;
  readonly ansibleSplitStreams?: boolean;
  readonly finalAttributes?: readonly FinalizableAttribute[];
  /** Where some attributes were written, for errors found after parsing (unknown parent, nodeset, …). */
  readonly attributePositions: Readonly<Partial<Record<string, SourcePosition>>>;
}

/**
 * The attributes that change how a job runs (Zuul's execution_attributes): a variant of a `final` job, or a variant
 * from another project of a `protected` job, may not set them. The others (voting, files, tags …) only affect whether
 * and how the job is reported, and a project-pipeline may always set them.
 */
export const EXECUTION_ATTRIBUTES = [
  'parent',
  'timeout',
  'postTimeout',
  'vars',
  'extraVars',
  'hostVars',
  'groupVars',
  'includeVars',
  'nodeset',
  'preRun',
  'run',
  'postRun',
  'cleanupRun',
  'ansibleSplitStreams',
  'ansibleVersion',
  'semaphores',
  'attempts',
  'roles',
  'requiredProjects',
  'allowedProjects',
  'overrideBranch',
  'overrideCheckout',
  'postReview',
  'workspaceScheme',
  'workspaceCheckout',
  'failureOutput',
] as const satisfies readonly (keyof Job)[];

/** Maps a Job field to the YAML attribute it is written as (`postTimeout` → `post-timeout`). */
export function yamlAttributeName(field: string): string {
  return field === 'vars' ? field : field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
