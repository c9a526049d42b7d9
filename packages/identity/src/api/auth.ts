// /v3/auth: issue, validate, check and revoke tokens; the catalog, projects, domains and system of a token.
import { Forbidden, NotFound } from '@nubo/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { issueToken } from '../auth/authenticate.js';
import type { IdentityToken } from '../auth/identity-token.js';
import { authDomains, authProjects, hasSystemRoles } from '../auth/token-targets.js';
import type { IdentityTokenValidator } from '../auth/token-validator.js';
import { serviceCatalog } from '../catalog.js';
import type { IdentityContext } from '../context.js';
import { revokeAuditId } from '../revocations.js';
import { authOf, enforce, queryOf, selfLink } from './common.js';
import { domainView } from './views/domains.js';
import { projectView } from './views/projects.js';
import { tokenView } from './views/tokens.js';

export function authRoutes(scope: FastifyInstance, ctx: IdentityContext, validator: IdentityTokenValidator): void {
  scope.post('/v3/auth/tokens', { config: { public: true } }, async (request, reply) => {
    const token = await issueToken(ctx, validator, request.body);
    const resolved = await validator.validate(token);
    const nocatalog = queryOf(request).nocatalog !== undefined;
    reply.code(201).header('x-subject-token', token);
    return tokenView(resolved, nocatalog ? undefined : await serviceCatalog(ctx));
  });

  const subject = async (request: FastifyRequest, rule: string): Promise<IdentityToken> => {
    const header = request.headers['x-subject-token'];
    if (typeof header !== 'string' || header === '')
      throw new NotFound('Could not find token: no X-Subject-Token header.');
    let resolved: IdentityToken;
    try {
      resolved = await validator.validate(header);
    } catch {
      throw new NotFound(`Could not find token: ${header.slice(0, 16)}…`);
    }
    enforce(ctx, request, rule, { target: { token: { user_id: resolved.userId } } });
    return resolved;
  };

  scope.get('/v3/auth/tokens', { exposeHeadRoute: false }, async (request, reply) => {
    const resolved = await subject(request, 'identity:validate_token');
    reply.header('x-subject-token', resolved.token);
    const nocatalog = queryOf(request).nocatalog !== undefined;
    return tokenView(resolved, nocatalog ? undefined : await serviceCatalog(ctx));
  });
  // HEAD answers 200 without a body (Fastify's automatic HEAD would run the GET handler and policy name).
  scope.head('/v3/auth/tokens', async (request, reply) => {
    const resolved = await subject(request, 'identity:check_token');
    reply.header('x-subject-token', resolved.token).code(200).send();
  });
  scope.delete('/v3/auth/tokens', async (request, reply) => {
    const resolved = await subject(request, 'identity:revoke_token');
    await revokeAuditId(ctx, resolved.auditIds[0]!);
    reply.code(204).send();
  });

  scope.get('/v3/auth/catalog', async (request) => {
    const auth = authOf(request);
    if (!auth.project && !auth.domain && !auth.system)
      throw new Forbidden('A scoped token is required to get a catalog.');
    return { catalog: await serviceCatalog(ctx), links: selfLink(ctx, 'auth/catalog') };
  });
  scope.get('/v3/auth/projects', async (request) => {
    const projects = await authProjects(ctx, authOf(request).userId);
    return {
      projects: await projectView.list(ctx, projects),
      links: { ...selfLink(ctx, 'auth/projects'), previous: null, next: null },
    };
  });
  scope.get('/v3/auth/domains', async (request) => {
    const domains = await authDomains(ctx, authOf(request).userId);
    return {
      domains: domains.map((d) => domainView(ctx, d)),
      links: { ...selfLink(ctx, 'auth/domains'), previous: null, next: null },
    };
  });
  scope.get('/v3/auth/system', async (request) => {
    const system = (await hasSystemRoles(ctx, authOf(request).userId)) ? [{ all: true }] : [];
    return { system, links: { ...selfLink(ctx, 'auth/system'), previous: null, next: null } };
  });
}
