// Default policies for role grants on projects, domains and the system (Keystone's policies/grant.py).
import type { PolicyRule } from '@nubo/core';
import { RULE_ADMIN_REQUIRED, SYSTEM_ADMIN, SYSTEM_READER, withDeprecated } from './base.js';

// One rule guards both user and group grants, so the domain clauses cover either actor on either kind of target.
const DOMAIN_MATCHES_USER_DOMAIN = 'domain_id:%(target.user.domain_id)s';
const DOMAIN_MATCHES_GROUP_DOMAIN = 'domain_id:%(target.group.domain_id)s';
const DOMAIN_MATCHES_PROJECT_DOMAIN = 'domain_id:%(target.project.domain_id)s';
const DOMAIN_MATCHES_TARGET_DOMAIN = 'domain_id:%(target.domain.id)s';
// A domain admin may grant the domain's own roles and global ones (a global role has a null domain_id).
const DOMAIN_MATCHES_ROLE = 'domain_id:%(target.role.domain_id)s or None:%(target.role.domain_id)s';

function grantsDomain(role: 'reader' | 'admin'): string {
  return [
    [DOMAIN_MATCHES_USER_DOMAIN, DOMAIN_MATCHES_PROJECT_DOMAIN],
    [DOMAIN_MATCHES_USER_DOMAIN, DOMAIN_MATCHES_TARGET_DOMAIN],
    [DOMAIN_MATCHES_GROUP_DOMAIN, DOMAIN_MATCHES_PROJECT_DOMAIN],
    [DOMAIN_MATCHES_GROUP_DOMAIN, DOMAIN_MATCHES_TARGET_DOMAIN],
  ]
    .map(([actor, target]) => `(role:${role} and ${actor} and ${target})`)
    .join(' or ');
}

// Keystone's strings read `A or (B) and (C)`; `and` binds tighter, so the role clause applies to the domain part only.
const SYSTEM_READER_OR_DOMAIN_READER = `(${SYSTEM_READER}) or (${grantsDomain('reader')}) and (${DOMAIN_MATCHES_ROLE})`;
const SYSTEM_READER_OR_DOMAIN_READER_LIST = `(${SYSTEM_READER}) or ${grantsDomain('reader')}`;
const SYSTEM_ADMIN_OR_DOMAIN_ADMIN = `(${SYSTEM_ADMIN}) or (${grantsDomain('admin')}) and (${DOMAIN_MATCHES_ROLE})`;

const DIRECT_RESOURCE_PATHS = [
  '/projects/{project_id}/users/{user_id}/roles/{role_id}',
  '/projects/{project_id}/groups/{group_id}/roles/{role_id}',
  '/domains/{domain_id}/users/{user_id}/roles/{role_id}',
  '/domains/{domain_id}/groups/{group_id}/roles/{role_id}',
];
const RESOURCE_PATHS = [
  ...DIRECT_RESOURCE_PATHS,
  ...DIRECT_RESOURCE_PATHS.map((path) => `/OS-INHERIT${path}/inherited_to_projects`),
];

const COLLECTION_PATHS = [
  '/projects/{project_id}/users/{user_id}/roles',
  '/projects/{project_id}/groups/{group_id}/roles',
  '/domains/{domain_id}/users/{user_id}/roles',
  '/domains/{domain_id}/groups/{group_id}/roles',
];

const INHERITED_COLLECTION_PATHS = [
  '/OS-INHERIT/domains/{domain_id}/groups/{group_id}/roles/inherited_to_projects',
  '/OS-INHERIT/domains/{domain_id}/users/{user_id}/roles/inherited_to_projects',
];

function operations(paths: string[], methods: string[]): { path: string; method: string }[] {
  return paths.flatMap((path) => methods.map((method) => ({ path: `/v3${path}`, method })));
}

/**
 * Who may check, list, create and revoke role grants. The target carries `role`, one actor (`user` or `group`)
 * and one scope (`project` or `domain`) under `target`.
 */
export const grantPolicies: PolicyRule[] = [
  {
    name: 'identity:check_grant',
    checkStr: withDeprecated(SYSTEM_READER_OR_DOMAIN_READER, RULE_ADMIN_REQUIRED),
    description:
      'Check a role grant between a target and an actor. A target can be either a domain or a project. An actor ' +
      'can be either a user or a group. These terms also apply to the OS-INHERIT APIs, where grants on the target ' +
      'are inherited to all projects in the subtree, if applicable.',
    operations: operations(RESOURCE_PATHS, ['HEAD', 'GET']),
  },
  {
    name: 'identity:list_grants',
    checkStr: withDeprecated(SYSTEM_READER_OR_DOMAIN_READER_LIST, RULE_ADMIN_REQUIRED),
    description:
      'List roles granted to an actor on a target. A target can be either a domain or a project. An actor can be ' +
      'either a user or a group. For the OS-INHERIT APIs, it is possible to list inherited role grants for actors ' +
      'on domains, where grants are inherited to all projects in the specified domain.',
    // Keystone's inherited collections answer GET only, not HEAD.
    operations: [...operations(COLLECTION_PATHS, ['GET', 'HEAD']), ...operations(INHERITED_COLLECTION_PATHS, ['GET'])],
  },
  {
    name: 'identity:create_grant',
    checkStr: withDeprecated(SYSTEM_ADMIN_OR_DOMAIN_ADMIN, RULE_ADMIN_REQUIRED),
    description:
      'Create a role grant between a target and an actor. A target can be either a domain or a project. An actor ' +
      'can be either a user or a group. These terms also apply to the OS-INHERIT APIs, where grants on the target ' +
      'are inherited to all projects in the subtree, if applicable.',
    operations: operations(RESOURCE_PATHS, ['PUT']),
  },
  {
    name: 'identity:revoke_grant',
    checkStr: withDeprecated(SYSTEM_ADMIN_OR_DOMAIN_ADMIN, RULE_ADMIN_REQUIRED),
    description:
      'Revoke a role grant between a target and an actor. A target can be either a domain or a project. An actor ' +
      'can be either a user or a group. These terms also apply to the OS-INHERIT APIs, where grants on the target ' +
      'are inherited to all projects in the subtree, if applicable. In that case, revoking the role grant in the ' +
      "target would remove the logical effect of inheriting it to the target's projects subtree.",
    operations: operations(RESOURCE_PATHS, ['DELETE']),
  },
  {
    name: 'identity:list_system_grants_for_user',
    checkStr: withDeprecated(SYSTEM_READER, RULE_ADMIN_REQUIRED),
    description: 'List all grants a specific user has on the system.',
    operations: operations(['/system/users/{user_id}/roles'], ['HEAD', 'GET']),
  },
  {
    name: 'identity:check_system_grant_for_user',
    checkStr: withDeprecated(SYSTEM_READER, RULE_ADMIN_REQUIRED),
    description: 'Check if a user has a role on the system.',
    operations: operations(['/system/users/{user_id}/roles/{role_id}'], ['HEAD', 'GET']),
  },
  {
    name: 'identity:create_system_grant_for_user',
    checkStr: withDeprecated(SYSTEM_ADMIN, RULE_ADMIN_REQUIRED),
    description: 'Grant a user a role on the system.',
    operations: operations(['/system/users/{user_id}/roles/{role_id}'], ['PUT']),
  },
  {
    name: 'identity:revoke_system_grant_for_user',
    checkStr: withDeprecated(SYSTEM_ADMIN, RULE_ADMIN_REQUIRED),
    description: 'Remove a role from a user on the system.',
    operations: operations(['/system/users/{user_id}/roles/{role_id}'], ['DELETE']),
  },
  {
    name: 'identity:list_system_grants_for_group',
    checkStr: withDeprecated(SYSTEM_READER, RULE_ADMIN_REQUIRED),
    description: 'List all grants a specific group has on the system.',
    operations: operations(['/system/groups/{group_id}/roles'], ['HEAD', 'GET']),
  },
  {
    name: 'identity:check_system_grant_for_group',
    checkStr: withDeprecated(SYSTEM_READER, RULE_ADMIN_REQUIRED),
    description: 'Check if a group has a role on the system.',
    operations: operations(['/system/groups/{group_id}/roles/{role_id}'], ['HEAD', 'GET']),
  },
  {
    name: 'identity:create_system_grant_for_group',
    checkStr: withDeprecated(SYSTEM_ADMIN, RULE_ADMIN_REQUIRED),
    description: 'Grant a group a role on the system.',
    operations: operations(['/system/groups/{group_id}/roles/{role_id}'], ['PUT']),
  },
  {
    name: 'identity:revoke_system_grant_for_group',
    checkStr: withDeprecated(SYSTEM_ADMIN, RULE_ADMIN_REQUIRED),
    description: 'Remove a role from a group on the system.',
    operations: operations(['/system/groups/{group_id}/roles/{role_id}'], ['DELETE']),
  },
];
