// GET /v3/role_assignments
import { BadRequest } from '@nubo/core';
import type { FastifyInstance } from 'fastify';
import type { IdentityContext } from '../context.js';
import { getProject } from '../projects.js';
import { type AssignmentQuery, assignmentsWithinDomain, listRoleAssignments } from '../role-assignments.js';
import { authOf, collectionLinks, enforce, queryOf } from './common.js';
import { roleAssignmentView } from './views/role-assignments.js';

const FILTERS = [
  'group.id',
  'role.id',
  'scope.domain.id',
  'scope.project.id',
  'scope.OS-INHERIT:inherited_to',
  'user.id',
  'scope.system',
];

/** Keystone's key-only flags (`?effective`): present and not "0" means true. */
function flag(query: Record<string, string>, name: string): boolean {
  return name in query && query[name] !== '0';
}

/** The filter combinations Keystone refuses with 400, and the query as the domain layer takes it. */
function parseQuery(query: Record<string, string>): AssignmentQuery {
  // An empty value is no filter, as Keystone's truthiness checks.
  const value = (name: string) => query[name] || undefined;
  if (value('scope.domain.id') && value('scope.project.id'))
    throw new BadRequest('Specify a domain or project, not both');
  if (value('scope.domain.id') && value('scope.system')) throw new BadRequest('Specify system or domain, not both');
  if (value('scope.project.id') && value('scope.system')) throw new BadRequest('Specify system or project, not both');
  if (value('user.id') && value('group.id')) throw new BadRequest('Specify a user or group, not both');
  const inheritedParam = query['scope.OS-INHERIT:inherited_to'];
  const inherited = inheritedParam === undefined ? undefined : inheritedParam === 'projects';
  const effective = flag(query, 'effective');
  if (effective && value('group.id')) {
    throw new BadRequest('Combining effective and group filter will always result in an empty list.');
  }
  if (effective && inherited && value('scope.domain.id')) {
    throw new BadRequest('Combining effective, domain and inherited filters will always result in an empty list.');
  }
  return {
    roleId: value('role.id'),
    userId: value('user.id'),
    groupId: value('group.id'),
    system: query['scope.system'] === 'all',
    domainId: value('scope.domain.id'),
    projectId: value('scope.project.id'),
    includeSubtree: flag(query, 'include_subtree'),
    inherited,
    effective,
  };
}

/** Registers GET /v3/role_assignments (HEAD comes with it). */
export function roleAssignmentRoutes(scope: FastifyInstance, ctx: IdentityContext): void {
  scope.get('/v3/role_assignments', async (request) => {
    const query = queryOf(request);
    const filters = Object.fromEntries(FILTERS.filter((f) => f in query).map((f) => [f, query[f]]));
    if (flag(query, 'include_subtree') && !query['scope.project.id']) {
      throw new BadRequest('scope.project.id must be specified if include_subtree is also specified');
    }
    const parsed = parseQuery(query);
    const auth = authOf(request);
    if (parsed.includeSubtree) {
      const project = await getProject(ctx, parsed.projectId!);
      const target = {
        project: { id: project.id, name: project.name, domain_id: project.domain_id },
        domain_id: project.domain_id,
      };
      enforce(ctx, request, 'identity:list_role_assignments_for_tree', { ...filters, target });
    } else {
      // A domain-scoped caller is checked against its own domain, and then sees only what lies in it.
      enforce(ctx, request, 'identity:list_role_assignments', {
        ...filters,
        target: auth.domain ? { domain_id: auth.domain.id } : {},
      });
    }
    let assignments = await listRoleAssignments(ctx, parsed);
    if (auth.domain && !parsed.includeSubtree)
      assignments = await assignmentsWithinDomain(ctx, assignments, auth.domain.id);
    const entries = await roleAssignmentView.list(ctx, assignments, flag(query, 'include_names'));
    return { role_assignments: entries, links: collectionLinks(ctx, request) };
  });
}
