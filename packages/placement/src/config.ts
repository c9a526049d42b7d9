// The `placement` section of nubo.yaml.
import { type Static, Type } from 'typebox';

/** The `placement` section of nubo.yaml, with a default and help for every field. */
export const placementSection = Type.Object({
  randomizeAllocationCandidates: Type.Boolean({
    default: false,
    description:
      'Return allocation candidates in random order, and a random sample when `limit` cuts the list ' +
      '(Placement [placement] randomize_allocation_candidates).',
  }),
  maxAllocationCandidates: Type.Integer({
    default: -1,
    minimum: -1,
    description:
      'Stop generating allocation candidates after this many; -1 means no limit ' +
      '(Placement [placement] max_allocation_candidates).',
  }),
  allocationConflictRetryCount: Type.Integer({
    default: 10,
    minimum: 1,
    description:
      'Attempts at an allocation write when a resource provider generation changed underneath it ' +
      '(Placement [placement] allocation_conflict_retry_count).',
  }),
  incompleteConsumerProjectId: Type.String({
    default: '00000000-0000-0000-0000-000000000000',
    description: 'Project recorded for consumers written before microversion 1.8, which sends none.',
  }),
  incompleteConsumerUserId: Type.String({
    default: '00000000-0000-0000-0000-000000000000',
    description: 'User recorded for consumers written before microversion 1.8, which sends none.',
  }),
});

/** The compiled `placement` section. */
export type PlacementConfig = Static<typeof placementSection>;
