// Default policies for /v3/services, the catalog's service entries (Keystone's policies/service.py).
import type { PolicyRule } from '@nubo/core';
import { RULE_ADMIN_REQUIRED, SYSTEM_ADMIN, SYSTEM_READER, withDeprecated } from './base.js';

const SERVICE = '/v3/services/{service_id}';

/** Who may read and manage catalog services. */
export const servicePolicies: PolicyRule[] = [
  {
    name: 'identity:get_service',
    checkStr: withDeprecated(SYSTEM_READER, RULE_ADMIN_REQUIRED),
    description: 'Show service details.',
    operations: [{ path: SERVICE, method: 'GET' }],
  },
  {
    name: 'identity:list_services',
    checkStr: withDeprecated(SYSTEM_READER, RULE_ADMIN_REQUIRED),
    description: 'List services.',
    operations: [{ path: '/v3/services', method: 'GET' }],
  },
  {
    name: 'identity:create_service',
    checkStr: withDeprecated(SYSTEM_ADMIN, RULE_ADMIN_REQUIRED),
    description: 'Create service.',
    operations: [{ path: '/v3/services', method: 'POST' }],
  },
  {
    name: 'identity:update_service',
    checkStr: withDeprecated(SYSTEM_ADMIN, RULE_ADMIN_REQUIRED),
    description: 'Update service.',
    operations: [{ path: SERVICE, method: 'PATCH' }],
  },
  {
    name: 'identity:delete_service',
    checkStr: withDeprecated(SYSTEM_ADMIN, RULE_ADMIN_REQUIRED),
    description: 'Delete service.',
    operations: [{ path: SERVICE, method: 'DELETE' }],
  },
];
