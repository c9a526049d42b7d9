// Default policies of limits (nova/policies/limits.py, 2024.1).
import type { PolicyRule } from '@nubo/core';
import { ADMIN, ANY, RULE_ADMIN_API, withDeprecated } from './base.js';

/** Anyone sees the limits of its own project; only admins those of another (tenant_id). */
export const limitsPolicies: PolicyRule[] = [
  {
    name: 'os_compute_api:limits',
    checkStr: ANY,
    description: 'Show rate and absolute limits for the current user project',
    operations: [{ method: 'GET', path: '/limits' }],
  },
  {
    name: 'os_compute_api:limits:other_project',
    checkStr: withDeprecated(ADMIN, RULE_ADMIN_API),
    description: 'Show rate and absolute limits of other project.',
    operations: [{ method: 'GET', path: '/limits' }],
  },
];
