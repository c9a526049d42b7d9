// Shared policy pieces; nubo enforces as Keystone 2023.x with enforce_new_defaults = False (new default OR deprecated).
import type { PolicyRule } from '@nubo/core';

/*
 * Three choices hold for every file in this folder:
 *
 * 1. `[oslo_policy] enforce_new_defaults = False` (the default from Zed to 2023.2). oslo.policy then replaces a rule
 *    that has a deprecated rule with `OrCheck([new default, deprecated])`; `withDeprecated` writes that string. So a
 *    project-scoped token with the admin role is a cloud admin (through `rule:admin_required`), while a member or
 *    reader gets only what the new defaults allow (their own user, their own projects, their own token).
 * 2. `[oslo_policy] enforce_scope = False` (also the 2023.x default): scope_types only document; nothing checks them,
 *    which is why Keystone's new defaults spell out `system_scope:all`.
 * 3. Keystone's credentials carry the rendered token, and some defaults read `token.domain.id` or
 *    `token.project.domain.id`. nubo's credentials (`policyCredentials`) carry the same facts as `domain_id` and
 *    `project_domain_id`, so those checks are written with TOKEN_DOMAIN_ID and TOKEN_PROJECT_DOMAIN_ID.
 */

/**
 * The check string oslo.policy enforces for a rule with a deprecated rule when enforce_new_defaults is False.
 *
 * @example
 * withDeprecated(SYSTEM_READER, RULE_ADMIN_REQUIRED);
 * // '(role:reader and system_scope:all) or (rule:admin_required)'
 */
export function withDeprecated(newDefault: string, deprecated: string): string {
  return `(${newDefault}) or (${deprecated})`;
}

/** Keystone's `token.domain.id` credential: the domain a domain-scoped token is scoped to. */
export const TOKEN_DOMAIN_ID = 'domain_id';
/** Keystone's `token.project.domain.id` credential: the domain that owns a project-scoped token's project. */
export const TOKEN_PROJECT_DOMAIN_ID = 'project_domain_id';

/** The pre-Stein admin check most deprecated rules fall back to. */
export const RULE_ADMIN_REQUIRED = 'rule:admin_required';
/** The caller is the user named in the URL (`/v3/users/{user_id}/…`). */
export const RULE_OWNER = 'user_id:%(user_id)s';
/** An admin, or the user named in the URL. */
export const RULE_ADMIN_OR_OWNER = 'rule:admin_or_owner';
/** An admin, or a project-scoped token whose project lives in the target domain. */
export const RULE_ADMIN_OR_TARGET_DOMAIN = `rule:admin_required or ${TOKEN_PROJECT_DOMAIN_ID}:%(target.domain.id)s`;
/** An admin, or a token scoped to the target project. */
export const RULE_ADMIN_OR_TARGET_PROJECT = 'rule:admin_required or project_id:%(target.project.id)s';
/** An admin, or the user the subject token (X-Subject-Token) was issued to. */
export const RULE_ADMIN_OR_TOKEN_SUBJECT = 'rule:admin_or_token_subject';
/** An admin, a service user, or the user the subject token was issued to. */
export const RULE_SERVICE_ADMIN_OR_TOKEN_SUBJECT = 'rule:service_admin_or_token_subject';

/** A reader on a system-scoped token. */
export const SYSTEM_READER = 'role:reader and system_scope:all';
/** An admin on a system-scoped token. */
export const SYSTEM_ADMIN = 'role:admin and system_scope:all';
/** A reader on a token scoped to the target's domain (`target.domain_id`, as list filters put it). */
export const DOMAIN_READER = 'role:reader and domain_id:%(target.domain_id)s';
/** A system admin, or the user named in the URL. */
export const RULE_SYSTEM_ADMIN_OR_OWNER = `(${SYSTEM_ADMIN}) or rule:owner`;
/** A system reader, or the user named in the URL. */
export const RULE_SYSTEM_READER_OR_OWNER = `(${SYSTEM_READER}) or rule:owner`;

/** The named building blocks other rules reference with `rule:…`; they guard no API of their own. */
export const basePolicies: PolicyRule[] = [
  {
    name: 'admin_required',
    checkStr: 'role:admin or is_admin:1',
    description: 'The admin role on any scope, or the shared admin token.',
    operations: [],
  },
  { name: 'service_role', checkStr: 'role:service', description: 'The service role.', operations: [] },
  {
    name: 'service_or_admin',
    checkStr: 'rule:admin_required or rule:service_role',
    description: 'An admin or a service user.',
    operations: [],
  },
  { name: 'owner', checkStr: RULE_OWNER, description: 'The user named in the request path.', operations: [] },
  {
    name: 'admin_or_owner',
    checkStr: 'rule:admin_required or rule:owner',
    description: 'An admin, or the user named in the request path.',
    operations: [],
  },
  {
    name: 'token_subject',
    checkStr: 'user_id:%(target.token.user_id)s',
    description: 'The user the subject token was issued to.',
    operations: [],
  },
  {
    name: 'admin_or_token_subject',
    checkStr: 'rule:admin_required or rule:token_subject',
    description: 'An admin, or the user the subject token was issued to.',
    operations: [],
  },
  {
    name: 'service_admin_or_token_subject',
    checkStr: 'rule:service_or_admin or rule:token_subject',
    description: 'An admin, a service user, or the user the subject token was issued to.',
    operations: [],
  },
];
