// A frozen job: every variant and parent of a job combined for one item — what the executor will run.
import type { RegexMatcher } from './change-matcher.js';
import type { ConfigMap } from './config-value.js';
import type { JobIncludeVars, Role } from './job.js';
import type { NodesetGroup, NodesetNode } from './nodeset.js';

/** A secret handed to a playbook: where it is defined, and the Ansible variable that receives it. */
export interface FrozenSecretUse {
  readonly secret: string;
  readonly alias: string;
  /** The project whose key decrypts it. */
  readonly project: string;
}

/**
 * A playbook (or script) with the context it runs in: the repo and branch it comes from, whether that is a trusted
 * config-project, the roles visible to it, its secrets and its nesting level in the inheritance chain.
 */
export interface FrozenPlaybook {
  readonly kind: 'playbook' | 'script';
  readonly body: string;
  readonly project: string;
  readonly branch: string;
  readonly trusted: boolean;
  readonly roles: readonly Role[];
  readonly secrets: readonly FrozenSecretUse[];
  readonly semaphores: readonly string[];
  readonly cleanup: boolean;
  readonly nestingLevel: number;
}

/** A concrete nodeset (no alternatives left). An empty one means an executor-only job. */
export interface FrozenNodeset {
  readonly name: string | null;
  readonly nodes: readonly NodesetNode[];
  readonly groups: readonly NodesetGroup[];
}

/** A dependency of a frozen job on another job of the same graph. */
export interface FrozenDependency {
  readonly name: string;
  readonly soft: boolean;
}

/** A required project, as the executor checks it out. */
export interface FrozenJobProject {
  readonly name: string;
  readonly overrideBranch: string | null;
  readonly overrideCheckout: string | null;
}

/** A job ready to run, as plain data. */
export interface FrozenJob {
  readonly name: string;
  readonly description: string | null;
  /** The definitions applied, in order, as `name (project@branch path:line:column)`. */
  readonly inheritancePath: readonly string[];
  /** The parent chain from the base job down to this job, e.g. `['base', 'devstack', 'tempest-full']`. */
  readonly parents: readonly string[];
  readonly voting: boolean;
  readonly holdFollowingChanges: boolean;
  readonly successMessage: string | null;
  readonly failureMessage: string | null;
  /** The first alternative first; `nodesetAlternatives[0]` is what is requested first. */
  readonly nodeset: FrozenNodeset;
  readonly nodesetAlternatives: readonly FrozenNodeset[];
  readonly vars: ConfigMap;
  readonly extraVars: ConfigMap;
  readonly hostVars: ConfigMap;
  readonly groupVars: ConfigMap;
  readonly includeVars: readonly JobIncludeVars[];
  readonly timeout: number | null;
  readonly postTimeout: number | null;
  readonly attempts: number;
  readonly preRun: readonly FrozenPlaybook[];
  readonly run: readonly FrozenPlaybook[];
  readonly postRun: readonly FrozenPlaybook[];
  readonly cleanupRun: readonly FrozenPlaybook[];
  readonly requiredProjects: readonly FrozenJobProject[];
  readonly dependencies: readonly FrozenDependency[];
  readonly semaphores: readonly { readonly name: string; readonly resourcesFirst: boolean }[];
  readonly tags: readonly string[];
  readonly provides: readonly string[];
  readonly requires: readonly string[];
  readonly files: readonly RegexMatcher[];
  readonly irrelevantFiles: readonly RegexMatcher[];
  readonly overrideBranch: string | null;
  readonly overrideCheckout: string | null;
  readonly allowedProjects: readonly string[] | null;
  readonly postReview: boolean;
  readonly deduplicate: boolean | 'auto';
  readonly workspaceScheme: 'golang' | 'flat' | 'unique';
  readonly workspaceCheckout: boolean | 'auto';
  readonly failureOutput: readonly string[];
  readonly ansibleVersion: string | null;
  readonly ansibleSplitStreams: boolean | null;
}
