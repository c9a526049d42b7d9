// The default rules of Placement's policies/aggregate.py, as nubo enforces them.
import type { PolicyRule } from '@nubo/core';
import { RULE_ADMIN_OR_SERVICE } from './base.js';

/** Who may read and set resource provider aggregates (policies/aggregate.py). */
export const aggregatePolicies: PolicyRule[] = [
  {
    name: 'placement:resource_providers:aggregates:list',
    checkStr: RULE_ADMIN_OR_SERVICE,
    description: 'List resource provider aggregates.',
    operations: [{ path: '/resource_providers/{uuid}/aggregates', method: 'GET' }],
  },
  {
    name: 'placement:resource_providers:aggregates:update',
    checkStr: RULE_ADMIN_OR_SERVICE,
    description: 'Update resource provider aggregates.',
    operations: [{ path: '/resource_providers/{uuid}/aggregates', method: 'PUT' }],
  },
];
