// The default rules of Placement's policies/resource_provider.py, as nubo enforces them.
import type { PolicyRule } from '@nubo/core';
import { RULE_ADMIN_OR_SERVICE } from './base.js';

/** Who may list, create, show, update and delete resource providers (policies/resource_provider.py). */
export const resourceProviderPolicies: PolicyRule[] = [
  {
    name: 'placement:resource_providers:list',
    checkStr: RULE_ADMIN_OR_SERVICE,
    description: 'List resource providers.',
    operations: [{ path: '/resource_providers', method: 'GET' }],
  },
  {
    name: 'placement:resource_providers:create',
    checkStr: RULE_ADMIN_OR_SERVICE,
    description: 'Create resource provider.',
    operations: [{ path: '/resource_providers', method: 'POST' }],
  },
  {
    name: 'placement:resource_providers:show',
    checkStr: RULE_ADMIN_OR_SERVICE,
    description: 'Show resource provider.',
    operations: [{ path: '/resource_providers/{uuid}', method: 'GET' }],
  },
  {
    name: 'placement:resource_providers:update',
    checkStr: RULE_ADMIN_OR_SERVICE,
    description: 'Update resource provider.',
    operations: [{ path: '/resource_providers/{uuid}', method: 'PUT' }],
  },
  {
    name: 'placement:resource_providers:delete',
    checkStr: RULE_ADMIN_OR_SERVICE,
    description: 'Delete resource provider.',
    operations: [{ path: '/resource_providers/{uuid}', method: 'DELETE' }],
  },
];
