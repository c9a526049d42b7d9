// /v3/domains
import type { FastifyInstance } from 'fastify';
import type { IdentityContext } from '../context.js';
import * as q from '../db/domains.js';
import { createDomain, deleteDomain, getDomain, updateDomain } from '../domains.js';
import { collectionLinks, enforce, member, queryBool, queryOf, splitExtra } from './common.js';
import { description, enabled, idParams, idString, name64, tags, wrapped } from './schemas/common.js';
import { domainView } from './views/domains.js';

const fields = ['name', 'description', 'enabled', 'explicit_domain_id', 'tags', 'options'] as const;
const createBody = wrapped('domain', { name: name64, description, enabled, explicit_domain_id: idString, tags }, [
  'name',
]);
const updateBody = wrapped('domain', { name: name64, description, enabled, tags });
const params = idParams('domain_id');

export function domainRoutes(scope: FastifyInstance, ctx: IdentityContext): void {
  scope.get('/v3/domains', async (request) => {
    enforce(ctx, request, 'identity:list_domains');
    const query = queryOf(request);
    const rows = await q.listDomains(ctx.db, { name: query.name, enabled: queryBool(query.enabled) });
    return { domains: rows.map((r) => domainView(ctx, r)), links: collectionLinks(ctx, request) };
  });
  scope.post('/v3/domains', { schema: { body: createBody } }, async (request, reply) => {
    enforce(ctx, request, 'identity:create_domain');
    const { known, extra } = splitExtra(member(request.body, 'domain'), fields);
    const row = await createDomain(ctx, { ...known, extra });
    reply.code(201);
    return { domain: domainView(ctx, row) };
  });
  scope.get('/v3/domains/:domain_id', { schema: { params } }, async (request) => {
    const { domain_id } = request.params as { domain_id: string };
    const row = await getDomain(ctx, domain_id);
    enforce(ctx, request, 'identity:get_domain', { target: { domain: { id: row.id } } });
    return { domain: domainView(ctx, row) };
  });
  scope.patch('/v3/domains/:domain_id', { schema: { params, body: updateBody } }, async (request) => {
    const { domain_id } = request.params as { domain_id: string };
    enforce(ctx, request, 'identity:update_domain', { target: { domain: { id: domain_id } } });
    const { known, extra } = splitExtra(member(request.body, 'domain'), fields);
    delete known.explicit_domain_id;
    const row = await updateDomain(ctx, domain_id, { ...known, extra });
    return { domain: domainView(ctx, row) };
  });
  scope.delete('/v3/domains/:domain_id', { schema: { params } }, async (request, reply) => {
    const { domain_id } = request.params as { domain_id: string };
    enforce(ctx, request, 'identity:delete_domain', { target: { domain: { id: domain_id } } });
    await deleteDomain(ctx, domain_id);
    reply.code(204).send();
  });
}
