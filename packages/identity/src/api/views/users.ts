// A user as Keystone shows it: never its password, default_project_id only when set.
import { fromDbBool } from '@nubo/core';
import type { IdentityContext } from '../../context.js';
import type { UserRow } from '../../db/tables.js';
import { userExtra } from '../../users.js';
import { selfLink } from '../common.js';

/** The `user` member of a response, extra attributes included. */
export function userView(ctx: IdentityContext, row: UserRow): Record<string, unknown> {
  const { extra, options } = userExtra(row);
  return {
    ...extra,
    id: row.id,
    name: row.name,
    domain_id: row.domain_id,
    enabled: fromDbBool(row.enabled),
    ...(row.default_project_id ? { default_project_id: row.default_project_id } : {}),
    password_expires_at: row.password_expires_at,
    options,
    links: selfLink(ctx, `users/${row.id}`),
  };
}
