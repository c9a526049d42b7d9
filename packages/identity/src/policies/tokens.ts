// Default policies for /v3/auth/tokens: validate, check and revoke a token (Keystone's policies/token.py).
import type { PolicyRule } from '@nubo/core';
import { RULE_ADMIN_OR_TOKEN_SUBJECT, RULE_SERVICE_ADMIN_OR_TOKEN_SUBJECT, withDeprecated } from './base.js';

const SYSTEM_ADMIN_OR_TOKEN_SUBJECT = '(role:admin and system_scope:all) or rule:token_subject';
const SYSTEM_USER_OR_TOKEN_SUBJECT = '(role:reader and system_scope:all) or rule:token_subject';
const SYSTEM_USER_OR_SERVICE_OR_TOKEN_SUBJECT =
  '(role:reader and system_scope:all) or rule:service_role or rule:token_subject';

/** Who may check, validate and revoke a subject token; the target is `{ target: { token: { user_id } } }`. */
export const tokenPolicies: PolicyRule[] = [
  {
    name: 'identity:check_token',
    checkStr: withDeprecated(SYSTEM_USER_OR_TOKEN_SUBJECT, RULE_ADMIN_OR_TOKEN_SUBJECT),
    description: 'Check a token.',
    operations: [{ path: '/v3/auth/tokens', method: 'HEAD' }],
  },
  {
    name: 'identity:validate_token',
    checkStr: withDeprecated(SYSTEM_USER_OR_SERVICE_OR_TOKEN_SUBJECT, RULE_SERVICE_ADMIN_OR_TOKEN_SUBJECT),
    description: 'Validate a token.',
    operations: [{ path: '/v3/auth/tokens', method: 'GET' }],
  },
  {
    name: 'identity:revoke_token',
    checkStr: withDeprecated(SYSTEM_ADMIN_OR_TOKEN_SUBJECT, RULE_ADMIN_OR_TOKEN_SUBJECT),
    description: 'Revoke a token.',
    operations: [{ path: '/v3/auth/tokens', method: 'DELETE' }],
  },
];
