// The default rules of Placement's policies/inventory.py, as nubo enforces them.
import type { PolicyRule } from '@nubo/core';
import { RULE_ADMIN_OR_SERVICE } from './base.js';

/** Who may read and write resource provider inventories (policies/inventory.py). */
export const inventoryPolicies: PolicyRule[] = [
  {
    name: 'placement:resource_providers:inventories:list',
    checkStr: RULE_ADMIN_OR_SERVICE,
    description: 'List resource provider inventories.',
    operations: [{ path: '/resource_providers/{uuid}/inventories', method: 'GET' }],
  },
  {
    name: 'placement:resource_providers:inventories:create',
    checkStr: RULE_ADMIN_OR_SERVICE,
    description: 'Create one resource provider inventory.',
    operations: [{ path: '/resource_providers/{uuid}/inventories', method: 'POST' }],
  },
  {
    name: 'placement:resource_providers:inventories:show',
    checkStr: RULE_ADMIN_OR_SERVICE,
    description: 'Show resource provider inventory.',
    operations: [{ path: '/resource_providers/{uuid}/inventories/{resource_class}', method: 'GET' }],
  },
  {
    name: 'placement:resource_providers:inventories:update',
    checkStr: RULE_ADMIN_OR_SERVICE,
    description: 'Update resource provider inventory.',
    operations: [
      { path: '/resource_providers/{uuid}/inventories', method: 'PUT' },
      { path: '/resource_providers/{uuid}/inventories/{resource_class}', method: 'PUT' },
    ],
  },
  {
    name: 'placement:resource_providers:inventories:delete',
    checkStr: RULE_ADMIN_OR_SERVICE,
    description: 'Delete resource provider inventory.',
    operations: [
      { path: '/resource_providers/{uuid}/inventories', method: 'DELETE' },
      { path: '/resource_providers/{uuid}/inventories/{resource_class}', method: 'DELETE' },
    ],
  },
];
