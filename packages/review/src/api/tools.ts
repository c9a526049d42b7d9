// GET /tools/hooks/commit-msg: the hook that adds Change-Id footers (Gerrit serves it at the same path).
import type { FastifyInstance } from 'fastify';
import { COMMIT_MSG_HOOK } from '../tools/commit-msg-hook.js';

/** Registers GET /tools/hooks/commit-msg (under the prefix, and at the root for git-review). */
export function toolRoutes(scope: FastifyInstance): void {
  scope.get('/tools/hooks/commit-msg', { config: { public: true, anonymous: true } }, async (_request, reply) =>
    reply.header('content-type', 'application/octet-stream').send(COMMIT_MSG_HOOK),
  );
}
