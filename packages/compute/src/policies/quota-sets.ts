// Default policies of quota_sets (nova/policies/quota_sets.py, 2024.1).
import type { PolicyRule } from '@nubo/core';
import { ADMIN, ANY, PROJECT_READER_OR_ADMIN } from './base.js';

/** Anyone reads default quotas; project readers read their project's; only admins change or revert them. */
export const quotaSetsPolicies: PolicyRule[] = [
  {
    name: 'os_compute_api:os-quota-sets:update',
    checkStr: ADMIN,
    description: 'Update the quotas',
    operations: [{ method: 'PUT', path: '/os-quota-sets/{tenant_id}' }],
  },
  {
    name: 'os_compute_api:os-quota-sets:defaults',
    checkStr: ANY,
    description: 'List default quotas',
    operations: [{ method: 'GET', path: '/os-quota-sets/{tenant_id}/defaults' }],
  },
  {
    name: 'os_compute_api:os-quota-sets:show',
    checkStr: PROJECT_READER_OR_ADMIN,
    description: 'Show a quota',
    operations: [{ method: 'GET', path: '/os-quota-sets/{tenant_id}' }],
  },
  {
    name: 'os_compute_api:os-quota-sets:delete',
    checkStr: ADMIN,
    description: 'Revert quotas to defaults',
    operations: [{ method: 'DELETE', path: '/os-quota-sets/{tenant_id}' }],
  },
  {
    name: 'os_compute_api:os-quota-sets:detail',
    checkStr: PROJECT_READER_OR_ADMIN,
    description: 'Show the detail of quota',
    operations: [{ method: 'GET', path: '/os-quota-sets/{tenant_id}/detail' }],
  },
];
