// Registers one service as an encapsulated plugin: its prefix, its token auth, its fault format.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type HttpError, NotFound, toHttpError, Unauthorized } from '../errors.js';
import type { TokenValidator } from './auth-context.js';

/** Renders a domain error as the service's upstream fault body. */
export type FaultRenderer = (error: HttpError) => unknown;

export interface ServiceOptions {
  /** URL prefix, e.g. `/identity`. */
  prefix: string;
  fault: FaultRenderer;
  /** Validates X-Auth-Token on every route whose config is not `public`. */
  tokens: TokenValidator;
  routes: (scope: FastifyInstance) => void | Promise<void>;
}

export async function registerService(app: FastifyInstance, options: ServiceOptions): Promise<void> {
  await app.register(
    async (scope) => {
      scope.setErrorHandler((err, request, reply) => sendFault(err, request, reply, options.fault));
      scope.setNotFoundHandler((request, reply) =>
        sendFault(new NotFound(`The resource could not be found.`), request, reply, options.fault),
      );
      scope.addHook('onRequest', async (request) => {
        if (request.routeOptions.config?.public) return;
        const token = request.headers['x-auth-token'];
        if (typeof token !== 'string' || token === '') throw new Unauthorized();
        request.auth = await options.tokens.validate(token);
      });
      await options.routes(scope);
    },
    { prefix: options.prefix },
  );
}

function sendFault(err: unknown, request: FastifyRequest, reply: FastifyReply, render: FaultRenderer): FastifyReply {
  const { error, internal } = toHttpError(err, request.id);
  if (internal) request.log.error({ err }, 'unexpected error');
  else request.log.debug({ status: error.status, message: error.message }, 'fault');
  reply.headers(error.headers);
  const body = request.method === 'HEAD' ? undefined : render(error);
  return reply.code(error.status).send(body);
}
