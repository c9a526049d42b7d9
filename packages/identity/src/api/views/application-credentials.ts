// An application credential as Keystone shows it: never its secret, except once in the answer to its creation.
import { fromDbBool } from '@nubo/core';
import type { IdentityContext } from '../../context.js';
import { type AppCredentialRow, GLOBAL_ROLE_DOMAIN } from '../../db/tables.js';
import type { RoleGraph } from '../../role-graph.js';
import { selfLink } from '../common.js';

/** The credential with its roles (`roleIds`); a role deleted since is left out rather than failing the read. */
export function appCredentialView(
  ctx: IdentityContext,
  row: AppCredentialRow,
  roleIds: string[],
  graph: RoleGraph,
): Record<string, unknown> {
  const roles = roleIds
    .map((id) => graph.byId.get(id))
    .filter((role) => role !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((role) => ({
      id: role.id,
      name: role.name,
      domain_id: role.domain_id === GLOBAL_ROLE_DOMAIN ? null : role.domain_id,
    }));
  return {
    id: row.id,
    name: row.name,
    // The column is not nullable; Keystone shows a credential created without a description with null.
    description: row.description === '' ? null : row.description,
    // Keystone prints a credential's expiry as Python's isoformat of a naive UTC datetime: microseconds, no zone.
    expires_at: row.expires_at ? row.expires_at.replace(/Z$/, '') : null,
    project_id: row.project_id,
    roles,
    access_rules: [],
    unrestricted: fromDbBool(row.unrestricted),
    system: row.system,
    links: selfLink(ctx, `users/${row.user_id}/application_credentials/${row.id}`),
  };
}
