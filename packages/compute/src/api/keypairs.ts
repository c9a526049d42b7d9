// /os-keypairs: create or import, list (paged from 2.35), show and delete; admins act for any user from 2.10.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ComputeContext } from '../context.js';
import { createKeypair, deleteKeypair, getKeypair, listKeypairs } from '../keypairs.js';
import {
  atLeast,
  callerOf,
  checkQuery,
  collectionLinks,
  enforce,
  limitAndMarker,
  queryOf,
  validBody,
  versionOf,
} from './common.js';
import { keypairCreateBody, keypairItemQuery, keypairListQuery } from './schemas/keypairs.js';
import { keypairCreateView, keypairListView, keypairView } from './views/keypairs.js';

type Params = { keypair_name: string };

/** The user whose key pairs are meant: `?user_id=` (first value, 2.10+) or the caller. */
function targetUser(request: FastifyRequest, callerUserId: string): string {
  if (!atLeast(request, '2.10')) return callerUserId;
  return queryOf(request).user_id?.[0] ?? callerUserId;
}

export function keypairRoutes(scope: FastifyInstance, ctx: ComputeContext): void {
  scope.post('/v2.1/os-keypairs', async (request, reply) => {
    const caller = callerOf(ctx, request);
    const body = validBody<{
      keypair: { name: string; public_key?: string; type?: 'ssh' | 'x509'; user_id?: string };
    }>(request, keypairCreateBody).keypair;
    const userId = (atLeast(request, '2.10') ? body.user_id : undefined) ?? caller.userId;
    enforce(ctx, request, 'os_compute_api:os-keypairs:create', { user_id: userId });
    const { keypair, privateKey } = await createKeypair(ctx, {
      userId,
      projectId: caller.projectId,
      name: body.name.trim(),
      type: body.type ?? 'ssh',
      ...(body.public_key !== undefined ? { publicKey: body.public_key } : {}),
    });
    // 2.2 made create answer 201 (it was 200).
    reply.code(atLeast(request, '2.2') ? 201 : 200);
    return { keypair: keypairCreateView(keypair, atLeast(request, '2.2'), privateKey) };
  });

  scope.get('/v2.1/os-keypairs', async (request) => {
    checkQuery(request, keypairListQuery(versionOf(request)));
    const caller = callerOf(ctx, request);
    const userId = targetUser(request, caller.userId);
    enforce(ctx, request, 'os_compute_api:os-keypairs:index', { user_id: userId });
    const paged = atLeast(request, '2.35');
    const rows = await listKeypairs(ctx, userId, paged ? limitAndMarker(request) : undefined);
    const withType = atLeast(request, '2.2');
    const links = paged ? collectionLinks(ctx, request, 'os-keypairs', rows.length, rows.at(-1)?.name) : [];
    return {
      keypairs: rows.map((r) => ({ keypair: keypairListView(r, withType) })),
      ...(links.length > 0 ? { keypairs_links: links } : {}),
    };
  });

  scope.get('/v2.1/os-keypairs/:keypair_name', async (request) => {
    const { keypair_name } = request.params as Params;
    checkQuery(request, keypairItemQuery(versionOf(request)));
    const userId = targetUser(request, callerOf(ctx, request).userId);
    enforce(ctx, request, 'os_compute_api:os-keypairs:show', { user_id: userId });
    return { keypair: keypairView(await getKeypair(ctx, userId, keypair_name), atLeast(request, '2.2')) };
  });

  scope.delete('/v2.1/os-keypairs/:keypair_name', async (request, reply) => {
    const { keypair_name } = request.params as Params;
    checkQuery(request, keypairItemQuery(versionOf(request)));
    const userId = targetUser(request, callerOf(ctx, request).userId);
    enforce(ctx, request, 'os_compute_api:os-keypairs:delete', { user_id: userId });
    await deleteKeypair(ctx, userId, keypair_name);
    // 2.2 made delete answer 204 (it was 202).
    reply.code(atLeast(request, '2.2') ? 204 : 202).send();
  });
}
