// Projects: the owners of resources, in a domain, optionally under a parent project.
import {
  BadRequest,
  Conflict,
  Forbidden,
  fromDbBool,
  fromDbJson,
  isUniqueViolation,
  NotFound,
  newHexId,
  toDbBool,
  toDbJson,
} from '@nubo/core';
import type { IdentityContext } from './context.js';
import { deleteAssignmentsOnTarget } from './db/assignments.js';
import { findDomain } from './db/domains.js';
import * as q from './db/projects.js';
import type { ProjectRow } from './db/tables.js';
import { revokeProjectTokens } from './revocations.js';

export interface ProjectInput {
  name?: string;
  description?: string;
  enabled?: boolean;
  domain_id?: string;
  parent_id?: string | null;
  is_domain?: boolean;
  tags?: string[];
  extra: Record<string, unknown>;
}

export async function getProject(ctx: IdentityContext, id: string): Promise<ProjectRow> {
  const row = await q.findProject(ctx.db, id);
  if (!row) throw new NotFound(`Could not find project: ${id}.`);
  return row;
}

function duplicate(name: string | undefined): Conflict {
  return new Conflict(
    `Conflict occurred attempting to store project - it is not permitted to have two projects with the same name in the same domain : ${name}.`,
  );
}

export async function createProject(
  ctx: IdentityContext,
  input: ProjectInput,
  callerDomainId: string,
): Promise<ProjectRow> {
  if (!input.name) throw new BadRequest("Invalid input for field 'name': 'name' is a required property");
  if (input.is_domain) throw new BadRequest('Projects acting as domains are not supported: create a domain instead.');
  let domainId = input.domain_id ?? undefined;
  let parentId: string | null = null;
  if (input.parent_id) {
    const parent = await q.findProject(ctx.db, input.parent_id);
    if (!parent) {
      // A domain given as parent means a top-level project of that domain.
      const asDomain = await findDomain(ctx.db, input.parent_id);
      if (!asDomain) throw new NotFound(`Could not find project: ${input.parent_id}.`);
      domainId ??= asDomain.id;
      if (domainId !== asDomain.id) throw new BadRequest('Cannot create project, the parent is in a different domain.');
    } else {
      domainId ??= parent.domain_id;
      if (domainId !== parent.domain_id)
        throw new BadRequest(
          'Cannot create project, since it specifies its domain_id, but specifies a parent in a different domain.',
        );
      parentId = parent.id;
    }
  }
  domainId ??= callerDomainId;
  const domain = await findDomain(ctx.db, domainId);
  if (!domain) throw new NotFound(`Could not find domain: ${domainId}.`);
  const row: ProjectRow = {
    id: newHexId(),
    name: input.name,
    domain_id: domain.id,
    parent_id: parentId,
    description: input.description ?? '',
    enabled: toDbBool(input.enabled ?? true),
    extra: toDbJson(input.extra),
  };
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await q.insertProject(trx, row);
      if (input.tags) await q.replaceProjectTags(trx, row.id, input.tags);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(input.name);
    throw err;
  }
  ctx.changes.bump();
  return row;
}

export async function updateProject(ctx: IdentityContext, id: string, input: ProjectInput): Promise<ProjectRow> {
  const current = await getProject(ctx, id);
  if (input.domain_id !== undefined && input.domain_id !== current.domain_id)
    throw new BadRequest('Cannot change Domain ID');
  if (input.parent_id !== undefined && input.parent_id !== (current.parent_id ?? current.domain_id)) {
    throw new Forbidden('Update of `parent_id` is not allowed.');
  }
  if (input.is_domain !== undefined && input.is_domain !== false)
    throw new BadRequest('Update of `is_domain` is not allowed.');
  const changes: Partial<ProjectRow> = {};
  if (input.name !== undefined) changes.name = input.name;
  if (input.description !== undefined) changes.description = input.description;
  if (input.enabled !== undefined) {
    if (!input.enabled && fromDbBool(current.enabled)) {
      const children = await q.listProjects(ctx.db, { parentId: id, enabled: true });
      if (children.some((c) => c.parent_id === id)) {
        throw new Forbidden(`Cannot update project ${id}: its subtree contains enabled projects.`);
      }
    }
    changes.enabled = toDbBool(input.enabled);
  }
  if (Object.keys(input.extra).length > 0)
    changes.extra = toDbJson({ ...fromDbJson(current.extra, {}), ...input.extra });
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await q.updateProject(trx, id, changes);
      if (input.tags) await q.replaceProjectTags(trx, id, input.tags);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(input.name);
    throw err;
  }
  ctx.changes.bump();
  return { ...current, ...changes };
}

export async function deleteProject(ctx: IdentityContext, id: string): Promise<void> {
  await getProject(ctx, id);
  if ((await q.listChildIds(ctx.db, id)).length > 0) {
    throw new Forbidden(`Cannot delete the project ${id} since it is not a leaf in the hierarchy.`);
  }
  await ctx.db.transaction().execute(async (trx) => {
    await deleteAssignmentsOnTarget(trx, id);
    await q.deleteProject(trx, id);
  });
  await revokeProjectTokens(ctx, id);
}

export async function setProjectTags(ctx: IdentityContext, id: string, tags: string[]): Promise<void> {
  await getProject(ctx, id);
  await q.replaceProjectTags(ctx.db, id, tags);
  ctx.changes.bump();
}
