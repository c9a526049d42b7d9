// Default policies for /v3/roles, domain roles and implied roles (Keystone's policies/role.py, implied_role.py).
import type { PolicyRule } from '@nubo/core';
import { RULE_ADMIN_REQUIRED, SYSTEM_ADMIN, SYSTEM_READER, withDeprecated } from './base.js';

const ROLE = '/v3/roles/{role_id}';
const IMPLIES = '/v3/roles/{prior_role_id}/implies';
const IMPLIED = '/v3/roles/{prior_role_id}/implies/{implied_role_id}';

const SYSTEM_READER_OR_ADMIN = withDeprecated(SYSTEM_READER, RULE_ADMIN_REQUIRED);
const SYSTEM_ADMIN_OR_ADMIN = withDeprecated(SYSTEM_ADMIN, RULE_ADMIN_REQUIRED);

/** Who may read and manage roles; global and domain-specific roles share the URLs but not the rule names. */
export const rolePolicies: PolicyRule[] = [
  {
    name: 'identity:get_role',
    checkStr: SYSTEM_READER_OR_ADMIN,
    description: 'Show role details.',
    operations: [
      { path: ROLE, method: 'GET' },
      { path: ROLE, method: 'HEAD' },
    ],
  },
  {
    name: 'identity:list_roles',
    checkStr: SYSTEM_READER_OR_ADMIN,
    description: 'List roles.',
    operations: [
      { path: '/v3/roles', method: 'GET' },
      { path: '/v3/roles', method: 'HEAD' },
    ],
  },
  {
    name: 'identity:create_role',
    checkStr: SYSTEM_ADMIN_OR_ADMIN,
    description: 'Create role.',
    operations: [{ path: '/v3/roles', method: 'POST' }],
  },
  {
    name: 'identity:update_role',
    checkStr: SYSTEM_ADMIN_OR_ADMIN,
    description: 'Update role.',
    operations: [{ path: ROLE, method: 'PATCH' }],
  },
  {
    name: 'identity:delete_role',
    checkStr: SYSTEM_ADMIN_OR_ADMIN,
    description: 'Delete role.',
    operations: [{ path: ROLE, method: 'DELETE' }],
  },
  {
    name: 'identity:get_domain_role',
    checkStr: SYSTEM_READER_OR_ADMIN,
    description: 'Show domain role.',
    operations: [
      { path: ROLE, method: 'GET' },
      { path: ROLE, method: 'HEAD' },
    ],
  },
  {
    name: 'identity:list_domain_roles',
    checkStr: SYSTEM_READER_OR_ADMIN,
    description: 'List domain roles.',
    operations: [
      { path: '/v3/roles?domain_id={domain_id}', method: 'GET' },
      { path: '/v3/roles?domain_id={domain_id}', method: 'HEAD' },
    ],
  },
  {
    name: 'identity:create_domain_role',
    checkStr: SYSTEM_ADMIN_OR_ADMIN,
    description: 'Create domain role.',
    operations: [{ path: '/v3/roles', method: 'POST' }],
  },
  {
    name: 'identity:update_domain_role',
    checkStr: SYSTEM_ADMIN_OR_ADMIN,
    description: 'Update domain role.',
    operations: [{ path: ROLE, method: 'PATCH' }],
  },
  {
    name: 'identity:delete_domain_role',
    checkStr: SYSTEM_ADMIN_OR_ADMIN,
    description: 'Delete domain role.',
    operations: [{ path: ROLE, method: 'DELETE' }],
  },
];

/** Who may read and manage implied roles (a prior role that brings another role with it). */
export const impliedRolePolicies: PolicyRule[] = [
  {
    name: 'identity:get_implied_role',
    checkStr: SYSTEM_READER_OR_ADMIN,
    description:
      'Get information about an association between two roles. When a relationship exists between a prior role and ' +
      'an implied role and the prior role is assigned to a user, the user also assumes the implied role.',
    operations: [{ path: IMPLIED, method: 'GET' }],
  },
  {
    name: 'identity:list_implied_roles',
    checkStr: SYSTEM_READER_OR_ADMIN,
    description:
      'List associations between two roles. When a relationship exists between a prior role and an implied role ' +
      'and the prior role is assigned to a user, the user also assumes the implied role. This will return all the ' +
      'implied roles that would be assumed by the user who gets the specified prior role.',
    operations: [
      { path: IMPLIES, method: 'GET' },
      { path: IMPLIES, method: 'HEAD' },
    ],
  },
  {
    name: 'identity:create_implied_role',
    checkStr: SYSTEM_ADMIN_OR_ADMIN,
    description:
      'Create an association between two roles. When a relationship exists between a prior role and an implied ' +
      'role and the prior role is assigned to a user, the user also assumes the implied role.',
    operations: [{ path: IMPLIED, method: 'PUT' }],
  },
  {
    name: 'identity:delete_implied_role',
    checkStr: SYSTEM_ADMIN_OR_ADMIN,
    description:
      'Delete the association between two roles. When a relationship exists between a prior role and an implied ' +
      'role and the prior role is assigned to a user, the user also assumes the implied role. Removing the ' +
      'association will cause that effect to be eliminated.',
    operations: [{ path: IMPLIED, method: 'DELETE' }],
  },
  {
    name: 'identity:list_role_inference_rules',
    checkStr: SYSTEM_READER_OR_ADMIN,
    description:
      'List all associations between two roles in the system. When a relationship exists between a prior role and ' +
      'an implied role and the prior role is assigned to a user, the user also assumes the implied role.',
    operations: [
      { path: '/v3/role_inferences', method: 'GET' },
      { path: '/v3/role_inferences', method: 'HEAD' },
    ],
  },
  {
    name: 'identity:check_implied_role',
    checkStr: SYSTEM_READER_OR_ADMIN,
    description:
      'Check an association between two roles. When a relationship exists between a prior role and an implied ' +
      'role and the prior role is assigned to a user, the user also assumes the implied role.',
    operations: [{ path: IMPLIED, method: 'HEAD' }],
  },
];
