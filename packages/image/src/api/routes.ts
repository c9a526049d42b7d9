// Image's one route table: body parsers, fault negotiation, every /v2 route, 405s with Allow, and version fallbacks.
import { HttpError, NotFound } from '@nubo/core';
import type { FastifyInstance, HTTPMethods } from 'fastify';
import { IMAGE_PREFIX, type ImageContext } from '../context.js';
import { negotiateFaults } from './faults.js';
import { imageActionRoutes } from './image-actions.js';
import { imageDataRoutes } from './image-data.js';
import { imageMemberRoutes } from './image-members.js';
import { PATCH_CONTENT_TYPES } from './image-patch.js';
import { imageTagRoutes } from './image-tags.js';
import { imageRoutes } from './images.js';
import { infoRoutes } from './info.js';
import { schemaRoutes } from './schemas.js';
import { isServedVersion, versionRoutes, versionsDocument } from './versions.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route reads the raw request stream itself (image uploads); no parser buffers it. */
    streamedBody?: boolean;
  }
}

/** Each path and the methods Glance's router maps on it; any other method is a 405 with `Allow` (RejectMethodController). */
const ALLOWED_METHODS: [string, HTTPMethods[]][] = [
  ['/v2/images', ['GET', 'POST']],
  ['/v2/images/:image_id', ['GET', 'PATCH', 'DELETE']],
  ['/v2/images/:image_id/file', ['GET', 'PUT']],
  ['/v2/images/:image_id/actions/deactivate', ['POST']],
  ['/v2/images/:image_id/actions/reactivate', ['POST']],
  ['/v2/images/:image_id/tags/:tag', ['PUT', 'DELETE']],
  ['/v2/images/:image_id/members', ['GET', 'POST']],
  ['/v2/images/:image_id/members/:member_id', ['GET', 'PUT', 'DELETE']],
  ['/v2/schemas/image', ['GET']],
  ['/v2/schemas/images', ['GET']],
  ['/v2/schemas/member', ['GET']],
  ['/v2/schemas/members', ['GET']],
];
const ALL_METHODS: HTTPMethods[] = ['DELETE', 'GET', 'HEAD', 'PATCH', 'POST', 'PUT', 'OPTIONS'];

/** JSON as Glance's JSONRequestDeserializer reads it: an empty body is no body, bad JSON is its 400. */
function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'Bad Request', 'Malformed JSON in request body.');
  }
}

function bodyParsers(scope: FastifyInstance): void {
  // Encapsulated: these replace the app's parsers for /image only.
  scope.removeAllContentTypeParsers();
  const json = (_request: unknown, body: string | Buffer, done: (err: Error | null, body?: unknown) => void) => {
    try {
      done(null, parseJson(String(body)));
    } catch (err) {
      done(err as Error, undefined);
    }
  };
  scope.addContentTypeParser(/^application\/(.+\+)?json/, { parseAs: 'string' }, json);
  scope.addContentTypeParser(PATCH_CONTENT_TYPES, { parseAs: 'string' }, json);
  // Image data is handed to the route as the request stream itself: never buffered, never size-limited here.
  scope.addContentTypeParser('application/octet-stream', (request, payload, done) => {
    if (request.routeOptions.config?.streamedBody) return done(null, payload);
    done(new HttpError(415, 'Unsupported Media Type', 'Invalid content type application/octet-stream'), undefined);
  });
}

function methodRejections(scope: FastifyInstance): void {
  for (const [url, allowed] of ALLOWED_METHODS) {
    const others = ALL_METHODS.filter((m) => !allowed.includes(m) && !(m === 'HEAD' && allowed.includes('GET')));
    scope.route({
      method: others,
      url,
      handler: async (request) => {
        throw new HttpError(
          405,
          'Method Not Allowed',
          `The method ${request.method} is not allowed for this resource.`,
          { allow: allowed.join(', ') },
        );
      },
    });
  }
}

/** Glance's version negotiation: a path under a version it does not serve gets the versions document (300). */
function versionFallbacks(scope: FastifyInstance, ctx: ImageContext): void {
  const fallback = async (request: { params: unknown }, reply: { code(n: number): unknown }) => {
    const { version } = request.params as { version: string };
    if (isServedVersion(version)) throw new NotFound('The resource could not be found.');
    reply.code(300);
    return versionsDocument(ctx);
  };
  const methods = ALL_METHODS.filter((m) => m !== 'HEAD');
  scope.route({ method: methods, url: '/:version', config: { public: true }, handler: fallback });
  scope.route({ method: methods, url: '/:version/*', config: { public: true }, handler: fallback });
}

/** Everything under /image, in the order Fastify needs: parsers and hooks, routes, then the catch-alls. */
/**
 * The app ignores trailing slashes, but Glance's router does not: `/v2/images/` is an image with an empty id, a 404
 * (Tempest's test_get_image_null_id and test_delete_image_null_id), not the image list.
 */
function strictTrailingSlash(scope: FastifyInstance): void {
  scope.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0]!;
    if (path.endsWith('/') && path.replace(/\/+$/, '') !== IMAGE_PREFIX) {
      throw new NotFound('The resource could not be found.');
    }
  });
}

export function imageApiRoutes(scope: FastifyInstance, ctx: ImageContext): void {
  bodyParsers(scope);
  negotiateFaults(scope);
  strictTrailingSlash(scope);
  versionRoutes(scope, ctx);
  schemaRoutes(scope);
  infoRoutes(scope, ctx);
  imageRoutes(scope, ctx);
  imageDataRoutes(scope, ctx);
  imageActionRoutes(scope, ctx);
  imageTagRoutes(scope, ctx);
  imageMemberRoutes(scope, ctx);
  methodRejections(scope);
  versionFallbacks(scope, ctx);
}
