// Default policies for /v3/users/{user_id}/application_credentials (Keystone's policies/application_credential.py).
import type { PolicyRule } from '@nubo/core';
import {
  RULE_ADMIN_OR_OWNER,
  RULE_OWNER,
  RULE_SYSTEM_ADMIN_OR_OWNER,
  RULE_SYSTEM_READER_OR_OWNER,
  withDeprecated,
} from './base.js';

const COLLECTION = '/v3/users/{user_id}/application_credentials';
const RESOURCE = `${COLLECTION}/{application_credential_id}`;

/** Who may manage a user's application credentials: the user, system readers and admins; the target has `user_id`. */
export const applicationCredentialPolicies: PolicyRule[] = [
  {
    name: 'identity:get_application_credential',
    checkStr: withDeprecated(RULE_SYSTEM_READER_OR_OWNER, RULE_ADMIN_OR_OWNER),
    description: 'Show application credential details.',
    operations: [
      { path: RESOURCE, method: 'GET' },
      { path: RESOURCE, method: 'HEAD' },
    ],
  },
  {
    name: 'identity:list_application_credentials',
    checkStr: withDeprecated(RULE_SYSTEM_READER_OR_OWNER, RULE_ADMIN_OR_OWNER),
    description: 'List application credentials for a user.',
    operations: [
      { path: COLLECTION, method: 'GET' },
      { path: COLLECTION, method: 'HEAD' },
    ],
  },
  {
    // Only the user may create one, never an admin on their behalf; there is no deprecated rule to widen it.
    name: 'identity:create_application_credential',
    checkStr: RULE_OWNER,
    description: 'Create an application credential.',
    operations: [{ path: COLLECTION, method: 'POST' }],
  },
  {
    name: 'identity:delete_application_credential',
    checkStr: withDeprecated(RULE_SYSTEM_ADMIN_OR_OWNER, RULE_ADMIN_OR_OWNER),
    description: 'Delete an application credential.',
    operations: [{ path: RESOURCE, method: 'DELETE' }],
  },
];
