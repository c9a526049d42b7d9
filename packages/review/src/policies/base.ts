// Shared policy pieces: who is an administrator, a service (the CI's user) or the change's owner.
import type { PolicyRule } from '@nubo/core';

/*
 * Gerrit grants permissions per ref in each project's ACLs; nubo maps the defaults of a fresh Gerrit site onto
 * Keystone roles instead: Administrators are callers with the admin role, Registered Users have the member role,
 * Non-Interactive Users (CI) have the service role, and the change owner is the account that uploaded the change.
 * The target of a change rule carries `owner_id` (the owner's Keystone user id), `project` and `branch`.
 */

/** Administrators. */
export const ADMIN = 'rule:context_is_admin';
/** Administrators and service users (the CI). */
export const ADMIN_OR_SERVICE = `${ADMIN} or role:service`;
/** Administrators and the change's owner. */
export const ADMIN_OR_OWNER = `${ADMIN} or user_id:%(owner_id)s`;
/** Any caller the route lets in (anonymous callers only reach read routes, and only with anonymousRead). */
export const ANYONE = '@';

/** The `rule:` building blocks. */
export const basePolicies: PolicyRule[] = [
  {
    name: 'context_is_admin',
    checkStr: 'role:admin',
    description: 'Decides who is an administrator (Gerrit\'s "Administrators" group).',
    operations: [],
  },
];
