// The objects read from configuration files, grouped by type, before they are assembled into a layout.
import type { Job } from './job.js';
import type { Nodeset } from './nodeset.js';
import type { Pipeline } from './pipeline.js';
import type { ProjectConfig } from './project.js';
import type { ProjectTemplate } from './project-template.js';
import type { Queue } from './queue.js';
import type { Secret } from './secret.js';
import type { Semaphore } from './semaphore.js';

/** What a set of configuration files defines, each list in file order (Zuul's ParsedConfig). */
export interface ParsedConfig {
  readonly pipelines: Pipeline[];
  readonly jobs: Job[];
  readonly nodesets: Nodeset[];
  readonly secrets: Secret[];
  readonly semaphores: Semaphore[];
  readonly queues: Queue[];
  readonly projectTemplates: ProjectTemplate[];
  readonly projects: ProjectConfig[];
}

/** An empty ParsedConfig to fill. */
export function emptyParsedConfig(): ParsedConfig {
  return {
    pipelines: [],
    jobs: [],
    nodesets: [],
    secrets: [],
    semaphores: [],
    queues: [],
    projectTemplates: [],
    projects: [],
  };
}
