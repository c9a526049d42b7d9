// Nova's RAMWeigher: free RAM; with a positive multiplier the emptiest host wins (spread), negative stacks.
import { freeOf } from '../host-state.js';
import type { HostWeigher } from './weigher.js';

/** Weighs by free RAM (multiplier: ram). */
export const ramWeigher: HostWeigher = {
  name: 'RAMWeigher',
  multiplier: (m) => m.ram,
  weigh: (host) => freeOf(host, 'MEMORY_MB'),
};
