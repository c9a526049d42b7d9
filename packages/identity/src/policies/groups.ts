// Default policies for /v3/groups, group membership and /v3/users/{user_id}/groups (Keystone's policies/group.py).
import type { PolicyRule } from '@nubo/core';
import { RULE_ADMIN_OR_OWNER, RULE_ADMIN_REQUIRED, withDeprecated } from './base.js';

const SYSTEM_READER_OR_DOMAIN_READER_FOR_TARGET_USER_OR_OWNER =
  '(role:reader and system_scope:all) or ' +
  '(role:reader and domain_id:%(target.user.domain_id)s) or ' +
  'user_id:%(user_id)s';

const SYSTEM_READER_OR_DOMAIN_READER_FOR_TARGET_GROUP_USER =
  '(role:reader and system_scope:all) or ' +
  '(role:reader and domain_id:%(target.group.domain_id)s and domain_id:%(target.user.domain_id)s)';

const SYSTEM_ADMIN_OR_DOMAIN_ADMIN_FOR_TARGET_GROUP_USER =
  '(role:admin and system_scope:all) or ' +
  '(role:admin and domain_id:%(target.group.domain_id)s and domain_id:%(target.user.domain_id)s)';

const SYSTEM_READER_OR_DOMAIN_READER =
  '(role:reader and system_scope:all) or (role:reader and domain_id:%(target.group.domain_id)s)';

const SYSTEM_ADMIN_OR_DOMAIN_ADMIN =
  '(role:admin and system_scope:all) or (role:admin and domain_id:%(target.group.domain_id)s)';

const GROUP = '/v3/groups/{group_id}';
const MEMBER = '/v3/groups/{group_id}/users/{user_id}';

/**
 * Who may read and manage groups and their members; the target is `{ target: { group } }`, plus `user` for a
 * membership (both domains must be the caller's for a domain admin or reader).
 */
export const groupPolicies: PolicyRule[] = [
  {
    name: 'identity:get_group',
    checkStr: withDeprecated(SYSTEM_READER_OR_DOMAIN_READER, RULE_ADMIN_REQUIRED),
    description: 'Show group details.',
    operations: [
      { path: GROUP, method: 'GET' },
      { path: GROUP, method: 'HEAD' },
    ],
  },
  {
    name: 'identity:list_groups',
    checkStr: withDeprecated(SYSTEM_READER_OR_DOMAIN_READER, RULE_ADMIN_REQUIRED),
    description: 'List groups.',
    operations: [
      { path: '/v3/groups', method: 'GET' },
      { path: '/v3/groups', method: 'HEAD' },
    ],
  },
  {
    name: 'identity:list_groups_for_user',
    checkStr: withDeprecated(SYSTEM_READER_OR_DOMAIN_READER_FOR_TARGET_USER_OR_OWNER, RULE_ADMIN_OR_OWNER),
    description: 'List groups to which a user belongs.',
    operations: [
      { path: '/v3/users/{user_id}/groups', method: 'GET' },
      { path: '/v3/users/{user_id}/groups', method: 'HEAD' },
    ],
  },
  {
    name: 'identity:create_group',
    checkStr: withDeprecated(SYSTEM_ADMIN_OR_DOMAIN_ADMIN, RULE_ADMIN_REQUIRED),
    description: 'Create group.',
    operations: [{ path: '/v3/groups', method: 'POST' }],
  },
  {
    name: 'identity:update_group',
    checkStr: withDeprecated(SYSTEM_ADMIN_OR_DOMAIN_ADMIN, RULE_ADMIN_REQUIRED),
    description: 'Update group.',
    operations: [{ path: GROUP, method: 'PATCH' }],
  },
  {
    name: 'identity:delete_group',
    checkStr: withDeprecated(SYSTEM_ADMIN_OR_DOMAIN_ADMIN, RULE_ADMIN_REQUIRED),
    description: 'Delete group.',
    operations: [{ path: GROUP, method: 'DELETE' }],
  },
  {
    name: 'identity:list_users_in_group',
    checkStr: withDeprecated(SYSTEM_READER_OR_DOMAIN_READER, RULE_ADMIN_REQUIRED),
    description: 'List members of a specific group.',
    operations: [
      { path: `${GROUP}/users`, method: 'GET' },
      { path: `${GROUP}/users`, method: 'HEAD' },
    ],
  },
  {
    name: 'identity:remove_user_from_group',
    checkStr: withDeprecated(SYSTEM_ADMIN_OR_DOMAIN_ADMIN_FOR_TARGET_GROUP_USER, RULE_ADMIN_REQUIRED),
    description: 'Remove user from group.',
    operations: [{ path: MEMBER, method: 'DELETE' }],
  },
  {
    name: 'identity:check_user_in_group',
    checkStr: withDeprecated(SYSTEM_READER_OR_DOMAIN_READER_FOR_TARGET_GROUP_USER, RULE_ADMIN_REQUIRED),
    description: 'Check whether a user is a member of a group.',
    operations: [
      { path: MEMBER, method: 'HEAD' },
      { path: MEMBER, method: 'GET' },
    ],
  },
  {
    name: 'identity:add_user_to_group',
    checkStr: withDeprecated(SYSTEM_ADMIN_OR_DOMAIN_ADMIN_FOR_TARGET_GROUP_USER, RULE_ADMIN_REQUIRED),
    description: 'Add user to group.',
    operations: [{ path: MEMBER, method: 'PUT' }],
  },
];
