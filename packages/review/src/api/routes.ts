// The review service's one route table: authentication, the REST API (also under /a/), tools, events, git.
import type { TokenValidator } from '@nubo/core';
import type { FastifyInstance } from 'fastify';
import type { ReviewContext } from '../context.js';
import { authenticationHook } from './authentication.js';
import { changeActionRoutes } from './change-actions.js';
import { changeRoutes } from './changes.js';
import { eventRoutes } from './events.js';
import { gitBodyParsers, gitHttpRoutes } from './git-http.js';
import { projectRoutes } from './projects.js';
import { toolRoutes } from './tools.js';

/** The REST API, registered twice: at the root (anonymous allowed for reads) and under /a/ (always signed in). */
function restRoutes(scope: FastifyInstance, ctx: ReviewContext): void {
  changeRoutes(scope, ctx);
  changeActionRoutes(scope, ctx);
  projectRoutes(scope, ctx);
}

/** Registers every review route in the service's encapsulated scope under `prefix`. */
export async function reviewRoutes(
  scope: FastifyInstance,
  ctx: ReviewContext,
  tokens: TokenValidator,
  prefix: string,
): Promise<void> {
  gitBodyParsers(scope);
  scope.addHook('onRequest', authenticationHook(ctx, tokens, prefix));
  await scope.register(async (rest) => restRoutes(rest, ctx));
  await scope.register(async (rest) => restRoutes(rest, ctx), { prefix: '/a' });
  toolRoutes(scope);
  eventRoutes(scope, ctx);
  // Last and widest: every other GET and POST is a git path or a 404.
  gitHttpRoutes(scope, ctx, prefix);
}
