// Nova's DiskWeigher: free disk.
import { freeOf } from '../host-state.js';
import type { HostWeigher } from './weigher.js';

/** Weighs by free disk (multiplier: disk). */
export const diskWeigher: HostWeigher = {
  name: 'DiskWeigher',
  multiplier: (m) => m.disk,
  weigh: (host) => freeOf(host, 'DISK_GB'),
};
