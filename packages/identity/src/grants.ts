// Role grants: a role for a user or group on a project, a domain or the system, optionally inherited (OS-INHERIT).
import { BadRequest, Forbidden, NotFound } from '@nubo/core';
import type { IdentityContext } from './context.js';
import { deleteAssignment, hasAssignment, insertAssignment, listAssignments } from './db/assignments.js';
import { findDomain } from './db/domains.js';
import { findGroup } from './db/groups.js';
import { findProject } from './db/projects.js';
import { findRole } from './db/roles.js';
import {
  type AssignmentRow,
  type AssignmentType,
  type DomainRow,
  type GroupRow,
  type ProjectRow,
  type RoleRow,
  SYSTEM_TARGET,
  type UserRow,
} from './db/tables.js';
import { findUser } from './db/users.js';
import { getRole, roleDomainId } from './roles.js';

/** Who and where a grant URL names: `/v3/[OS-INHERIT/]<target>s/<targetId>/<actor>s/<actorId>/roles[/<role>]`. */
export interface GrantPath {
  actor: 'user' | 'group';
  actorId: string;
  target: 'project' | 'domain' | 'system';
  /** Ignored for the system (its target id is the literal `system`). */
  targetId: string;
  /** An OS-INHERIT grant: it reaches the projects below the target, not the target itself. */
  inherited: boolean;
}

/** The rows a grant URL names; a missing one is absent. */
export interface GrantParties {
  role?: RoleRow;
  user?: UserRow;
  group?: GroupRow;
  project?: ProjectRow;
  domain?: DomainRow;
}

const TYPE_NAMES = {
  user: { project: 'UserProject', domain: 'UserDomain', system: 'UserSystem' },
  group: { project: 'GroupProject', domain: 'GroupDomain', system: 'GroupSystem' },
} as const satisfies Record<GrantPath['actor'], Record<GrantPath['target'], AssignmentType>>;

function targetIdOf(path: GrantPath): string {
  return path.target === 'system' ? SYSTEM_TARGET : path.targetId;
}

function rowOf(path: GrantPath, roleId: string): AssignmentRow {
  return {
    type: TYPE_NAMES[path.actor][path.target],
    actor_id: path.actorId,
    target_id: targetIdOf(path),
    role_id: roleId,
    inherited: path.inherited ? 1 : 0,
  };
}

/** Loads the role (when given), actor and target a grant URL names, leaving out those that do not exist. */
export async function loadGrantParties(ctx: IdentityContext, path: GrantPath, roleId?: string): Promise<GrantParties> {
  const parties: GrantParties = {};
  if (roleId !== undefined) parties.role = await findRole(ctx.db, roleId);
  if (path.actor === 'user') parties.user = await findUser(ctx.db, path.actorId);
  else parties.group = await findGroup(ctx.db, path.actorId);
  if (path.target === 'project') parties.project = await findProject(ctx.db, path.targetId);
  else if (path.target === 'domain') parties.domain = await findDomain(ctx.db, path.targetId);
  return parties;
}

/**
 * Throws Keystone's 404 for the first missing party: the role, then the actor (unless `actor` is false, as for a
 * revoke, which may clean up after a deleted user), then the project or domain.
 */
export function requireGrantParties(
  path: GrantPath,
  roleId: string | undefined,
  parties: GrantParties,
  options: { actor: boolean },
): void {
  if (roleId !== undefined && !parties.role) throw new NotFound(`Could not find role: ${roleId}.`);
  if (options.actor && path.actor === 'user' && !parties.user)
    throw new NotFound(`Could not find user: ${path.actorId}.`);
  if (options.actor && path.actor === 'group' && !parties.group)
    throw new NotFound(`Could not find group: ${path.actorId}.`);
  if (path.target === 'project' && !parties.project) throw new NotFound(`Could not find project: ${path.targetId}.`);
  if (path.target === 'domain' && !parties.domain) throw new NotFound(`Could not find domain: ${path.targetId}.`);
}

function assignmentNotFound(path: GrantPath, roleId: string): NotFound {
  return new NotFound(
    `Could not find role assignment with role: ${roleId}, user or group: ${path.actorId}, project, domain, or system: ${targetIdOf(path)}.`,
  );
}

/** Grants `roleId`; idempotent, as Keystone's PUT. */
export async function createGrant(ctx: IdentityContext, path: GrantPath, roleId: string): Promise<void> {
  const parties = await loadGrantParties(ctx, path, roleId);
  requireGrantParties(path, roleId, parties, { actor: true });
  const domainOfRole = roleDomainId(parties.role!);
  if (domainOfRole !== null) {
    if (path.target === 'system') {
      throw new BadRequest(
        `Role ${roleId} is a domain-specific role. Unable to use a domain-specific role in a system assignment.`,
      );
    }
    // A domain-specific role may be granted on projects of its own domain only (Keystone DomainSpecificRoleMismatch).
    if (path.target === 'project' && parties.project!.domain_id !== domainOfRole) {
      throw new Forbidden(`Project ${path.targetId} must be in the same domain as the role ${roleId} being assigned.`);
    }
  }
  await insertAssignment(ctx.db, rowOf(path, roleId));
  ctx.changes.bump();
}

/** Succeeds when the grant exists (HEAD/GET on a grant URL). */
export async function checkGrant(ctx: IdentityContext, path: GrantPath, roleId: string): Promise<void> {
  const parties = await loadGrantParties(ctx, path, roleId);
  requireGrantParties(path, roleId, parties, { actor: false });
  if (!(await hasAssignment(ctx.db, rowOf(path, roleId)))) throw assignmentNotFound(path, roleId);
}

/** The roles granted to the actor on the target (only inherited ones for an OS-INHERIT path), by name. */
export async function listGrants(ctx: IdentityContext, path: GrantPath): Promise<RoleRow[]> {
  const parties = await loadGrantParties(ctx, path);
  requireGrantParties(path, undefined, parties, { actor: false });
  const rows = await listAssignments(ctx.db, {
    types: [TYPE_NAMES[path.actor][path.target]],
    actorIds: [path.actorId],
    targetIds: [targetIdOf(path)],
    inherited: path.inherited,
  });
  const roles: RoleRow[] = [];
  for (const id of new Set(rows.map((r) => r.role_id))) {
    const role = await findRole(ctx.db, id);
    if (role) roles.push(role);
  }
  return roles.sort((a, b) => a.name.localeCompare(b.name));
}

/** Revokes a grant; tokens relying on it lose the role at their next validation (the change counter moves). */
export async function revokeGrant(ctx: IdentityContext, path: GrantPath, roleId: string): Promise<void> {
  await getRole(ctx, roleId);
  const row = rowOf(path, roleId);
  if (!(await hasAssignment(ctx.db, row))) throw assignmentNotFound(path, roleId);
  await deleteAssignment(ctx.db, row);
  ctx.changes.bump();
}
