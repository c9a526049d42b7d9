// The default rules of Placement's policies/resource_class.py, as nubo enforces them.
import type { PolicyRule } from '@nubo/core';
import { RULE_ADMIN_OR_SERVICE } from './base.js';

/** Who may list and manage resource classes (policies/resource_class.py). */
export const resourceClassPolicies: PolicyRule[] = [
  {
    name: 'placement:resource_classes:list',
    checkStr: RULE_ADMIN_OR_SERVICE,
    description: 'List resource classes.',
    operations: [{ path: '/resource_classes', method: 'GET' }],
  },
  {
    name: 'placement:resource_classes:create',
    checkStr: RULE_ADMIN_OR_SERVICE,
    description: 'Create resource class.',
    operations: [{ path: '/resource_classes', method: 'POST' }],
  },
  {
    name: 'placement:resource_classes:show',
    checkStr: RULE_ADMIN_OR_SERVICE,
    description: 'Show resource class.',
    operations: [{ path: '/resource_classes/{name}', method: 'GET' }],
  },
  {
    name: 'placement:resource_classes:update',
    checkStr: RULE_ADMIN_OR_SERVICE,
    description: 'Update resource class.',
    operations: [{ path: '/resource_classes/{name}', method: 'PUT' }],
  },
  {
    name: 'placement:resource_classes:delete',
    checkStr: RULE_ADMIN_OR_SERVICE,
    description: 'Delete resource class.',
    operations: [{ path: '/resource_classes/{name}', method: 'DELETE' }],
  },
];
