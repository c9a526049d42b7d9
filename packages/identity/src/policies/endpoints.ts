// Default policies for /v3/endpoints, the catalog's endpoint entries (Keystone's policies/endpoint.py).
import type { PolicyRule } from '@nubo/core';
import { RULE_ADMIN_REQUIRED, SYSTEM_ADMIN, SYSTEM_READER, withDeprecated } from './base.js';

const ENDPOINT = '/v3/endpoints/{endpoint_id}';

/** Who may read and manage catalog endpoints. */
export const endpointPolicies: PolicyRule[] = [
  {
    name: 'identity:get_endpoint',
    checkStr: withDeprecated(SYSTEM_READER, RULE_ADMIN_REQUIRED),
    description: 'Show endpoint details.',
    operations: [{ path: ENDPOINT, method: 'GET' }],
  },
  {
    name: 'identity:list_endpoints',
    checkStr: withDeprecated(SYSTEM_READER, RULE_ADMIN_REQUIRED),
    description: 'List endpoints.',
    operations: [{ path: '/v3/endpoints', method: 'GET' }],
  },
  {
    name: 'identity:create_endpoint',
    checkStr: withDeprecated(SYSTEM_ADMIN, RULE_ADMIN_REQUIRED),
    description: 'Create endpoint.',
    operations: [{ path: '/v3/endpoints', method: 'POST' }],
  },
  {
    name: 'identity:update_endpoint',
    checkStr: withDeprecated(SYSTEM_ADMIN, RULE_ADMIN_REQUIRED),
    description: 'Update endpoint.',
    operations: [{ path: ENDPOINT, method: 'PATCH' }],
  },
  {
    name: 'identity:delete_endpoint',
    checkStr: withDeprecated(SYSTEM_ADMIN, RULE_ADMIN_REQUIRED),
    description: 'Delete endpoint.',
    operations: [{ path: ENDPOINT, method: 'DELETE' }],
  },
];
