// Version discovery: GET / (300 Multiple Choices, as Keystone) and GET /v3.
import type { FastifyInstance } from 'fastify';
import type { IdentityContext } from '../context.js';

const V3_ID = 'v3.14';
const V3_UPDATED = '2020-04-07T00:00:00Z';

function v3(ctx: IdentityContext) {
  return {
    id: V3_ID,
    status: 'stable',
    updated: V3_UPDATED,
    links: [{ rel: 'self', href: `${ctx.baseUrl}/v3/` }],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
  };
}

export function versionRoutes(scope: FastifyInstance, ctx: IdentityContext): void {
  scope.get('/', { config: { public: true } }, async (_request, reply) => {
    reply.code(300);
    return { versions: { values: [v3(ctx)] } };
  });
  scope.get('/v3', { config: { public: true } }, async () => ({ version: v3(ctx) }));
}
