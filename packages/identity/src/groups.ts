// Groups: sets of users in a domain that receive role assignments together.
import { BadRequest, Conflict, fromDbJson, isUniqueViolation, NotFound, newHexId, toDbJson } from '@nubo/core';
import type { IdentityContext } from './context.js';
import { listAssignments } from './db/assignments.js';
import { findDomain } from './db/domains.js';
import * as q from './db/groups.js';
import type { GroupRow, UserRow } from './db/tables.js';
import { findUser, groupsOfUser } from './db/users.js';
import { revokeUserTokens } from './revocations.js';
import { filterUsers, type UserFilters } from './users.js';

/** A group body as the API validated it; unknown attributes are in `extra` and are kept and echoed. */
export interface GroupInput {
  name?: string;
  domain_id?: string;
  description?: string | null;
  extra: Record<string, unknown>;
}

/** The group, or 404 `Could not find group: <id>.` */
export async function getGroup(ctx: IdentityContext, id: string): Promise<GroupRow> {
  const row = await q.findGroup(ctx.db, id);
  if (!row) throw new NotFound(`Could not find group: ${id}.`);
  return row;
}

async function getUser(ctx: IdentityContext, id: string): Promise<UserRow> {
  const row = await findUser(ctx.db, id);
  if (!row) throw new NotFound(`Could not find user: ${id}.`);
  return row;
}

function duplicate(name: string | undefined, domainId: string): Conflict {
  return new Conflict(
    `Conflict occurred attempting to store group - Duplicate entry found with name ${name} at domain ID ${domainId}.`,
  );
}

/** Creates a group in `input.domain_id`; 404 for an unknown domain, 409 for a name taken in that domain. */
export async function createGroup(ctx: IdentityContext, input: GroupInput & { domain_id: string }): Promise<GroupRow> {
  const name = input.name?.trim();
  if (!name) throw new BadRequest("Invalid input for field 'name': 'name' is a required property");
  if (!(await findDomain(ctx.db, input.domain_id))) throw new NotFound(`Could not find domain: ${input.domain_id}.`);
  const row: GroupRow = {
    id: newHexId(),
    name,
    domain_id: input.domain_id,
    description: input.description ?? '',
    extra: toDbJson(input.extra),
  };
  try {
    await q.insertGroup(ctx.db, row);
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(name, input.domain_id);
    throw err;
  }
  ctx.changes.bump();
  return row;
}

/** Updates a group's name, description and extra attributes; its domain cannot change. */
export async function updateGroup(ctx: IdentityContext, id: string, input: GroupInput): Promise<GroupRow> {
  const current = await getGroup(ctx, id);
  if (input.domain_id !== undefined && input.domain_id !== current.domain_id)
    throw new BadRequest('Cannot change Domain ID');
  const changes: Partial<GroupRow> = {};
  if (input.name !== undefined) changes.name = input.name.trim();
  if (input.description !== undefined) changes.description = input.description ?? '';
  if (Object.keys(input.extra).length > 0)
    changes.extra = toDbJson({ ...fromDbJson(current.extra, {}), ...input.extra });
  try {
    await q.updateGroup(ctx.db, id, changes);
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(changes.name, current.domain_id);
    throw err;
  }
  ctx.changes.bump();
  return { ...current, ...changes };
}

/**
 * Deletes a group with its memberships and role assignments. When the group held roles, its members' tokens are
 * revoked, since they may carry those roles (Keystone does the same).
 */
export async function deleteGroup(ctx: IdentityContext, id: string): Promise<void> {
  await getGroup(ctx, id);
  const hadRoles = (await listAssignments(ctx.db, { actorIds: [id] })).length > 0;
  const members = await q.usersInGroup(ctx.db, id);
  await ctx.db.transaction().execute((trx) => q.deleteGroup(trx, id));
  ctx.changes.bump();
  if (hadRoles) for (const user of members) await revokeUserTokens(ctx, user.id);
}

/** The members of a group that match the filters; 404 for an unknown group. */
export async function listGroupMembers(ctx: IdentityContext, id: string, filters: UserFilters): Promise<UserRow[]> {
  await getGroup(ctx, id);
  return filterUsers(await q.usersInGroup(ctx.db, id), filters);
}

/** The groups a user is a member of; 404 for an unknown user. */
export async function listUserGroups(ctx: IdentityContext, userId: string): Promise<GroupRow[]> {
  await getUser(ctx, userId);
  return groupsOfUser(ctx.db, userId);
}

/** Adds a user to a group (idempotent); the user may live in another domain. 404 for an unknown group or user. */
export async function addGroupMember(ctx: IdentityContext, groupId: string, userId: string): Promise<void> {
  await getGroup(ctx, groupId);
  await getUser(ctx, userId);
  await q.addMember(ctx.db, groupId, userId);
  ctx.changes.bump();
}

/** 404 unless the group and user exist and the user is a member. */
export async function checkGroupMember(ctx: IdentityContext, groupId: string, userId: string): Promise<void> {
  await getGroup(ctx, groupId);
  await getUser(ctx, userId);
  if (!(await q.isMember(ctx.db, groupId, userId))) throw notMember(groupId, userId);
}

/** Removes a user from a group and revokes the user's tokens, which may carry the group's roles. */
export async function removeGroupMember(ctx: IdentityContext, groupId: string, userId: string): Promise<void> {
  if (!(await q.isMember(ctx.db, groupId, userId))) {
    // Name the missing group or user when there is one, as Keystone does.
    await getGroup(ctx, groupId);
    await getUser(ctx, userId);
    throw notMember(groupId, userId);
  }
  await q.removeMember(ctx.db, groupId, userId);
  ctx.changes.bump();
  await revokeUserTokens(ctx, userId);
}

function notMember(groupId: string, userId: string): NotFound {
  return new NotFound(`User '${userId}' not found in group '${groupId}'`);
}
