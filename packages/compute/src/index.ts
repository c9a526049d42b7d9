// @nubo/compute: Nova v2.1 — API, conductor, scheduler, agents and drivers.

export { type ComputeConfig, computeSection } from './config.js';
export { checkContainerHost } from './drivers/container/host-checks.js';
export * as containerImages from './drivers/container/images/index.js';
export { COMPUTE_PREFIX, type ComputeService, createComputeService } from './plugin.js';
