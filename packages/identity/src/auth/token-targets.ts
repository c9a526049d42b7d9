// What a user may scope a token to: /v3/auth/projects, /v3/auth/domains and /v3/auth/system.
import { fromDbBool } from '@nubo/core';
import type { IdentityContext } from '../context.js';
import { listAssignments } from '../db/assignments.js';
import { listDomains } from '../db/domains.js';
import { listProjects } from '../db/projects.js';
import { type DomainRow, type ProjectRow, SYSTEM_TARGET } from '../db/tables.js';
import { groupIdsOfUser } from '../db/users.js';
import { effectiveRoleIds } from '../effective-roles.js';

/** Enabled projects (in enabled domains) where the user holds at least one role. */
export async function authProjects(ctx: IdentityContext, userId: string): Promise<ProjectRow[]> {
  const enabledDomains = new Set((await listDomains(ctx.db, { enabled: true })).map((d) => d.id));
  const out: ProjectRow[] = [];
  for (const project of await listProjects(ctx.db, { enabled: true })) {
    if (!enabledDomains.has(project.domain_id)) continue;
    if ((await effectiveRoleIds(ctx, userId, { project: project.id })).length > 0) out.push(project);
  }
  return out;
}

/** Enabled domains where the user holds at least one (non-inherited) role. */
export async function authDomains(ctx: IdentityContext, userId: string): Promise<DomainRow[]> {
  const out: DomainRow[] = [];
  for (const domain of await listDomains(ctx.db, { enabled: true })) {
    if (!fromDbBool(domain.enabled)) continue;
    if ((await effectiveRoleIds(ctx, userId, { domain: domain.id })).length > 0) out.push(domain);
  }
  return out;
}

export async function hasSystemRoles(ctx: IdentityContext, userId: string): Promise<boolean> {
  const actorIds = [userId, ...(await groupIdsOfUser(ctx.db, userId))];
  const rows = await listAssignments(ctx.db, {
    types: ['UserSystem', 'GroupSystem'],
    actorIds,
    targetIds: [SYSTEM_TARGET],
  });
  return rows.length > 0;
}
