// The default rules of Placement's policies/allocation.py, as nubo enforces them.
import type { PolicyRule } from '@nubo/core';
import { RULE_ADMIN_OR_SERVICE } from './base.js';

/** Who may read and write allocations (policies/allocation.py). */
export const allocationPolicies: PolicyRule[] = [
  {
    name: 'placement:allocations:manage',
    checkStr: RULE_ADMIN_OR_SERVICE,
    description: 'Manage allocations.',
    operations: [{ path: '/allocations', method: 'POST' }],
  },
  {
    name: 'placement:allocations:list',
    checkStr: RULE_ADMIN_OR_SERVICE,
    description: 'List allocations.',
    operations: [{ path: '/allocations/{consumer_uuid}', method: 'GET' }],
  },
  {
    name: 'placement:allocations:update',
    checkStr: RULE_ADMIN_OR_SERVICE,
    description: 'Update allocations.',
    operations: [{ path: '/allocations/{consumer_uuid}', method: 'PUT' }],
  },
  {
    name: 'placement:allocations:delete',
    checkStr: RULE_ADMIN_OR_SERVICE,
    description: 'Delete allocations.',
    operations: [{ path: '/allocations/{consumer_uuid}', method: 'DELETE' }],
  },
  {
    name: 'placement:resource_providers:allocations:list',
    checkStr: RULE_ADMIN_OR_SERVICE,
    description: 'List resource provider allocations.',
    operations: [{ path: '/resource_providers/{uuid}/allocations', method: 'GET' }],
  },
];
