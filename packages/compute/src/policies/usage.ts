// Default policies of simple_tenant_usage (nova/policies/simple_tenant_usage.py, 2024.1).
import type { PolicyRule } from '@nubo/core';
import { ADMIN, PROJECT_READER_OR_ADMIN } from './base.js';

/** Project readers see their project's usage; only admins list every project's. */
export const usagePolicies: PolicyRule[] = [
  {
    name: 'os_compute_api:os-simple-tenant-usage:show',
    checkStr: PROJECT_READER_OR_ADMIN,
    description: 'Show usage statistics for a specific tenant',
    operations: [{ method: 'GET', path: '/os-simple-tenant-usage/{tenant_id}' }],
  },
  {
    name: 'os_compute_api:os-simple-tenant-usage:list',
    checkStr: ADMIN,
    description: 'List per tenant usage statistics for all tenants',
    operations: [{ method: 'GET', path: '/os-simple-tenant-usage' }],
  },
];
