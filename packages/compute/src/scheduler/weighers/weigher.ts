// A host weigher (Nova's BaseHostWeigher): a raw weight per host; the scheduler normalises each weigher's weights to
// 0..1 across the candidates and multiplies by the weigher's multiplier (positive spreads, negative stacks).
import type { HostState, SchedulingSpec } from '../host-state.js';

/** Nova's [filter_scheduler] *_weight_multiplier options. */
export interface WeightMultipliers {
  ram: number;
  cpu: number;
  disk: number;
  softAffinity: number;
  softAntiAffinity: number;
}

/** Nova's defaults: every multiplier 1.0 (spread). */
export const DEFAULT_MULTIPLIERS: WeightMultipliers = { ram: 1, cpu: 1, disk: 1, softAffinity: 1, softAntiAffinity: 1 };

/** A weigher: its name, which multiplier applies, and its raw weight. */
export interface HostWeigher {
  name: string;
  multiplier(multipliers: WeightMultipliers): number;
  /** The raw weight of the host (higher wins before the multiplier). */
  weigh(host: HostState, spec: SchedulingSpec): number;
}
