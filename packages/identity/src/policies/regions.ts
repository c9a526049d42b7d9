// Default policies for /v3/regions (Keystone's policies/region.py).
import type { PolicyRule } from '@nubo/core';
import { RULE_ADMIN_REQUIRED, SYSTEM_ADMIN, withDeprecated } from './base.js';

const REGION = '/v3/regions/{region_id}';

/** Any valid token may read regions; only admins manage them. */
export const regionPolicies: PolicyRule[] = [
  {
    name: 'identity:get_region',
    checkStr: '',
    description: 'Show region details.',
    operations: [
      { path: REGION, method: 'GET' },
      { path: REGION, method: 'HEAD' },
    ],
  },
  {
    name: 'identity:list_regions',
    checkStr: '',
    description: 'List regions.',
    operations: [
      { path: '/v3/regions', method: 'GET' },
      { path: '/v3/regions', method: 'HEAD' },
    ],
  },
  {
    name: 'identity:create_region',
    checkStr: withDeprecated(SYSTEM_ADMIN, RULE_ADMIN_REQUIRED),
    description: 'Create region.',
    operations: [
      { path: '/v3/regions', method: 'POST' },
      { path: REGION, method: 'PUT' },
    ],
  },
  {
    name: 'identity:update_region',
    checkStr: withDeprecated(SYSTEM_ADMIN, RULE_ADMIN_REQUIRED),
    description: 'Update region.',
    operations: [{ path: REGION, method: 'PATCH' }],
  },
  {
    name: 'identity:delete_region',
    checkStr: withDeprecated(SYSTEM_ADMIN, RULE_ADMIN_REQUIRED),
    description: 'Delete region.',
    operations: [{ path: REGION, method: 'DELETE' }],
  },
];
