// Default policies for the discovery calls under /v2/info (glance/policies/discovery.py).
import type { PolicyRule } from '@nubo/core';
import { ADMIN } from './base.js';

/** Who may read store details (admins only). */
export const discoveryPolicies: PolicyRule[] = [
  {
    name: 'stores_info_detail',
    checkStr: ADMIN,
    description: 'Expose store specific information',
    operations: [{ path: '/v2/info/stores/detail', method: 'GET' }],
  },
];
