// Request bodies of /resource_providers/{uuid}/aggregates (placement/schemas/aggregate.py).
import { Type } from 'typebox';
import { uuidString } from './common.js';

const aggregateList = Type.Array(uuidString, { uniqueItems: true });

/** PUT /resource_providers/{uuid}/aggregates: a bare list before 1.19, an object with the generation from 1.19. */
export const aggregatesBody = {
  '1.1': aggregateList,
  '1.19': Type.Object(
    { aggregates: aggregateList, resource_provider_generation: Type.Integer() },
    { additionalProperties: false },
  ),
};
