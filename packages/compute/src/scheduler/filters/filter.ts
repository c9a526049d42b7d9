// A host filter (Nova's BaseHostFilter): one pure predicate over a host and the request.
import type { HostState, SchedulingSpec } from '../host-state.js';

/** A filter: its name and its predicate. */
export interface HostFilter {
  /** Nova's class name, e.g. `ComputeFilter` (logged with the hosts it rejected). */
  name: string;
  /** Whether the host can take the instance. */
  hostPasses(host: HostState, spec: SchedulingSpec): boolean;
}
