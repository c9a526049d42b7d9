// Default policies of services (nova/policies/services.py, 2024.1).
import type { PolicyRule } from '@nubo/core';
import { ADMIN, RULE_ADMIN_API, withDeprecated } from './base.js';

/** Compute services are an admin-only resource. */
export const computeServicesPolicies: PolicyRule[] = [
  {
    name: 'os_compute_api:os-services:list',
    checkStr: withDeprecated(ADMIN, RULE_ADMIN_API),
    description: 'List all running Compute services in a region.',
    operations: [{ method: 'GET', path: '/os-services' }],
  },
  {
    name: 'os_compute_api:os-services:update',
    checkStr: withDeprecated(ADMIN, RULE_ADMIN_API),
    description: 'Update a Compute service.',
    operations: [{ method: 'PUT', path: '/os-services/{service_id}' }],
  },
  {
    name: 'os_compute_api:os-services:delete',
    checkStr: withDeprecated(ADMIN, RULE_ADMIN_API),
    description: 'Delete a Compute service.',
    operations: [{ method: 'DELETE', path: '/os-services/{service_id}' }],
  },
];
