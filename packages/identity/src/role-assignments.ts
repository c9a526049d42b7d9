// GET /v3/role_assignments: grants as stored, or (effective) as they reach users after groups, inheritance and
// implied roles are expanded — the roles a token would carry.
import { NotFound } from '@nubo/core';
import type { IdentityContext } from './context.js';
import { type AssignmentFilters, listAssignments } from './db/assignments.js';
import { usersInGroup } from './db/groups.js';
import { listProjects } from './db/projects.js';
import { listImpliedRoles } from './db/roles.js';
import {
  type AssignmentRow,
  type AssignmentType,
  GLOBAL_ROLE_DOMAIN,
  type ProjectRow,
  SYSTEM_TARGET,
} from './db/tables.js';
import { groupIdsOfUser } from './db/users.js';
import { roleGraph } from './role-graph.js';

export type AssignmentScope = { project: string } | { domain: string } | { system: 'all' };

/** One role assignment; `via` says where an effective one came from. */
export interface RoleAssignment {
  roleId: string;
  userId?: string;
  groupId?: string;
  scope: AssignmentScope;
  /** A stored OS-INHERIT grant (listed as is, not expanded onto projects). */
  inherited: boolean;
  via?: {
    /** The group whose membership brought the role. */
    groupId?: string;
    /** The inherited grant on a parent project or on the domain that reached this project. */
    projectId?: string;
    domainId?: string;
    /** The role that implied this one. */
    priorRoleId?: string;
  };
}

/** The query filters of GET /v3/role_assignments, already validated for combinations. */
export interface AssignmentQuery {
  roleId?: string;
  userId?: string;
  groupId?: string;
  system?: boolean;
  domainId?: string;
  projectId?: string;
  includeSubtree?: boolean;
  /** true: only OS-INHERIT grants; false: only the others; absent: both. */
  inherited?: boolean;
  effective?: boolean;
}

const PROJECT_TYPES: AssignmentType[] = ['UserProject', 'GroupProject'];
const DOMAIN_TYPES: AssignmentType[] = ['UserDomain', 'GroupDomain'];

/** Keystone's `_get_assignment_types`: the non-system types an actor and a target kind narrow to. */
function typesFor(actor: 'user' | 'group' | undefined, target: 'project' | 'domain' | undefined): AssignmentType[] {
  const byTarget =
    target === 'project' ? PROJECT_TYPES : target === 'domain' ? DOMAIN_TYPES : [...PROJECT_TYPES, ...DOMAIN_TYPES];
  if (actor === undefined) return byTarget;
  return byTarget.filter((t) => t.startsWith(actor === 'user' ? 'User' : 'Group'));
}

function fromRow(row: AssignmentRow): RoleAssignment {
  const actor = row.type.startsWith('User') ? { userId: row.actor_id } : { groupId: row.actor_id };
  let scope: AssignmentScope;
  if (row.type.endsWith('Project')) scope = { project: row.target_id };
  else if (row.type.endsWith('Domain')) scope = { domain: row.target_id };
  else scope = { system: 'all' };
  return { roleId: row.role_id, ...actor, scope, inherited: row.inherited === 1 };
}

/** All projects, with their children, to walk subtrees and domains. */
class ProjectTree {
  private readonly children = new Map<string, string[]>();
  readonly byId: Map<string, ProjectRow>;

  constructor(projects: ProjectRow[]) {
    this.byId = new Map(projects.map((p) => [p.id, p]));
    for (const p of projects) {
      if (p.parent_id) this.children.set(p.parent_id, [...(this.children.get(p.parent_id) ?? []), p.id]);
    }
  }

  /** Every project below `id` (not `id` itself). */
  descendants(id: string): string[] {
    const out: string[] = [];
    const stack = [...(this.children.get(id) ?? [])];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (out.includes(next)) continue;
      out.push(next);
      stack.push(...(this.children.get(next) ?? []));
    }
    return out;
  }

  /** Parent projects of `id`, nearest first. */
  ancestors(id: string): string[] {
    const out: string[] = [];
    let current = this.byId.get(id)?.parent_id ?? null;
    while (current && !out.includes(current)) {
      out.push(current);
      current = this.byId.get(current)?.parent_id ?? null;
    }
    return out;
  }

  inDomain(domainId: string): string[] {
    return [...this.byId.values()].filter((p) => p.domain_id === domainId).map((p) => p.id);
  }
}

/** Lists role assignments as GET /v3/role_assignments does (Keystone's assignment manager semantics). */
export async function listRoleAssignments(ctx: IdentityContext, query: AssignmentQuery): Promise<RoleAssignment[]> {
  const tree = new ProjectTree(await listProjects(ctx.db, {}));
  let subtree: string[] | undefined;
  if (query.projectId && query.includeSubtree) {
    if (!tree.byId.has(query.projectId)) throw new NotFound(`Could not find project: ${query.projectId}.`);
    subtree = tree.descendants(query.projectId);
  }
  return query.effective ? listEffective(ctx, query, tree, subtree) : listDirect(ctx, query, subtree);
}

async function listDirect(
  ctx: IdentityContext,
  query: AssignmentQuery,
  subtree: string[] | undefined,
): Promise<RoleAssignment[]> {
  const actor = query.userId ? 'user' : query.groupId ? 'group' : undefined;
  const actorIds = query.groupId ? [query.groupId] : query.userId ? [query.userId] : undefined;
  const out: RoleAssignment[] = [];
  if (!query.system) {
    const rows = await listAssignments(ctx.db, {
      types: typesFor(actor, query.projectId ? 'project' : query.domainId ? 'domain' : undefined),
      actorIds,
      targetIds: query.projectId
        ? [query.projectId, ...(subtree ?? [])]
        : query.domainId
          ? [query.domainId]
          : undefined,
      roleId: query.roleId,
      inherited: query.inherited,
    });
    out.push(...rows.map(fromRow));
  }
  // System grants are listed when asked for, or when no project or domain narrows the list; they are never
  // inherited, so the inherited filter leaves them out.
  if ((query.system || (!query.projectId && !query.domainId)) && query.inherited !== true) {
    const types: AssignmentType[] =
      actor === 'user' ? ['UserSystem'] : actor === 'group' ? ['GroupSystem'] : ['UserSystem', 'GroupSystem'];
    const rows = await listAssignments(ctx.db, { types, actorIds, targetIds: [SYSTEM_TARGET], roleId: query.roleId });
    out.push(...rows.map(fromRow));
  }
  return out;
}

/**
 * Effective mode: group grants become one entry per member, inherited grants one entry per project they reach,
 * implied roles are added, and domain-specific roles (which only imply others) are dropped. As in Keystone, system
 * grants are not part of it.
 */
async function listEffective(
  ctx: IdentityContext,
  query: AssignmentQuery,
  tree: ProjectTree,
  subtree: string[] | undefined,
): Promise<RoleAssignment[]> {
  if (query.groupId || (query.domainId && query.inherited === true)) return [];
  // Domains do not inherit, so a domain filter means the grants made on it directly.
  const inherited = query.domainId ? false : query.inherited;
  const project = query.projectId ? tree.byId.get(query.projectId) : undefined;
  if (query.projectId && !project) throw new NotFound(`Could not find project: ${query.projectId}.`);
  const projectIds = project ? [project.id, ...(subtree ?? [])] : undefined;

  const forActor = async (
    actor: 'user' | 'group' | undefined,
    actorIds: string[] | undefined,
  ): Promise<AssignmentRow[]> => {
    const base: AssignmentFilters = { actorIds };
    const rows: AssignmentRow[] = [];
    if (inherited !== true) {
      const target = project ? 'project' : query.domainId ? 'domain' : undefined;
      const targetIds = projectIds ?? (query.domainId ? [query.domainId] : undefined);
      rows.push(
        ...(await listAssignments(ctx.db, { ...base, types: typesFor(actor, target), targetIds, inherited: false })),
      );
    }
    if (inherited !== false) {
      if (project) {
        // Inherited grants reach a project from its domain or from its parents (and, with a subtree, from within it).
        const fromDomain = {
          ...base,
          types: typesFor(actor, 'domain'),
          targetIds: [project.domain_id],
          inherited: true,
        };
        rows.push(...(await listAssignments(ctx.db, fromDomain)));
        const sources = [...tree.ancestors(project.id), ...(subtree ? projectIds! : [])];
        rows.push(
          ...(await listAssignments(ctx.db, {
            ...base,
            types: typesFor(actor, 'project'),
            targetIds: sources,
            inherited: true,
          })),
        );
      } else {
        rows.push(...(await listAssignments(ctx.db, { ...base, types: typesFor(actor, undefined), inherited: true })));
      }
    }
    return rows;
  };

  const rows = await forActor(query.userId ? 'user' : undefined, query.userId ? [query.userId] : undefined);
  if (query.userId) rows.push(...(await forActor('group', await groupIdsOfUser(ctx.db, query.userId))));

  const members = new Map<string, string[]>();
  const usersOf = async (groupId: string): Promise<string[]> => {
    if (query.userId) return [query.userId];
    if (!members.has(groupId))
      members.set(
        groupId,
        (await usersInGroup(ctx.db, groupId)).map((u) => u.id),
      );
    return members.get(groupId)!;
  };

  const expanded: RoleAssignment[] = [];
  for (const row of rows) {
    const grant = fromRow(row);
    const userIds = grant.groupId ? await usersOf(grant.groupId) : [grant.userId!];
    const fromGroup = grant.groupId ? { groupId: grant.groupId } : {};
    if (!grant.inherited) {
      for (const userId of userIds)
        expanded.push({ roleId: grant.roleId, userId, scope: grant.scope, inherited: false, via: { ...fromGroup } });
      continue;
    }
    const source =
      'project' in grant.scope
        ? { projectId: grant.scope.project }
        : { domainId: (grant.scope as { domain: string }).domain };
    for (const projectId of reachedProjects(tree, grant.scope, projectIds, subtree !== undefined)) {
      for (const userId of userIds) {
        expanded.push({
          roleId: grant.roleId,
          userId,
          scope: { project: projectId },
          inherited: false,
          via: { ...fromGroup, ...source },
        });
      }
    }
  }

  const graph = await roleGraph(ctx);
  const withImplied = await addImpliedRoles(ctx, expanded);
  return withImplied
    .filter((a) => graph.byId.get(a.roleId)?.domain_id === GLOBAL_ROLE_DOMAIN)
    .filter((a) => query.roleId === undefined || a.roleId === query.roleId);
}

/** The projects an inherited grant on `scope` reaches, narrowed to `projectIds` when the list is filtered by project. */
function reachedProjects(
  tree: ProjectTree,
  scope: AssignmentScope,
  projectIds: string[] | undefined,
  withSubtree: boolean,
): string[] {
  if (projectIds) {
    // A grant inside the listed subtree reaches only the part of it below the grant.
    if (withSubtree && 'project' in scope && projectIds.includes(scope.project)) return tree.descendants(scope.project);
    return projectIds;
  }
  if ('domain' in scope) return tree.inDomain(scope.domain);
  if ('project' in scope) return tree.descendants(scope.project);
  return [];
}

/** Adds one entry per implied role (transitively), each naming the role that implied it; cycles end the walk. */
async function addImpliedRoles(ctx: IdentityContext, assignments: RoleAssignment[]): Promise<RoleAssignment[]> {
  const implies = new Map<string, string[]>();
  for (const rule of await listImpliedRoles(ctx.db)) {
    implies.set(rule.prior_role_id, [...(implies.get(rule.prior_role_id) ?? []), rule.implied_role_id]);
  }
  const out: RoleAssignment[] = [];
  for (const assignment of assignments) {
    out.push(assignment);
    const seen = new Set<string>();
    const stack = [assignment];
    while (stack.length > 0) {
      const prior = stack.pop()!;
      for (const impliedId of implies.get(prior.roleId) ?? []) {
        const edge = `${prior.roleId}>${impliedId}`;
        if (seen.has(edge)) continue;
        seen.add(edge);
        const implied: RoleAssignment = {
          ...prior,
          roleId: impliedId,
          via: { ...prior.via, priorRoleId: prior.roleId },
        };
        out.push(implied);
        stack.push(implied);
      }
    }
  }
  return out;
}

/**
 * The assignments a domain-scoped caller may see: those on its domain or on projects of it (Keystone filters the
 * list this way for domain-scoped tokens).
 */
export async function assignmentsWithinDomain(
  ctx: IdentityContext,
  assignments: RoleAssignment[],
  domainId: string,
): Promise<RoleAssignment[]> {
  const inDomain = new Set((await listProjects(ctx.db, { domainId })).map((p) => p.id));
  return assignments.filter(
    (a) =>
      ('domain' in a.scope && a.scope.domain === domainId) || ('project' in a.scope && inDomain.has(a.scope.project)),
  );
}
