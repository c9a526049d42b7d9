// What the conductor's steps work with: Placement, the topology cache, the scheduler's weights, and locks that
// serialise the scheduling of one server group's members (so two cannot both take the last anti-affine host).
import type { ComputeContext } from '../context.js';
import type { PlacementApi } from '../placement.js';
import type { WeightMultipliers } from '../scheduler/weighers/weigher.js';
import type { CandidateCache } from './candidate-cache.js';
import type { ClaimOverlay } from './claim-overlay.js';
import type { TopologyCache } from './host-snapshot.js';

/** The conductor's dependencies, built once by the engine. */
export interface ConductorContext {
  ctx: ComputeContext;
  placement: PlacementApi;
  topology: TopologyCache;
  multipliers: Partial<WeightMultipliers>;
  /** Nova's host_subset_size. */
  hostSubsetSize: number;
  /** Runs `fn` after every earlier call with the same key has finished. */
  serialize<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** Claims in flight, so concurrent schedules see each other. */
  overlay: ClaimOverlay;
  /** Allocation candidates shared by requests within a short window. */
  candidates: CandidateCache;
  /** Provider uuid → the Placement aggregates last written for it (mirror of host aggregates). */
  syncedAggregates: Map<string, string>;
}
