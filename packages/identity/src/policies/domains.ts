// Default policies for /v3/domains (Keystone's policies/domain.py).
import type { PolicyRule } from '@nubo/core';
import {
  RULE_ADMIN_OR_TARGET_DOMAIN,
  RULE_ADMIN_REQUIRED,
  SYSTEM_ADMIN,
  SYSTEM_READER,
  TOKEN_DOMAIN_ID,
  TOKEN_PROJECT_DOMAIN_ID,
  withDeprecated,
} from './base.js';

const SYSTEM_USER_OR_DOMAIN_USER_OR_PROJECT_USER =
  '(role:reader and system_scope:all) or ' +
  `${TOKEN_DOMAIN_ID}:%(target.domain.id)s or ` +
  `${TOKEN_PROJECT_DOMAIN_ID}:%(target.domain.id)s`;

/** Who may read and manage domains; the target of a single domain is `{ target: { domain } }`. */
export const domainPolicies: PolicyRule[] = [
  {
    name: 'identity:get_domain',
    checkStr: withDeprecated(SYSTEM_USER_OR_DOMAIN_USER_OR_PROJECT_USER, RULE_ADMIN_OR_TARGET_DOMAIN),
    description: 'Show domain details.',
    operations: [{ path: '/v3/domains/{domain_id}', method: 'GET' }],
  },
  {
    name: 'identity:list_domains',
    checkStr: withDeprecated(SYSTEM_READER, RULE_ADMIN_REQUIRED),
    description: 'List domains.',
    operations: [{ path: '/v3/domains', method: 'GET' }],
  },
  {
    name: 'identity:create_domain',
    checkStr: withDeprecated(SYSTEM_ADMIN, RULE_ADMIN_REQUIRED),
    description: 'Create domain.',
    operations: [{ path: '/v3/domains', method: 'POST' }],
  },
  {
    name: 'identity:update_domain',
    checkStr: withDeprecated(SYSTEM_ADMIN, RULE_ADMIN_REQUIRED),
    description: 'Update domain.',
    operations: [{ path: '/v3/domains/{domain_id}', method: 'PATCH' }],
  },
  {
    name: 'identity:delete_domain',
    checkStr: withDeprecated(SYSTEM_ADMIN, RULE_ADMIN_REQUIRED),
    description: 'Delete domain.',
    operations: [{ path: '/v3/domains/{domain_id}', method: 'DELETE' }],
  },
];
