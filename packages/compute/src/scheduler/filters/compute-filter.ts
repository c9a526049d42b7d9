// Nova's ComputeFilter: only hosts whose nova-compute service is enabled and up.
import type { HostFilter } from './filter.js';

/** Passes hosts whose compute service is enabled and up. */
export const computeFilter: HostFilter = {
  name: 'ComputeFilter',
  hostPasses: (host) => !host.serviceDisabled && host.serviceUp,
};
