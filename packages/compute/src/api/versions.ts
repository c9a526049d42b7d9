// Version discovery: GET /compute/ (both v2.0 and v2.1) and GET /compute/v2.1, as Nova answers.
import type { FastifyInstance } from 'fastify';
import type { ComputeContext } from '../context.js';

export const COMPUTE_MIN_VERSION = '2.1';
export const COMPUTE_MAX_VERSION = '2.96';

function versionDoc(ctx: ComputeContext, id: 'v2.0' | 'v2.1') {
  const root = ctx.baseUrl.replace(/\/v2\.1$/, '');
  return {
    id,
    status: id === 'v2.1' ? 'CURRENT' : 'SUPPORTED',
    version: id === 'v2.1' ? COMPUTE_MAX_VERSION : '',
    min_version: id === 'v2.1' ? COMPUTE_MIN_VERSION : '',
    updated: id === 'v2.1' ? '2013-07-23T11:33:21Z' : '2011-01-21T11:33:21Z',
    links: [{ rel: 'self', href: `${root}/${id}/` }],
  };
}

export function versionRoutes(scope: FastifyInstance, ctx: ComputeContext): void {
  scope.get('/', { config: { public: true } }, async () => ({
    versions: [versionDoc(ctx, 'v2.0'), versionDoc(ctx, 'v2.1')],
  }));
  // The legacy v2.0 endpoint is served by the same API (Nova's v2 compatibility mode); its document says so.
  scope.get('/v2.0', { config: { public: true } }, async () => ({
    version: {
      ...versionDoc(ctx, 'v2.0'),
      links: [
        { rel: 'self', href: `${ctx.baseUrl.replace(/\/v2\.1$/, '')}/v2.0/` },
        { rel: 'describedby', type: 'text/html', href: 'https://docs.openstack.org/' },
      ],
      'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2' }],
    },
  }));
  scope.get('/v2.1', { config: { public: true } }, async () => ({
    version: {
      ...versionDoc(ctx, 'v2.1'),
      links: [
        { rel: 'self', href: `${ctx.baseUrl}/` },
        { rel: 'describedby', type: 'text/html', href: 'https://docs.openstack.org/' },
      ],
      'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.compute+json;version=2.1' }],
    },
  }));
}
