// /v3/users/{user_id}/application_credentials
import type { FastifyInstance } from 'fastify';
import {
  type AppCredentialInput,
  createAppCredential,
  deleteAppCredential,
  getAppCredential,
} from '../application-credentials.js';
import type { IdentityContext } from '../context.js';
import { appCredentialRoleIds, findAppCredential, listAppCredentials } from '../db/app-credentials.js';
import { roleGraph } from '../role-graph.js';
import { authOf, collectionLinks, enforce, member, queryOf } from './common.js';
import {
  applicationCredentialCreateBody,
  applicationCredentialParams,
  applicationCredentialsParams,
} from './schemas/application-credentials.js';
import { appCredentialView } from './views/application-credentials.js';

/** The owner rules read `user_id` from the target (`user_id:%(user_id)s`). */
const ownerTarget = (userId: string) => ({ user_id: userId, target: { user: { id: userId } } });

/** GET/POST a user's application credentials, and GET/DELETE one of them. */
export function applicationCredentialRoutes(scope: FastifyInstance, ctx: IdentityContext): void {
  const base = '/v3/users/:user_id/application_credentials';

  scope.get(base, { schema: { params: applicationCredentialsParams } }, async (request) => {
    const { user_id } = request.params as { user_id: string };
    enforce(ctx, request, 'identity:list_application_credentials', ownerTarget(user_id));
    const rows = await listAppCredentials(ctx.db, user_id, { name: queryOf(request).name });
    const graph = await roleGraph(ctx);
    const views = [];
    for (const row of rows) views.push(appCredentialView(ctx, row, await appCredentialRoleIds(ctx.db, row.id), graph));
    return { application_credentials: views, links: collectionLinks(ctx, request) };
  });
  scope.post(
    base,
    { schema: { params: applicationCredentialsParams, body: applicationCredentialCreateBody } },
    async (request, reply) => {
      const { user_id } = request.params as { user_id: string };
      enforce(ctx, request, 'identity:create_application_credential', ownerTarget(user_id));
      const input = member<AppCredentialInput & Record<string, unknown>>(request.body, 'application_credential');
      const created = await createAppCredential(ctx, authOf(request), user_id, input);
      reply.code(201);
      const view = appCredentialView(ctx, created.row, created.roleIds, await roleGraph(ctx));
      return { application_credential: { ...view, secret: created.secret } };
    },
  );
  scope.get(
    `${base}/:application_credential_id`,
    { schema: { params: applicationCredentialParams } },
    async (request) => {
      const { user_id, application_credential_id: id } = request.params as {
        user_id: string;
        application_credential_id: string;
      };
      await enforceOnCredential(ctx, request, 'identity:get_application_credential', user_id, id);
      const row = await getAppCredential(ctx, user_id, id);
      return {
        application_credential: appCredentialView(
          ctx,
          row,
          await appCredentialRoleIds(ctx.db, id),
          await roleGraph(ctx),
        ),
      };
    },
  );
  scope.delete(
    `${base}/:application_credential_id`,
    { schema: { params: applicationCredentialParams } },
    async (request, reply) => {
      const { user_id, application_credential_id: id } = request.params as {
        user_id: string;
        application_credential_id: string;
      };
      await enforceOnCredential(ctx, request, 'identity:delete_application_credential', user_id, id);
      await deleteAppCredential(ctx, authOf(request), user_id, id);
      reply.code(204).send();
    },
  );
}

/**
 * Owner checks use the credential's own user, not the URL's, so naming yourself in the path does not reach another
 * user's credential (keystone/api/users.py _update_request_user_id_attribute); an unknown id falls back to the path.
 */
async function enforceOnCredential(
  ctx: IdentityContext,
  request: Parameters<typeof enforce>[1],
  rule: string,
  pathUserId: string,
  id: string,
): Promise<void> {
  const owner = (await findAppCredential(ctx.db, id))?.user_id ?? pathUserId;
  enforce(ctx, request, rule, ownerTarget(owner));
}
