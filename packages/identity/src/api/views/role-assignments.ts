// A role assignment as Keystone shows it: role, actor, scope, and the link of the grant that made it.
import type { IdentityContext } from '../../context.js';
import { findDomain } from '../../db/domains.js';
import { findGroup } from '../../db/groups.js';
import { findProject } from '../../db/projects.js';
import { findRole } from '../../db/roles.js';
import { findUser } from '../../db/users.js';
import type { RoleAssignment } from '../../role-assignments.js';
import { roleDomainId } from '../../roles.js';

type Named = { id: string; name: string; domain?: { id: string; name: string } };

/** Looks names up once per id (include_names). */
class NameCache {
  private readonly cache = new Map<string, Promise<Named>>();

  constructor(private readonly ctx: IdentityContext) {}

  private once(key: string, load: () => Promise<Named>): Promise<Named> {
    if (!this.cache.has(key)) this.cache.set(key, load());
    return this.cache.get(key)!;
  }

  domainName(id: string): Promise<string> {
    return this.once(`domain:${id}`, async () => ({ id, name: (await findDomain(this.ctx.db, id))?.name ?? '' })).then(
      (d) => d.name,
    );
  }

  domain(id: string): Promise<Named> {
    return this.domainName(id).then((name) => ({ id, name }));
  }

  /** Users and groups that no longer exist get empty names, as in Keystone. */
  actor(kind: 'user' | 'group', id: string): Promise<Named> {
    return this.once(`${kind}:${id}`, async () => {
      const row = kind === 'user' ? await findUser(this.ctx.db, id) : await findGroup(this.ctx.db, id);
      if (!row) return { id, name: '', domain: { id: '', name: '' } };
      return { id, name: row.name, domain: { id: row.domain_id, name: await this.domainName(row.domain_id) } };
    });
  }

  project(id: string): Promise<Named> {
    return this.once(`project:${id}`, async () => {
      const row = await findProject(this.ctx.db, id);
      if (!row) return { id, name: '', domain: { id: '', name: '' } };
      return { id, name: row.name, domain: { id: row.domain_id, name: await this.domainName(row.domain_id) } };
    });
  }

  /** A domain-specific role also names its domain. */
  role(id: string): Promise<Named> {
    return this.once(`role:${id}`, async () => {
      const row = await findRole(this.ctx.db, id);
      if (!row) return { id, name: '' };
      const domainId = roleDomainId(row);
      return domainId === null
        ? { id, name: row.name }
        : { id, name: row.name, domain: { id: domainId, name: await this.domainName(domainId) } };
    });
  }
}

/**
 * Keystone's `_format_entity`: the assignment link points at the grant URL (the group's, the parent's or the
 * domain's OS-INHERIT grant, the prior role's) that brought this assignment.
 */
function one(
  ctx: IdentityContext,
  a: RoleAssignment,
  names: { role: Named; actor: Named; scope?: Named } | undefined,
): Record<string, unknown> {
  const url = (path: string) => `${ctx.baseUrl}/v3${path}`;
  const links: Record<string, string> = {};
  const scope: Record<string, unknown> = {};
  let path = '';
  let inherited = a.inherited;
  if ('project' in a.scope) {
    scope.project = names?.scope ?? { id: a.scope.project };
    if (a.via?.domainId) path = `/domains/${a.via.domainId}`;
    else if (a.via?.projectId) path = `/projects/${a.via.projectId}`;
    else path = `/projects/${a.scope.project}`;
    inherited ||= Boolean(a.via?.domainId ?? a.via?.projectId);
  } else if ('domain' in a.scope) {
    scope.domain = names?.scope ?? { id: a.scope.domain };
    path = `/domains/${a.scope.domain}`;
  } else {
    scope.system = { all: true };
    path = '/system';
  }
  const body: Record<string, unknown> = {};
  if (a.userId !== undefined) {
    body.user = names?.actor ?? { id: a.userId };
    if (a.via?.groupId) {
      links.membership = url(`/groups/${a.via.groupId}/users/${a.userId}`);
      path += `/groups/${a.via.groupId}`;
    } else {
      path += `/users/${a.userId}`;
    }
  } else {
    body.group = names?.actor ?? { id: a.groupId };
    path += `/groups/${a.groupId}`;
  }
  body.role = names?.role ?? { id: a.roleId };
  path += `/roles/${a.via?.priorRoleId ?? a.roleId}`;
  if (inherited) {
    scope['OS-INHERIT:inherited_to'] = 'projects';
    path = `/OS-INHERIT${path}/inherited_to_projects`;
  }
  links.assignment = url(path);
  // Keystone builds this link as /prior_role/{implied}/implies/{prior}, a URL that does not exist; nubo points at
  // the implied-role rule itself.
  if (a.via?.priorRoleId) links.prior_role = url(`/roles/${a.via.priorRoleId}/implies/${a.roleId}`);
  return { ...body, scope, links };
}

export const roleAssignmentView = {
  /** The entries of GET /v3/role_assignments; with `includeNames`, every id also carries its name and domain. */
  async list(
    ctx: IdentityContext,
    assignments: RoleAssignment[],
    includeNames: boolean,
  ): Promise<Record<string, unknown>[]> {
    if (!includeNames) return assignments.map((a) => one(ctx, a, undefined));
    const cache = new NameCache(ctx);
    const out: Record<string, unknown>[] = [];
    for (const a of assignments) {
      const role = await cache.role(a.roleId);
      const actor =
        a.userId !== undefined ? await cache.actor('user', a.userId) : await cache.actor('group', a.groupId!);
      let scope: Named | undefined;
      if ('project' in a.scope) scope = await cache.project(a.scope.project);
      else if ('domain' in a.scope) scope = await cache.domain(a.scope.domain);
      out.push(one(ctx, a, { role, actor, scope }));
    }
    return out;
  },
};
