// /v3/groups and group membership (/v3/groups/{group_id}/users[/{user_id}]).
import { BadRequest } from '@nubo/core';
import type { FastifyInstance } from 'fastify';
import type { IdentityContext } from '../context.js';
import * as q from '../db/groups.js';
import { findUser } from '../db/users.js';
import { DEFAULT_DOMAIN_ID } from '../domains.js';
import {
  addGroupMember,
  checkGroupMember,
  createGroup,
  deleteGroup,
  type GroupInput,
  getGroup,
  listGroupMembers,
  removeGroupMember,
  updateGroup,
} from '../groups.js';
import { authOf, collectionLinks, enforce, member, queryBool, queryOf, splitExtra } from './common.js';
import { idParams } from './schemas/common.js';
import { groupCreateBody, groupUpdateBody } from './schemas/groups.js';
import { groupView } from './views/groups.js';
import { userView } from './views/users.js';

const fields = ['id', 'name', 'domain_id', 'description'] as const;
const params = idParams('group_id');
const memberParams = idParams('group_id', 'user_id');

/** The body's known attributes and extras; an `id` other than the group's own is refused (Keystone's "Cannot change ID"). */
function groupInput(body: unknown, groupId?: string): GroupInput {
  const { known, extra } = splitExtra(member(body, 'group'), fields);
  const { id, ...rest } = known;
  if (groupId !== undefined && id !== undefined && id !== null && id !== groupId)
    throw new BadRequest('Cannot change ID');
  return { ...(rest as Omit<GroupInput, 'extra'>), extra };
}

/** Keystone's target: the path's ids, plus the group and user that exist (a missing one fails domain checks). */
async function memberTarget(ctx: IdentityContext, groupId: string, userId?: string): Promise<Record<string, unknown>> {
  const group = await q.findGroup(ctx.db, groupId);
  const user = userId === undefined ? undefined : await findUser(ctx.db, userId);
  return {
    group_id: groupId,
    ...(userId !== undefined ? { user_id: userId } : {}),
    target: {
      ...(group ? { group: { id: group.id, domain_id: group.domain_id } } : {}),
      ...(user ? { user: { id: user.id, domain_id: user.domain_id } } : {}),
    },
  };
}

export function groupRoutes(scope: FastifyInstance, ctx: IdentityContext): void {
  scope.get('/v3/groups', async (request) => {
    const query = queryOf(request);
    const tokenDomain = authOf(request).domain?.id;
    // As Keystone: the filters are checked as given, and a domain-scoped token is the target and bounds the result.
    enforce(ctx, request, 'identity:list_groups', {
      ...(query.domain_id !== undefined ? { domain_id: query.domain_id } : {}),
      ...(query.name !== undefined ? { name: query.name } : {}),
      target: tokenDomain ? { group: { domain_id: tokenDomain } } : {},
    });
    let rows = await q.listGroups(ctx.db, { name: query.name, domainId: query.domain_id });
    if (tokenDomain) rows = rows.filter((r) => r.domain_id === tokenDomain);
    return { groups: rows.map((r) => groupView(ctx, r)), links: collectionLinks(ctx, request) };
  });
  scope.post('/v3/groups', { schema: { body: groupCreateBody } }, async (request, reply) => {
    const input = groupInput(request.body);
    const auth = authOf(request);
    const domainId = input.domain_id ?? auth.domain?.id ?? auth.project?.domainId ?? DEFAULT_DOMAIN_ID;
    enforce(ctx, request, 'identity:create_group', { target: { group: { domain_id: domainId } } });
    const row = await createGroup(ctx, { ...input, domain_id: domainId });
    reply.code(201);
    return { group: groupView(ctx, row) };
  });
  scope.get('/v3/groups/:group_id', { schema: { params } }, async (request) => {
    const { group_id } = request.params as { group_id: string };
    enforce(ctx, request, 'identity:get_group', await memberTarget(ctx, group_id));
    return { group: groupView(ctx, await getGroup(ctx, group_id)) };
  });
  scope.patch('/v3/groups/:group_id', { schema: { params, body: groupUpdateBody } }, async (request) => {
    const { group_id } = request.params as { group_id: string };
    enforce(ctx, request, 'identity:update_group', await memberTarget(ctx, group_id));
    const row = await updateGroup(ctx, group_id, groupInput(request.body, group_id));
    return { group: groupView(ctx, row) };
  });
  scope.delete('/v3/groups/:group_id', { schema: { params } }, async (request, reply) => {
    const { group_id } = request.params as { group_id: string };
    enforce(ctx, request, 'identity:delete_group', await memberTarget(ctx, group_id));
    await deleteGroup(ctx, group_id);
    reply.code(204).send();
  });

  scope.get('/v3/groups/:group_id/users', { schema: { params } }, async (request) => {
    const { group_id } = request.params as { group_id: string };
    const query = queryOf(request);
    enforce(ctx, request, 'identity:list_users_in_group', await memberTarget(ctx, group_id));
    let rows = await listGroupMembers(ctx, group_id, {
      name: query.name,
      domainId: query.domain_id,
      enabled: queryBool(query.enabled),
      passwordExpiresAt: query.password_expires_at,
    });
    const tokenDomain = authOf(request).domain?.id;
    if (tokenDomain) rows = rows.filter((r) => r.domain_id === tokenDomain);
    return { users: rows.map((r) => userView(ctx, r)), links: collectionLinks(ctx, request) };
  });
  // GET answers HEAD too (Fastify exposes HEAD for every GET route), as Keystone's check_user_in_group does.
  scope.get('/v3/groups/:group_id/users/:user_id', { schema: { params: memberParams } }, async (request, reply) => {
    const { group_id, user_id } = request.params as { group_id: string; user_id: string };
    enforce(ctx, request, 'identity:check_user_in_group', await memberTarget(ctx, group_id, user_id));
    await checkGroupMember(ctx, group_id, user_id);
    reply.code(204).send();
  });
  scope.put('/v3/groups/:group_id/users/:user_id', { schema: { params: memberParams } }, async (request, reply) => {
    const { group_id, user_id } = request.params as { group_id: string; user_id: string };
    enforce(ctx, request, 'identity:add_user_to_group', await memberTarget(ctx, group_id, user_id));
    await addGroupMember(ctx, group_id, user_id);
    reply.code(204).send();
  });
  scope.delete('/v3/groups/:group_id/users/:user_id', { schema: { params: memberParams } }, async (request, reply) => {
    const { group_id, user_id } = request.params as { group_id: string; user_id: string };
    enforce(ctx, request, 'identity:remove_user_from_group', await memberTarget(ctx, group_id, user_id));
    await removeGroupMember(ctx, group_id, user_id);
    reply.code(204).send();
  });
}
