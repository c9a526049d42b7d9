// A group as Keystone shows it.
import { fromDbJson } from '@nubo/core';
import type { IdentityContext } from '../../context.js';
import type { GroupRow } from '../../db/tables.js';
import { selfLink } from '../common.js';

/** The `group` member of a response, extra attributes included. */
export function groupView(ctx: IdentityContext, row: GroupRow): Record<string, unknown> {
  return {
    ...fromDbJson(row.extra, {}),
    id: row.id,
    name: row.name,
    domain_id: row.domain_id,
    description: row.description,
    links: selfLink(ctx, `groups/${row.id}`),
  };
}

/** A group in GET /v3/users/{user_id}/groups, which also tells when the membership expires (never, here). */
export function membershipGroupView(ctx: IdentityContext, row: GroupRow): Record<string, unknown> {
  return { ...groupView(ctx, row), membership_expires_at: null };
}
