// Nova's CPUWeigher: free vCPUs (total × cpu_allocation_ratio − used).
import { freeOf } from '../host-state.js';
import type { HostWeigher } from './weigher.js';

/** Weighs by free vCPUs (multiplier: cpu). */
export const cpuWeigher: HostWeigher = {
  name: 'CPUWeigher',
  multiplier: (m) => m.cpu,
  weigh: (host) => freeOf(host, 'VCPU'),
};
