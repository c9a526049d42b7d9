// Version discovery: GET / lists v2.0 (Neutron has one API version and no microversions); GET /v2.0 lists resources.
import type { FastifyInstance } from 'fastify';
import type { NetworkContext } from '../context.js';

const RESOURCES = ['networks', 'subnets', 'ports', 'routers', 'floatingips', 'security-groups', 'security-group-rules'];

export function versionRoutes(scope: FastifyInstance, ctx: NetworkContext): void {
  scope.get('/', { config: { public: true } }, async () => ({
    versions: [{ id: 'v2.0', status: 'CURRENT', links: [{ rel: 'self', href: `${ctx.baseUrl}/v2.0/` }] }],
  }));
  scope.get('/v2.0', async () => ({
    resources: RESOURCES.map((name) => ({
      name: name.replace(/s$/, ''),
      collection: name,
      links: [{ rel: 'self', href: `${ctx.baseUrl}/v2.0/${name}` }],
    })),
  }));
}
