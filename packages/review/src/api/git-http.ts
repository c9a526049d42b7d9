// git smart HTTP on /<project>/info/refs, /git-upload-pack and /git-receive-pack (and under /a/), via http-backend.

import { PassThrough, type Readable } from 'node:stream';
import { NotFound } from '@nubo/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ReviewContext } from '../context.js';
import { GitRunner } from '../git/git.js';
import { runHttpBackend } from '../git/http-backend.js';
import { getProject } from '../projects.js';
import { afterPush } from '../receive.js';
import { callerOf } from './common.js';
import { challenge } from './faults.js';

const GIT_PATH = /^\/(?:a\/)?(.+?)(?:\.git)?\/(info\/refs|git-upload-pack|git-receive-pack)$/;

/** git's request bodies go to http-backend as they arrive: never parsed, never buffered, never size-limited here. */
export function gitBodyParsers(scope: FastifyInstance): void {
  for (const type of ['application/x-git-upload-pack-request', 'application/x-git-receive-pack-request']) {
    scope.addContentTypeParser(type, (_request, payload, done) => done(null, payload));
  }
}

/**
 * The configuration every git run on behalf of a client gets: nubo's hooks, proc-receive for every ref (so the
 * review service decides about each pushed ref), refs/changes/ out of push advertisements, push options on.
 */
function gitConfig(ctx: ReviewContext): [string, string][] {
  return [
    ['core.hooksPath', ctx.hooks.dir],
    ['receive.procReceiveRefs', 'refs/'],
    ['receive.hideRefs', 'refs/changes/'],
    ['receive.advertisePushOptions', 'true'],
    ['uploadpack.allowFilter', 'true'],
  ];
}

async function serveGit(
  ctx: ReviewContext,
  prefix: string,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const url = request.url.slice(prefix.length);
  const queryAt = url.indexOf('?');
  let path: string;
  try {
    path = decodeURIComponent(queryAt < 0 ? url : url.slice(0, queryAt));
  } catch {
    throw new NotFound('Not Found');
  }
  const queryString = queryAt < 0 ? '' : url.slice(queryAt + 1);
  const match = GIT_PATH.exec(path);
  if (!match) throw new NotFound('Not Found');
  const [, name, operation] = match as unknown as [string, string, string];
  const caller = callerOf(request);
  const project = await getProject(ctx, caller, name);
  const pushing =
    operation === 'git-receive-pack' ||
    (operation === 'info/refs' && /(^|&)service=git-receive-pack(&|$)/.test(queryString));
  // Pushing needs a user; git asks for the password when it sees the challenge.
  if (pushing && !caller.account) throw challenge();
  const session = operation === 'git-receive-pack' ? ctx.pushes.open(project.name, caller) : undefined;
  const header = (key: string) => {
    const value = request.headers[key];
    return typeof value === 'string' ? value : undefined;
  };
  try {
    const response = await runHttpBackend(
      ctx.git,
      {
        projectRoot: ctx.repos.root,
        pathInfo: `/${project.name}.git/${operation}`,
        queryString,
        method: request.method,
        contentType: header('content-type'),
        contentLength: header('content-length'),
        contentEncoding: header('content-encoding'),
        gitProtocol: header('git-protocol'),
        remoteUser: caller.account?.username,
        remoteAddr: request.ip,
        env: {
          ...GitRunner.configEnv(gitConfig(ctx)),
          ...(session
            ? { NUBO_REVIEW_HOOK_SOCKET: ctx.hooks.socketPath(), NUBO_REVIEW_PUSH_TOKEN: session.token }
            : {}),
        },
        body: request.body as Readable | undefined,
      },
      (text) => request.log.debug({ stderr: text.trim() }, 'git http-backend'),
    );
    // A client that goes away mid-transfer leaves nothing for git to do.
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) response.kill();
    });
    // The answer ends only once the push is fully processed (events sent, merged changes closed), as Gerrit's
    // receive does, so a client that reads the change right after its push sees the outcome.
    const body = new PassThrough();
    response.body.pipe(body, { end: false });
    response.body.once('end', async () => {
      await response.exited;
      if (session) {
        try {
          await afterPush(ctx, session);
        } catch (err) {
          request.log.error({ err }, 'after-push processing failed');
        } finally {
          ctx.pushes.close(session.token);
        }
      }
      body.end();
    });
    reply.code(response.status);
    for (const [key, value] of Object.entries(response.headers)) reply.header(key, value);
    return reply.send(body);
  } catch (err) {
    if (session) ctx.pushes.close(session.token);
    throw err;
  }
}

/** Registers the git catch-all: any GET or POST no other route takes. */
export function gitHttpRoutes(scope: FastifyInstance, ctx: ReviewContext, prefix: string): void {
  scope.route({
    method: ['GET', 'POST'],
    url: '/*',
    config: { public: true, gitRoute: true },
    handler: (request, reply) => serveGit(ctx, prefix, request, reply),
  });
}
