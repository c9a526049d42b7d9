// The default rules of Placement's policies/trait.py, as nubo enforces them.
import type { PolicyRule } from '@nubo/core';
import { RULE_ADMIN_OR_SERVICE } from './base.js';

/** Who may manage traits and the traits of resource providers (policies/trait.py). */
export const traitPolicies: PolicyRule[] = [
  {
    name: 'placement:traits:list',
    checkStr: RULE_ADMIN_OR_SERVICE,
    description: 'List traits.',
    operations: [{ path: '/traits', method: 'GET' }],
  },
  {
    name: 'placement:traits:show',
    checkStr: RULE_ADMIN_OR_SERVICE,
    description: 'Show trait.',
    operations: [{ path: '/traits/{name}', method: 'GET' }],
  },
  {
    name: 'placement:traits:update',
    checkStr: RULE_ADMIN_OR_SERVICE,
    description: 'Update trait.',
    operations: [{ path: '/traits/{name}', method: 'PUT' }],
  },
  {
    name: 'placement:traits:delete',
    checkStr: RULE_ADMIN_OR_SERVICE,
    description: 'Delete trait.',
    operations: [{ path: '/traits/{name}', method: 'DELETE' }],
  },
  {
    name: 'placement:resource_providers:traits:list',
    checkStr: RULE_ADMIN_OR_SERVICE,
    description: 'List resource provider traits.',
    operations: [{ path: '/resource_providers/{uuid}/traits', method: 'GET' }],
  },
  {
    name: 'placement:resource_providers:traits:update',
    checkStr: RULE_ADMIN_OR_SERVICE,
    description: 'Update resource provider traits.',
    operations: [{ path: '/resource_providers/{uuid}/traits', method: 'PUT' }],
  },
  {
    name: 'placement:resource_providers:traits:delete',
    checkStr: RULE_ADMIN_OR_SERVICE,
    description: 'Delete resource provider traits.',
    operations: [{ path: '/resource_providers/{uuid}/traits', method: 'DELETE' }],
  },
];
