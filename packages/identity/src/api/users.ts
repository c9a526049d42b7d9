// /v3/users, a user's own password change, and /v3/users/{user_id}/groups.
import { BadRequest, MethodNotAllowed } from '@nubo/core';
import type { FastifyInstance } from 'fastify';
import type { IdentityContext } from '../context.js';
import { findUser } from '../db/users.js';
import { DEFAULT_DOMAIN_ID } from '../domains.js';
import { listUserGroups } from '../groups.js';
import { changePassword, createUser, deleteUser, getUser, listUsers, type UserInput, updateUser } from '../users.js';
import { authOf, collectionLinks, enforce, member, queryBool, queryOf, splitExtra } from './common.js';
import { idParams } from './schemas/common.js';
import { passwordChangeBody, userCreateBody, userUpdateBody } from './schemas/users.js';
import { membershipGroupView } from './views/groups.js';
import { userView } from './views/users.js';

const fields = [
  'id',
  'name',
  'domain_id',
  'enabled',
  'default_project_id',
  'password',
  'options',
  'federated',
] as const;
const params = idParams('user_id');
/** Federation filters: nubo has no identity providers, so no user matches them. */
const federationFilters = ['idp_id', 'protocol_id', 'unique_id'];

/** The body's known attributes and extras; an `id` other than the user's own is refused (Keystone's "Cannot change ID"). */
function userInput(body: unknown, userId?: string): UserInput {
  const { known, extra } = splitExtra(member(body, 'user'), fields);
  const { id, ...rest } = known;
  if (userId !== undefined && id !== undefined && id !== null && id !== userId)
    throw new BadRequest('Cannot change ID');
  return { ...(rest as Omit<UserInput, 'extra'>), extra };
}

/** Keystone's target for one user: the path's user_id, and the user when it exists (a missing one fails owner checks). */
async function userTarget(ctx: IdentityContext, userId: string): Promise<Record<string, unknown>> {
  const user = await findUser(ctx.db, userId);
  return { user_id: userId, target: user ? { user: { id: user.id, domain_id: user.domain_id } } : {} };
}

export function userRoutes(scope: FastifyInstance, ctx: IdentityContext): void {
  scope.get('/v3/users', async (request) => {
    const query = queryOf(request);
    const tokenDomain = authOf(request).domain?.id;
    // As Keystone: the filters are checked as given, and a domain-scoped token is the target and bounds the result.
    enforce(ctx, request, 'identity:list_users', {
      ...(query.domain_id !== undefined ? { domain_id: query.domain_id } : {}),
      target: tokenDomain ? { domain_id: tokenDomain } : {},
    });
    const federated = federationFilters.some((f) => query[f] !== undefined);
    let rows = federated
      ? []
      : await listUsers(ctx, {
          name: query.name,
          domainId: query.domain_id,
          enabled: queryBool(query.enabled),
          passwordExpiresAt: query.password_expires_at,
        });
    if (tokenDomain) rows = rows.filter((r) => r.domain_id === tokenDomain);
    return { users: rows.map((r) => userView(ctx, r)), links: collectionLinks(ctx, request) };
  });
  scope.post('/v3/users', { schema: { body: userCreateBody } }, async (request, reply) => {
    const input = userInput(request.body);
    const auth = authOf(request);
    const domainId = input.domain_id ?? auth.domain?.id ?? auth.project?.domainId ?? DEFAULT_DOMAIN_ID;
    enforce(ctx, request, 'identity:create_user', { target: { user: { domain_id: domainId } } });
    const row = await createUser(ctx, { ...input, domain_id: domainId });
    reply.code(201);
    return { user: userView(ctx, row) };
  });
  scope.get('/v3/users/:user_id', { schema: { params } }, async (request) => {
    const { user_id } = request.params as { user_id: string };
    enforce(ctx, request, 'identity:get_user', await userTarget(ctx, user_id));
    return { user: userView(ctx, await getUser(ctx, user_id)) };
  });
  scope.patch('/v3/users/:user_id', { schema: { params, body: userUpdateBody } }, async (request) => {
    const { user_id } = request.params as { user_id: string };
    enforce(ctx, request, 'identity:update_user', await userTarget(ctx, user_id));
    const row = await updateUser(ctx, user_id, userInput(request.body, user_id));
    return { user: userView(ctx, row) };
  });
  scope.delete('/v3/users/:user_id', { schema: { params } }, async (request, reply) => {
    const { user_id } = request.params as { user_id: string };
    enforce(ctx, request, 'identity:delete_user', await userTarget(ctx, user_id));
    await deleteUser(ctx, user_id);
    reply.code(204).send();
  });

  // Keystone's api-ref: "This API call does not require a token for authentication" (an expired password can be changed).
  scope.post(
    '/v3/users/:user_id/password',
    { config: { public: true }, schema: { params, body: passwordChangeBody } },
    async (request, reply) => {
      const { user_id } = request.params as { user_id: string };
      const { user } = request.body as { user: { original_password: string; password: string } };
      await changePassword(ctx, user_id, user.original_password, user.password);
      reply.code(204).send();
    },
  );
  scope.get('/v3/users/:user_id/password', { config: { public: true } }, async (_request, reply) => {
    reply.header('allow', 'POST');
    throw new MethodNotAllowed();
  });

  scope.get('/v3/users/:user_id/groups', { schema: { params } }, async (request) => {
    const { user_id } = request.params as { user_id: string };
    const query = queryOf(request);
    enforce(ctx, request, 'identity:list_groups_for_user', {
      ...(await userTarget(ctx, user_id)),
      ...(query.name !== undefined ? { name: query.name } : {}),
    });
    let rows = await listUserGroups(ctx, user_id);
    if (query.name !== undefined) rows = rows.filter((r) => r.name === query.name);
    const tokenDomain = authOf(request).domain?.id;
    if (tokenDomain) rows = rows.filter((r) => r.domain_id === tokenDomain);
    return { groups: rows.map((r) => membershipGroupView(ctx, r)), links: collectionLinks(ctx, request) };
  });
}
