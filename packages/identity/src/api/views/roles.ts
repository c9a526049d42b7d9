// A role as Keystone shows it (a global role has domain_id null), and the short form used by implied roles.
import type { IdentityContext } from '../../context.js';
import type { RoleRow } from '../../db/tables.js';
import { roleDomainId, roleExtra, roleOptions } from '../../roles.js';
import { selfLink } from '../common.js';

/** The full role body of GET /v3/roles/{role_id} and of grant lists. */
export function roleView(ctx: IdentityContext, row: RoleRow): Record<string, unknown> {
  return {
    ...roleExtra(row),
    id: row.id,
    name: row.name,
    domain_id: roleDomainId(row),
    // Keystone stores no description as NULL; nubo's column is not nullable, so '' stands for it.
    description: row.description === '' ? null : row.description,
    options: roleOptions(row),
    links: selfLink(ctx, `roles/${row.id}`),
  };
}

/** `{ id, name, links }`: a prior or implied role inside a role inference. */
export function roleRefView(ctx: IdentityContext, row: RoleRow): Record<string, unknown> {
  return { id: row.id, name: row.name, links: selfLink(ctx, `roles/${row.id}`) };
}
