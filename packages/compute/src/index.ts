// @nubo/compute: Nova v2.1 — API, conductor, scheduler, agents and drivers.

export { type ComputeConfig, computeSection } from './config.js';
export { COMPUTE_PREFIX, type ComputeService, createComputeService } from './plugin.js';
