// /v3/roles, implied roles (/v3/roles/{prior_role_id}/implies/…) and /v3/role_inferences
import { BadRequest } from '@nubo/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IdentityContext } from '../context.js';
import { findRole } from '../db/roles.js';
import type { RoleRow } from '../db/tables.js';
import { roleGraph } from '../role-graph.js';
import {
  createImpliedRole,
  createRole,
  deleteImpliedRole,
  deleteRole,
  getImpliedRole,
  getRole,
  listImpliedRoleIds,
  listRoleInferenceRules,
  listRoles,
  type RoleInput,
  roleDomainId,
  updateRole,
} from '../roles.js';
import { collectionLinks, enforce, member, queryOf, selfLink, splitExtra } from './common.js';
import { idParams } from './schemas/common.js';
import { roleCreateBody, roleUpdateBody } from './schemas/roles.js';
import { roleRefView, roleView } from './views/roles.js';

const fields = ['name', 'description', 'domain_id', 'options', 'id'] as const;
const params = idParams('role_id');
const impliesParams = idParams('role_id', 'implied_role_id');

/** What a policy rule may read of a role (`%(target.role.domain_id)s` …). */
function roleRef(row: RoleRow): Record<string, unknown> {
  return { id: row.id, name: row.name, domain_id: roleDomainId(row) };
}

/**
 * Global and domain-specific roles share the URLs but not the rule names; a missing role is checked against the
 * global rule before the 404, so its existence does not leak (as Keystone's RoleResource).
 */
async function enforceOnRole(
  ctx: IdentityContext,
  request: FastifyRequest,
  id: string,
  verb: 'get' | 'update' | 'delete',
): Promise<RoleRow> {
  const row = await findRole(ctx.db, id);
  if (row && roleDomainId(row) !== null)
    enforce(ctx, request, `identity:${verb}_domain_role`, { target: { role: roleRef(row) } });
  else enforce(ctx, request, `identity:${verb}_role`);
  // getRole throws the 404 for a missing role, now that policy has had its say.
  return row ?? getRole(ctx, id);
}

/** Keystone reads the prior and implied roles to build the policy target, so a missing one is a 404 first. */
async function enforceOnImplication(
  ctx: IdentityContext,
  request: FastifyRequest,
  rule: string,
  priorId: string,
  impliedId?: string,
): Promise<{ prior: RoleRow; implied?: RoleRow }> {
  const prior = await getRole(ctx, priorId);
  const implied = impliedId === undefined ? undefined : await getRole(ctx, impliedId);
  const target: Record<string, unknown> = { prior_role: roleRef(prior) };
  if (implied) target.implied_role = roleRef(implied);
  enforce(ctx, request, rule, { target });
  return { prior, implied };
}

/** Registers /v3/roles, the implied-role routes and /v3/role_inferences. */
export function roleRoutes(scope: FastifyInstance, ctx: IdentityContext): void {
  scope.get('/v3/roles', async (request) => {
    const query = queryOf(request);
    // An empty domain_id filter means the global roles, as Keystone's falsy check.
    const domainId = query.domain_id || undefined;
    const filters = {
      ...(query.name !== undefined ? { name: query.name } : {}),
      ...(domainId ? { domain_id: domainId } : {}),
    };
    enforce(ctx, request, domainId ? 'identity:list_domain_roles' : 'identity:list_roles', filters);
    const rows = await listRoles(ctx, { name: query.name, domainId });
    return { roles: rows.map((r) => roleView(ctx, r)), links: collectionLinks(ctx, request) };
  });
  scope.post('/v3/roles', { schema: { body: roleCreateBody } }, async (request, reply) => {
    const body = member(request.body, 'role');
    if (body.domain_id) enforce(ctx, request, 'identity:create_domain_role', { target: { role: body } });
    else enforce(ctx, request, 'identity:create_role');
    const { known, extra } = splitExtra(body, fields);
    // Keystone assigns its own id to a new role whatever the body says.
    delete known.id;
    const row = await createRole(ctx, { ...(known as Omit<RoleInput, 'extra'>), extra });
    reply.code(201);
    return { role: roleView(ctx, row) };
  });
  scope.get('/v3/roles/:role_id', { schema: { params } }, async (request) => {
    const { role_id } = request.params as { role_id: string };
    const row = await enforceOnRole(ctx, request, role_id, 'get');
    return { role: roleView(ctx, row) };
  });
  scope.patch('/v3/roles/:role_id', { schema: { params, body: roleUpdateBody } }, async (request) => {
    const { role_id } = request.params as { role_id: string };
    await enforceOnRole(ctx, request, role_id, 'update');
    const body = member(request.body, 'role');
    const { known, extra } = splitExtra(body, fields);
    if (known.id !== undefined && known.id !== null && known.id !== role_id) throw new BadRequest('Cannot change ID');
    delete known.id;
    const row = await updateRole(ctx, role_id, { ...(known as Omit<RoleInput, 'extra'>), extra }, Object.keys(body));
    return { role: roleView(ctx, row) };
  });
  scope.delete('/v3/roles/:role_id', { schema: { params } }, async (request, reply) => {
    const { role_id } = request.params as { role_id: string };
    await enforceOnRole(ctx, request, role_id, 'delete');
    await deleteRole(ctx, role_id);
    reply.code(204).send();
  });

  scope.get('/v3/roles/:role_id/implies', { schema: { params } }, async (request) => {
    const { role_id } = request.params as { role_id: string };
    const { prior } = await enforceOnImplication(ctx, request, 'identity:list_implied_roles', role_id);
    const graph = await roleGraph(ctx);
    const implies = (await listImpliedRoleIds(ctx, role_id)).flatMap((id) => {
      const row = graph.byId.get(id);
      return row ? [roleRefView(ctx, row)] : [];
    });
    return {
      role_inference: { prior_role: roleRefView(ctx, prior), implies },
      links: selfLink(ctx, `roles/${role_id}/implies`),
    };
  });
  // Declared before the GET so that HEAD answers 204 as Keystone does, not the GET's 200.
  scope.head(
    '/v3/roles/:role_id/implies/:implied_role_id',
    { schema: { params: impliesParams } },
    async (request, reply) => {
      const { role_id, implied_role_id } = request.params as { role_id: string; implied_role_id: string };
      await enforceOnImplication(ctx, request, 'identity:check_implied_role', role_id, implied_role_id);
      await enforceOnImplication(ctx, request, 'identity:get_implied_role', role_id, implied_role_id);
      await getImpliedRole(ctx, role_id, implied_role_id);
      reply.code(204).send();
    },
  );
  scope.get('/v3/roles/:role_id/implies/:implied_role_id', { schema: { params: impliesParams } }, async (request) => {
    const { role_id, implied_role_id } = request.params as { role_id: string; implied_role_id: string };
    const { prior, implied } = await enforceOnImplication(
      ctx,
      request,
      'identity:get_implied_role',
      role_id,
      implied_role_id,
    );
    await getImpliedRole(ctx, role_id, implied_role_id);
    return inferenceBody(ctx, prior, implied!);
  });
  scope.put(
    '/v3/roles/:role_id/implies/:implied_role_id',
    { schema: { params: impliesParams } },
    async (request, reply) => {
      const { role_id, implied_role_id } = request.params as { role_id: string; implied_role_id: string };
      const { prior, implied } = await enforceOnImplication(
        ctx,
        request,
        'identity:create_implied_role',
        role_id,
        implied_role_id,
      );
      await createImpliedRole(ctx, role_id, implied_role_id);
      reply.code(201);
      return inferenceBody(ctx, prior, implied!);
    },
  );
  scope.delete(
    '/v3/roles/:role_id/implies/:implied_role_id',
    { schema: { params: impliesParams } },
    async (request, reply) => {
      const { role_id, implied_role_id } = request.params as { role_id: string; implied_role_id: string };
      await enforceOnImplication(ctx, request, 'identity:delete_implied_role', role_id, implied_role_id);
      await deleteImpliedRole(ctx, role_id, implied_role_id);
      reply.code(204).send();
    },
  );

  scope.get('/v3/role_inferences', async (request) => {
    enforce(ctx, request, 'identity:list_role_inference_rules');
    const graph = await roleGraph(ctx);
    const byPrior = new Map<string, Record<string, unknown>[]>();
    for (const rule of await listRoleInferenceRules(ctx)) {
      const implied = graph.byId.get(rule.implied_role_id);
      if (implied)
        byPrior.set(rule.prior_role_id, [...(byPrior.get(rule.prior_role_id) ?? []), roleRefView(ctx, implied)]);
    }
    const inferences = [...byPrior].flatMap(([priorId, implies]) => {
      const prior = graph.byId.get(priorId);
      return prior ? [{ prior_role: roleRefView(ctx, prior), implies }] : [];
    });
    return { role_inferences: inferences, links: collectionLinks(ctx, request) };
  });
}

function inferenceBody(ctx: IdentityContext, prior: RoleRow, implied: RoleRow): Record<string, unknown> {
  return {
    role_inference: { prior_role: roleRefView(ctx, prior), implies: roleRefView(ctx, implied) },
    links: selfLink(ctx, `roles/${prior.id}/implies/${implied.id}`),
  };
}
