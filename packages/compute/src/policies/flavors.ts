// Default policies of flavor_manage (nova/policies/flavor_manage.py, 2024.1).
import type { PolicyRule } from '@nubo/core';
import { ADMIN } from './base.js';

/** Only admins create, update and delete flavors; anyone may read the ones visible to them. */
export const flavorsPolicies: PolicyRule[] = [
  {
    name: 'os_compute_api:os-flavor-manage:create',
    checkStr: ADMIN,
    description: 'Create a flavor',
    operations: [{ method: 'POST', path: '/flavors' }],
  },
  {
    name: 'os_compute_api:os-flavor-manage:update',
    checkStr: ADMIN,
    description: 'Update a flavor',
    operations: [{ method: 'PUT', path: '/flavors/{flavor_id}' }],
  },
  {
    name: 'os_compute_api:os-flavor-manage:delete',
    checkStr: ADMIN,
    description: 'Delete a flavor',
    operations: [{ method: 'DELETE', path: '/flavors/{flavor_id}' }],
  },
];
