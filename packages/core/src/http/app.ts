// The HTTP server every service plugs into: request ids, JSON bodies, size limits, validation messages, 404s.
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import { newRequestId } from '../ids.js';
import type { Logger } from '../logger.js';
import type { AuthContext } from './auth-context.js';
import type { Microversion } from './microversion.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the token-auth hook on every route that is not public. */
    auth: AuthContext | undefined;
    /** Set by `useMicroversions` for services that have them. */
    microversion: Microversion | undefined;
  }
  interface FastifyContextConfig {
    /** The route needs no token (version documents, POST /v3/auth/tokens). */
    public?: boolean;
  }
}

export interface CreateAppOptions {
  logger: Logger | false;
  bodyLimitBytes: number;
}

/** Builds the root Fastify instance; services register under it with `registerService`. */
export function createApp(options: CreateAppOptions): FastifyInstance {
  const fastifyOptions: FastifyServerOptions = {
    loggerInstance: options.logger === false ? undefined : options.logger,
    logger: options.logger === false ? false : undefined,
    bodyLimit: options.bodyLimitBytes,
    genReqId: () => newRequestId(),
    logController: new LogController({ requestIdLogLabel: 'request_id', disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 1000 },
    ajv: {
      // Upstream validators do not coerce types or drop unknown fields: "1" is not an integer and an unknown
      // field is an error where the schema says additionalProperties: false.
      customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false },
    },
    schemaErrorFormatter: (errors, dataVar) => {
      const first = errors[0];
      if (!first) return new Error(`Invalid input in ${dataVar}`);
      const field = first.instancePath.replace(/^\//, '').replaceAll('/', '.');
      const extra = (first.params as { additionalProperty?: string }).additionalProperty;
      const what = extra ? `Additional properties are not allowed ('${extra}' was unexpected)` : first.message;
      return new Error(`Invalid input for field '${field || dataVar}': ${what}`);
    },
  };
  // biome-ignore lint/suspicious/noExplicitAny: Fastify's overloads cannot express "logger instance or off"
  const app = Fastify(fastifyOptions as any) as unknown as FastifyInstance;
  app.decorateRequest('auth', undefined);
  app.decorateRequest('microversion', undefined);

  // JSON parser that accepts an empty body (clients send Content-Type: application/json on GET and DELETE).
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(/^application\/(.+\+)?json/, { parseAs: 'string' }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      const err = new Error('Malformed request body: the body is not valid JSON.') as Error & { statusCode: number };
      err.statusCode = 400;
      done(err, undefined);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-openstack-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });
  return app;
}
