// A layout: every configuration object of one tenant, cross-checked, ready for job graphs to be frozen from it.
import type { ConfigError } from './config-error.js';
import type { Job } from './job.js';
import type { Nodeset } from './nodeset.js';
import type { Pipeline } from './pipeline.js';
import type { ProjectConfig, ProjectMetadata } from './project.js';
import type { ProjectTemplate } from './project-template.js';
import type { Queue } from './queue.js';
import type { Secret } from './secret.js';
import type { Semaphore } from './semaphore.js';
import type { Tenant } from './tenant.js';

/**
 * The tenant's configuration as one snapshot (Zuul's Layout). `jobs` maps a job name to its variants in load
 * order; the first is the reference definition. `projectConfigs` maps a project name to all its stanzas (regex
 * stanzas already expanded). `errors` holds everything found while loading; objects with errors are left out.
 */
export interface Layout {
  readonly tenant: Tenant;
  readonly pipelines: ReadonlyMap<string, Pipeline>;
  readonly jobs: ReadonlyMap<string, readonly Job[]>;
  readonly nodesets: ReadonlyMap<string, Nodeset>;
  readonly secrets: ReadonlyMap<string, Secret>;
  readonly semaphores: ReadonlyMap<string, Semaphore>;
  readonly queues: ReadonlyMap<string, Queue>;
  readonly projectTemplates: ReadonlyMap<string, readonly ProjectTemplate[]>;
  readonly projectConfigs: ReadonlyMap<string, readonly ProjectConfig[]>;
  readonly projectMetadata: ReadonlyMap<string, ProjectMetadata>;
  /** The branches of each project whose configuration was loaded (used by implied branch matchers). */
  readonly projectBranches: ReadonlyMap<string, readonly string[]>;
  readonly errors: readonly ConfigError[];
}
