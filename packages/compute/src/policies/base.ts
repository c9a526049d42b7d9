// Nova's base rules (nova/policies/base.py) and the check strings every compute policy file builds on.
import type { PolicyRule } from '@nubo/core';

/*
 * Nova has enforced its new defaults since 2023.1 Antelope (`[oslo_policy] enforce_new_defaults = True`, release
 * note "enable-enforce-scope-and-new-defaults"): a project member manages the servers of its project, a project
 * reader only reads them, and the admin role (on any project) may do everything. With the switch off, oslo.policy
 * ORs each rule with its deprecated rule (`rule:admin_or_owner`, `rule:admin_api`), which lets any role on the
 * project write: flip ENFORCE_NEW_DEFAULTS to get that older behaviour. Scope types are not enforced, as in Identity.
 */

/** Whether rules are Nova's new defaults alone (true, Nova's default since 2023.1) or ORed with their deprecated rule. */
export const ENFORCE_NEW_DEFAULTS = true;

/**
 * The check string oslo.policy enforces for a rule that has a deprecated rule.
 *
 * @example
 * withDeprecated(ADMIN, RULE_ADMIN_API); // 'rule:context_is_admin' (new defaults enforced)
 */
export function withDeprecated(newDefault: string, deprecated: string): string {
  return ENFORCE_NEW_DEFAULTS ? newDefault : `(${newDefault}) or (${deprecated})`;
}

/** The admin role, on any project (Nova's `context_is_admin`). */
export const ADMIN = 'rule:context_is_admin';
/** A member of the target's project, or an admin. */
export const PROJECT_MEMBER_OR_ADMIN = 'rule:project_member_or_admin';
/** A reader (or member, or admin: roles imply each other) of the target's project, or an admin. */
export const PROJECT_READER_OR_ADMIN = 'rule:project_reader_or_admin';
/** Any authenticated caller. */
export const ANY = '@';
/** Nobody. */
export const NOBODY = '!';
/** The deprecated pre-Wallaby rule: an admin or any role on the target's project. */
export const RULE_ADMIN_OR_OWNER = 'rule:admin_or_owner';
/** The deprecated pre-Wallaby admin rule. */
export const RULE_ADMIN_API = 'rule:admin_api';

const DEPRECATED_ADMIN = 'is_admin:True';
const DEPRECATED_ADMIN_OR_OWNER = 'is_admin:True or project_id:%(project_id)s';

/** The named building blocks the other rules reference; they guard no API of their own. */
export const basePolicies: PolicyRule[] = [
  {
    name: 'context_is_admin',
    checkStr: withDeprecated('role:admin', DEPRECATED_ADMIN),
    description: "Decides what is required for the 'is_admin:True' check to succeed.",
    operations: [],
  },
  {
    name: 'admin_or_owner',
    checkStr: DEPRECATED_ADMIN_OR_OWNER,
    description: 'Default rule for most non-Admin APIs (deprecated).',
    operations: [],
  },
  {
    name: 'admin_api',
    checkStr: DEPRECATED_ADMIN,
    description: 'Default rule for most Admin APIs (deprecated).',
    operations: [],
  },
  {
    name: 'project_member_api',
    checkStr: withDeprecated('role:member and project_id:%(project_id)s', DEPRECATED_ADMIN_OR_OWNER),
    description: 'Default rule for Project level non admin APIs.',
    operations: [],
  },
  {
    name: 'project_reader_api',
    checkStr: withDeprecated('role:reader and project_id:%(project_id)s', DEPRECATED_ADMIN_OR_OWNER),
    description: 'Default rule for Project level read only APIs.',
    operations: [],
  },
  {
    name: 'project_member_or_admin',
    checkStr: withDeprecated('rule:project_member_api or rule:context_is_admin', DEPRECATED_ADMIN_OR_OWNER),
    description: 'Default rule for Project Member or admin APIs.',
    operations: [],
  },
  {
    name: 'project_reader_or_admin',
    checkStr: withDeprecated('rule:project_reader_api or rule:context_is_admin', DEPRECATED_ADMIN_OR_OWNER),
    description: 'Default rule for Project reader or admin APIs.',
    operations: [],
  },
];
