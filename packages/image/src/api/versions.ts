// Version discovery: the versions document at /image/ (300 Multiple Choices) and /image/versions (200).
import type { FastifyInstance } from 'fastify';
import type { ImageContext } from '../context.js';

/**
 * The v2.x versions nubo serves, newest first. 2.9 is the last version whose additions (multiple stores and their
 * discovery, 2.8) nubo implements; 2.10+ add delete-from-store, copy-image, image tasks and the cache API, which it
 * does not, so it does not claim them (glance/api/versions.py lists versions by the features configured).
 */
const VERSIONS: [string, 'CURRENT' | 'SUPPORTED'][] = [
  ['2.9', 'CURRENT'],
  ['2.8', 'SUPPORTED'],
  ['2.7', 'SUPPORTED'],
  ['2.6', 'SUPPORTED'],
  ['2.5', 'SUPPORTED'],
  ['2.4', 'SUPPORTED'],
  ['2.3', 'SUPPORTED'],
  ['2.2', 'SUPPORTED'],
  ['2.1', 'SUPPORTED'],
  ['2.0', 'SUPPORTED'],
];

/** The versions document; every version links to the one v2 root. */
export function versionsDocument(ctx: ImageContext): { versions: unknown[] } {
  const href = `${ctx.baseUrl}/v2/`;
  return {
    versions: VERSIONS.map(([id, status]) => ({ id: `v${id}`, status, links: [{ rel: 'self', href }] })),
  };
}

/** Is `segment` a version this service answers under (`v2`, `v2.0` … `v2.9`)? */
export function isServedVersion(segment: string): boolean {
  return segment === 'v2' || VERSIONS.some(([id]) => segment === `v${id}`);
}

/** Registers the public version documents at / and /versions. */
export function versionRoutes(scope: FastifyInstance, ctx: ImageContext): void {
  // Glance's version negotiation answers before authentication: both are public.
  scope.get('/', { config: { public: true } }, async (_request, reply) => {
    reply.code(300);
    return versionsDocument(ctx);
  });
  scope.get('/versions', { config: { public: true } }, async () => versionsDocument(ctx));
}
