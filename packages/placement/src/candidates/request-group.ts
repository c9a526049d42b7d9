// What GET /allocation_candidates asks for: request groups and the parameters that span them.

/**
 * A group of resources, traits and aggregates (Placement's RequestGroup). The unsuffixed group may be spread over
 * a provider tree and sharing providers; a suffixed (granular) group must come from a single provider.
 */
export interface RequestGroup {
  /** '' for the unsuffixed group, otherwise the suffix of `resources<suffix>`. */
  suffix: string;
  useSameProvider: boolean;
  /** Resource class → amount; empty for a resourceless group (allowed from 1.36 inside same_subtree). */
  resources: Map<string, number>;
  /** Each set is an any-of (1.39 `in:`); the sets are AND'd. */
  requiredTraits: Set<string>[];
  forbiddenTraits: Set<string>;
  /** Each set is an any-of (`in:`); the sets are AND'd. */
  memberOf: Set<string>[];
  forbiddenAggregates: Set<string>;
  /** The uuid of a provider whose tree the group must be satisfied in. */
  inTree?: string;
}

/** Parameters that apply to the request as a whole (Placement's RequestWideParams). */
export interface RequestWideParams {
  limit?: number;
  groupPolicy?: 'none' | 'isolate';
  /** root_required: traits the root of each candidate's tree must have … */
  rootRequired: Set<string>;
  /** … and must not have. */
  rootForbidden: Set<string>;
  /** same_subtree: each set of suffixes must be satisfied within one subtree. */
  sameSubtrees: Set<string>[];
}
