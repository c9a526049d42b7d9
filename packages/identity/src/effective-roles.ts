// The roles a user holds on a scope: direct and group grants, inherited grants from the domain and parent
// projects (OS-INHERIT), then implied roles expanded.
import type { IdentityContext } from './context.js';
import { listAssignments } from './db/assignments.js';
import { findProject } from './db/projects.js';
import { GLOBAL_ROLE_DOMAIN, SYSTEM_TARGET } from './db/tables.js';
import { groupIdsOfUser } from './db/users.js';
import { roleGraph } from './role-graph.js';

export type Scope = { project: string } | { domain: string } | { system: 'all' } | Record<string, never>;

/** Role ids (implied expanded) that `userId` holds on `scope`; empty for an unscoped token. */
export async function effectiveRoleIds(ctx: IdentityContext, userId: string, scope: Scope): Promise<string[]> {
  const actorIds = [userId, ...(await groupIdsOfUser(ctx.db, userId))];
  let direct: string[] = [];
  if ('project' in scope) {
    direct = await projectRoleIds(ctx, actorIds, scope.project);
  } else if ('domain' in scope) {
    const rows = await listAssignments(ctx.db, {
      types: ['UserDomain', 'GroupDomain'],
      actorIds,
      targetIds: [scope.domain],
      inherited: false,
    });
    direct = rows.map((r) => r.role_id);
  } else if ('system' in scope) {
    const rows = await listAssignments(ctx.db, {
      types: ['UserSystem', 'GroupSystem'],
      actorIds,
      targetIds: [SYSTEM_TARGET],
    });
    direct = rows.map((r) => r.role_id);
  }
  const graph = await roleGraph(ctx);
  // Domain-specific roles only imply others; Keystone leaves them out of tokens once expanded.
  return graph.expand(direct).filter((id) => graph.byId.get(id)?.domain_id === GLOBAL_ROLE_DOMAIN);
}

async function projectRoleIds(ctx: IdentityContext, actorIds: string[], projectId: string): Promise<string[]> {
  const project = await findProject(ctx.db, projectId);
  if (!project) return [];
  const ancestors = await ancestorIds(ctx, project.parent_id);
  const rows = await listAssignments(ctx.db, {
    types: ['UserProject', 'GroupProject', 'UserDomain', 'GroupDomain'],
    actorIds,
    targetIds: [projectId, project.domain_id, ...ancestors],
  });
  return rows
    .filter((r) => {
      if (r.target_id === projectId && (r.type === 'UserProject' || r.type === 'GroupProject'))
        return r.inherited === 0;
      // Grants on the domain or on a parent project reach this project only when marked inherited.
      return r.inherited === 1;
    })
    .map((r) => r.role_id);
}

/** Parent project ids from the nearest up to the top-level project. */
export async function ancestorIds(ctx: IdentityContext, parentId: string | null): Promise<string[]> {
  const out: string[] = [];
  let current = parentId;
  while (current && !out.includes(current)) {
    out.push(current);
    current = (await findProject(ctx.db, current))?.parent_id ?? null;
  }
  return out;
}
