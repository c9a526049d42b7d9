// Default policies for /v3/users and the caller's /v3/auth projects and domains (Keystone's policies/user.py).
import type { PolicyRule } from '@nubo/core';
import {
  DOMAIN_READER,
  RULE_ADMIN_OR_OWNER,
  RULE_ADMIN_REQUIRED,
  SYSTEM_READER,
  TOKEN_DOMAIN_ID,
  withDeprecated,
} from './base.js';

const SYSTEM_READER_OR_DOMAIN_READER_OR_USER =
  `(${SYSTEM_READER}) or ` +
  `(role:reader and ${TOKEN_DOMAIN_ID}:%(target.user.domain_id)s) or ` +
  'user_id:%(target.user.id)s';

const SYSTEM_READER_OR_DOMAIN_READER = `(${SYSTEM_READER}) or (${DOMAIN_READER})`;

const SYSTEM_ADMIN_OR_DOMAIN_ADMIN = [
  '(role:admin and system_scope:all)',
  `(role:admin and ${TOKEN_DOMAIN_ID}:%(target.user.domain_id)s)`,
].join(' or ');

const USER = '/v3/users/{user_id}';

/**
 * Who may read and manage users; the target of a single user is `{ target: { user } }`, and of a list the filters
 * (`{ target: { domain_id } }`).
 */
export const userPolicies: PolicyRule[] = [
  {
    name: 'identity:get_user',
    checkStr: withDeprecated(SYSTEM_READER_OR_DOMAIN_READER_OR_USER, RULE_ADMIN_OR_OWNER),
    description: 'Show user details.',
    operations: [
      { path: USER, method: 'GET' },
      { path: USER, method: 'HEAD' },
    ],
  },
  {
    name: 'identity:list_users',
    checkStr: withDeprecated(SYSTEM_READER_OR_DOMAIN_READER, RULE_ADMIN_REQUIRED),
    description: 'List users.',
    operations: [
      { path: '/v3/users', method: 'GET' },
      { path: '/v3/users', method: 'HEAD' },
    ],
  },
  {
    // Any valid token, unscoped included: the caller lists what it could scope a token to.
    name: 'identity:list_projects_for_user',
    checkStr: '',
    description: 'List all projects a user has access to via role assignments.',
    operations: [{ path: '/v3/auth/projects', method: 'GET' }],
  },
  {
    name: 'identity:list_domains_for_user',
    checkStr: '',
    description: 'List all domains a user has access to via role assignments.',
    operations: [{ path: '/v3/auth/domains', method: 'GET' }],
  },
  {
    name: 'identity:create_user',
    checkStr: withDeprecated(SYSTEM_ADMIN_OR_DOMAIN_ADMIN, RULE_ADMIN_REQUIRED),
    description: 'Create a user.',
    operations: [{ path: '/v3/users', method: 'POST' }],
  },
  {
    name: 'identity:update_user',
    checkStr: withDeprecated(SYSTEM_ADMIN_OR_DOMAIN_ADMIN, RULE_ADMIN_REQUIRED),
    description: 'Update a user, including administrative password resets.',
    operations: [{ path: USER, method: 'PATCH' }],
  },
  {
    name: 'identity:delete_user',
    checkStr: withDeprecated(SYSTEM_ADMIN_OR_DOMAIN_ADMIN, RULE_ADMIN_REQUIRED),
    description: 'Delete a user.',
    operations: [{ path: USER, method: 'DELETE' }],
  },
];
