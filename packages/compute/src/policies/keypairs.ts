// Default policies of keypairs (nova/policies/keypairs.py, 2024.1).
import type { PolicyRule } from '@nubo/core';
import { ADMIN } from './base.js';

/** A user manages its own key pairs; an admin those of any user (the user_id query parameter, 2.10). */
export const keypairsPolicies: PolicyRule[] = [
  {
    name: 'os_compute_api:os-keypairs:index',
    checkStr: `(${ADMIN}) or user_id:%(user_id)s`,
    description: 'List all keypairs',
    operations: [{ method: 'GET', path: '/os-keypairs' }],
  },
  {
    name: 'os_compute_api:os-keypairs:create',
    checkStr: `(${ADMIN}) or user_id:%(user_id)s`,
    description: 'Create a keypair',
    operations: [{ method: 'POST', path: '/os-keypairs' }],
  },
  {
    name: 'os_compute_api:os-keypairs:delete',
    checkStr: `(${ADMIN}) or user_id:%(user_id)s`,
    description: 'Delete a keypair',
    operations: [{ method: 'DELETE', path: '/os-keypairs/{keypair_name}' }],
  },
  {
    name: 'os_compute_api:os-keypairs:show',
    checkStr: `(${ADMIN}) or user_id:%(user_id)s`,
    description: 'Show details of a keypair',
    operations: [{ method: 'GET', path: '/os-keypairs/{keypair_name}' }],
  },
];
