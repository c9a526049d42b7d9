// Default policies of flavor_access (nova/policies/flavor_access.py, 2024.1).
import type { PolicyRule } from '@nubo/core';
import { ADMIN, RULE_ADMIN_OR_OWNER, withDeprecated } from './base.js';

/** Only admins grant, revoke and list the projects of a private flavor. */
export const flavorAccessPolicies: PolicyRule[] = [
  {
    name: 'os_compute_api:os-flavor-access:add_tenant_access',
    checkStr: ADMIN,
    description: 'Add flavor access to a tenant',
    operations: [{ method: 'POST', path: '/flavors/{flavor_id}/action (addTenantAccess)' }],
  },
  {
    name: 'os_compute_api:os-flavor-access:remove_tenant_access',
    checkStr: ADMIN,
    description: 'Remove flavor access from a tenant',
    operations: [{ method: 'POST', path: '/flavors/{flavor_id}/action (removeTenantAccess)' }],
  },
  {
    name: 'os_compute_api:os-flavor-access',
    checkStr: withDeprecated(ADMIN, RULE_ADMIN_OR_OWNER),
    description: 'List flavor access information',
    operations: [{ method: 'GET', path: '/flavors/{flavor_id}/os-flavor-access' }],
  },
];
