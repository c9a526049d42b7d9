// Placement's base rules (placement/policies/base.py), enforced as with enforce_new_defaults = False.
import type { PolicyRule } from '@nubo/core';

/*
 * As in Identity, nubo runs oslo.policy with `enforce_new_defaults = False`: a rule that has a deprecated rule is
 * enforced as `(new default) or (deprecated default)`. Placement deprecated `role:admin` (rule:admin_api) in
 * Wallaby, so an admin anywhere passes every rule, and a service user (role `service`) passes all but the ones
 * for admins only. scope_types are documentation only (enforce_scope = False).
 */

/** oslo.policy's check for a rule with a deprecated rule when enforce_new_defaults is False. */
export function withDeprecated(newDefault: string, deprecated: string): string {
  return `(${newDefault}) or (${deprecated})`;
}

/** Placement's deprecated default for every rule: the admin role. */
const DEPRECATED_ADMIN = 'role:admin';

/** The rule nearly every Placement API uses. */
export const RULE_ADMIN_OR_SERVICE = 'rule:admin_or_service_api';
/** Only service users (and, through the deprecated default, admins): POST /reshaper. */
export const RULE_SERVICE = 'rule:service_api';
/** GET /usages: an admin, a service, or a reader of the project asked about. */
export const RULE_ADMIN_OR_PROJECT_READER_OR_SERVICE = 'rule:admin_or_project_reader_or_service_api';

/** The named building blocks the resource rules reference; they guard no API of their own. */
export const basePolicies: PolicyRule[] = [
  { name: 'admin_api', checkStr: 'role:admin', description: 'Default rule for most placement APIs.', operations: [] },
  {
    name: 'service_api',
    checkStr: withDeprecated('role:service', DEPRECATED_ADMIN),
    description: 'Default rule for service-to-service placement APIs.',
    operations: [],
  },
  {
    name: 'admin_or_service_api',
    checkStr: withDeprecated('role:admin or role:service', DEPRECATED_ADMIN),
    description: 'Default rule for most placement APIs.',
    operations: [],
  },
  {
    name: 'project_reader_api',
    checkStr: withDeprecated('role:reader and project_id:%(project_id)s', DEPRECATED_ADMIN),
    description: 'Default rule for Project level reader APIs.',
    operations: [],
  },
  {
    name: 'admin_or_project_reader_or_service_api',
    checkStr: withDeprecated('role:admin or rule:project_reader_api or role:service', DEPRECATED_ADMIN),
    description: 'Default rule for project level reader APIs.',
    operations: [],
  },
];
