// Who is calling (a user with its account, or anonymous) and whether a named policy rule lets them.
import { type AuthContext, Forbidden, policyCredentials } from '@nubo/core';
import type { Account } from './accounts.js';
import type { ReviewContext } from './context.js';

/** The caller of a request or a push: anonymous when `auth` is undefined. */
export interface Caller {
  auth: AuthContext | undefined;
  account: Account | undefined;
}

/** A caller without credentials. */
export const ANONYMOUS: Caller = { auth: undefined, account: undefined };

/** The credentials an oslo.policy rule reads; an anonymous caller has no roles and no user. */
export function credentialsOf(caller: Caller): Record<string, unknown> {
  if (caller.auth) return policyCredentials(caller.auth);
  return { user_id: null, project_id: null, domain_id: null, system_scope: null, roles: [] };
}

/** Whether `rule` allows the caller on `target`. */
export function allows(
  ctx: ReviewContext,
  caller: Caller,
  rule: string,
  target: Record<string, unknown> = {},
): boolean {
  return ctx.policy.check(rule, target, credentialsOf(caller));
}

/**
 * Throws Gerrit's AuthException (403, `<action> not permitted`) unless `rule` allows the caller.
 *
 * @example enforce(ctx, caller, 'review:submit', changeTarget(change), 'submit');
 */
export function enforce(
  ctx: ReviewContext,
  caller: Caller,
  rule: string,
  target: Record<string, unknown>,
  action: string,
): void {
  if (!allows(ctx, caller, rule, target)) throw new Forbidden(`${action} not permitted`);
}

/** The caller's account; every route that writes requires a signed-in caller, so a missing one is a bug. */
export function accountOf(caller: Caller): Account {
  if (!caller.account) throw new Error('a write reached the domain without a signed-in caller');
  return caller.account;
}
