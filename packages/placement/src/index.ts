// @nubo/placement: the Placement API, and the client other services claim resources with.
export {
  type AllocationCandidate,
  type AllocationCandidates,
  type ClaimResult,
  type InventorySpec,
  PlacementClient,
  type PlacementClientOptions,
  type ResourceProvider,
} from './client.js';
export { type PlacementConfig, placementSection } from './config.js';
export { createPlacementService, PLACEMENT_PREFIX, type PlacementService } from './plugin.js';
