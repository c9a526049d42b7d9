// GET /placement/: version discovery, the only route that needs no token.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cacheHeaders, PLACEMENT_VERSIONS } from './common.js';

/** Placement has one version document; its self link is deliberately relative ('' means this URL). */
export async function home(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
  cacheHeaders(request, reply);
  return {
    versions: [
      {
        id: `v${PLACEMENT_VERSIONS.min}`,
        max_version: PLACEMENT_VERSIONS.max,
        min_version: PLACEMENT_VERSIONS.min,
        status: 'CURRENT',
        links: [{ rel: 'self', href: '' }],
      },
    ],
  };
}
