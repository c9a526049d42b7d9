// Domains: the containers of projects, users, groups and domain-specific roles.
import {
  BadRequest,
  Conflict,
  Forbidden,
  fromDbJson,
  isUniqueViolation,
  NotFound,
  newHexId,
  toDbBool,
  toDbJson,
} from '@nubo/core';
import type { IdentityContext } from './context.js';
import { deleteAssignmentsOnTarget } from './db/assignments.js';
import * as q from './db/domains.js';
import { deleteGroup, listGroups } from './db/groups.js';
import { deleteProject, listProjects } from './db/projects.js';
import { deleteRole, listRoles } from './db/roles.js';
import type { DomainRow } from './db/tables.js';
import { deleteUser, listUsers } from './db/users.js';

export const DEFAULT_DOMAIN_ID = 'default';

export interface DomainInput {
  name?: string;
  description?: string;
  enabled?: boolean;
  explicit_domain_id?: string;
  extra: Record<string, unknown>;
}

export async function getDomain(ctx: IdentityContext, id: string): Promise<DomainRow> {
  const row = await q.findDomain(ctx.db, id);
  if (!row) throw new NotFound(`Could not find domain: ${id}.`);
  return row;
}

export async function createDomain(ctx: IdentityContext, input: DomainInput): Promise<DomainRow> {
  if (!input.name) throw new BadRequest("Invalid input for field 'name': 'name' is a required property");
  const row: DomainRow = {
    id: input.explicit_domain_id ?? newHexId(),
    name: input.name,
    description: input.description ?? '',
    enabled: toDbBool(input.enabled ?? true),
    extra: toDbJson(input.extra),
  };
  try {
    await q.insertDomain(ctx.db, row);
  } catch (err) {
    if (isUniqueViolation(err))
      throw new Conflict(
        `Conflict occurred attempting to store domain - Duplicate entry found with name ${input.name}.`,
      );
    throw err;
  }
  ctx.changes.bump();
  return row;
}

export async function updateDomain(ctx: IdentityContext, id: string, input: DomainInput): Promise<DomainRow> {
  const current = await getDomain(ctx, id);
  const changes: Partial<DomainRow> = {};
  if (input.name !== undefined) changes.name = input.name;
  if (input.description !== undefined) changes.description = input.description;
  if (input.enabled !== undefined) changes.enabled = toDbBool(input.enabled);
  if (Object.keys(input.extra).length > 0)
    changes.extra = toDbJson({ ...fromDbJson(current.extra, {}), ...input.extra });
  try {
    await q.updateDomain(ctx.db, id, changes);
  } catch (err) {
    if (isUniqueViolation(err))
      throw new Conflict(
        `Conflict occurred attempting to store domain - Duplicate entry found with name ${input.name}.`,
      );
    throw err;
  }
  ctx.changes.bump();
  return { ...current, ...changes };
}

/** Deletes a disabled domain and everything in it, as Keystone does. */
export async function deleteDomain(ctx: IdentityContext, id: string): Promise<void> {
  const domain = await getDomain(ctx, id);
  if (domain.enabled) throw new Forbidden('Cannot delete a domain that is enabled, please disable it first.');
  await ctx.db.transaction().execute(async (trx) => {
    for (const project of await listProjects(trx, { domainId: id })) {
      await deleteAssignmentsOnTarget(trx, project.id);
      await deleteProject(trx, project.id);
    }
    for (const user of await listUsers(trx, { domainId: id })) await deleteUser(trx, user.id);
    for (const group of await listGroups(trx, { domainId: id })) await deleteGroup(trx, group.id);
    for (const role of await listRoles(trx, { domainId: id })) await deleteRole(trx, role.id);
    await deleteAssignmentsOnTarget(trx, id);
    await q.deleteDomain(trx, id);
  });
  ctx.changes.bump();
}
