// /v2.0/security-groups: list, create, show, update, delete (Neutron api-ref "Security groups").
import type { FastifyInstance } from 'fastify';
import type { NetworkContext } from '../context.js';
import { selectDefaultGroupIds } from '../db/security-groups.js';
import {
  createSecurityGroup,
  deleteSecurityGroup,
  listSecurityGroups,
  showSecurityGroup,
  updateSecurityGroup,
} from '../security-groups.js';
import {
  type Attribute,
  callerOf,
  filteredProject,
  isBoolean,
  isString,
  listAnswer,
  projectAttributes,
  resourceBody,
  showAnswer,
  toBoolean,
} from './l3-request.js';
import { securityGroupView } from './views/security-groups.js';

type Params = { id: string };

const attributes: Record<string, Attribute> = {
  ...projectAttributes,
  name: { post: true, put: true, validate: isString(255) },
  description: { post: true, put: true, validate: isString(255) },
  stateful: { post: true, put: true, validate: isBoolean },
};

function converted(attrs: Record<string, unknown>): Record<string, unknown> {
  return attrs.stateful === undefined ? attrs : { ...attrs, stateful: toBoolean(attrs.stateful) };
}

export function securityGroupRoutes(scope: FastifyInstance, ctx: NetworkContext): void {
  scope.get('/v2.0/security-groups', async (request) => {
    const groups = await listSecurityGroups(ctx, callerOf(ctx, request), filteredProject(request));
    const defaults = await selectDefaultGroupIds(ctx.db);
    return listAnswer(
      ctx,
      request,
      'security_groups',
      groups.map((g) => securityGroupView(g, defaults)),
    );
  });

  scope.post('/v2.0/security-groups', async (request, reply) => {
    const attrs = converted(resourceBody(request, 'security_group', attributes, 'POST'));
    const group = await createSecurityGroup(ctx, callerOf(ctx, request), attrs);
    reply.code(201);
    return { security_group: securityGroupView(group, await selectDefaultGroupIds(ctx.db)) };
  });

  scope.get('/v2.0/security-groups/:id', async (request) => {
    const { id } = request.params as Params;
    const group = await showSecurityGroup(ctx, callerOf(ctx, request), id);
    return { security_group: showAnswer(request, securityGroupView(group, await selectDefaultGroupIds(ctx.db))) };
  });

  scope.put('/v2.0/security-groups/:id', async (request) => {
    const { id } = request.params as Params;
    const attrs = converted(resourceBody(request, 'security_group', attributes, 'PUT'));
    const group = await updateSecurityGroup(ctx, callerOf(ctx, request), id, attrs);
    return { security_group: securityGroupView(group, await selectDefaultGroupIds(ctx.db)) };
  });

  scope.delete('/v2.0/security-groups/:id', async (request, reply) => {
    const { id } = request.params as Params;
    await deleteSecurityGroup(ctx, callerOf(ctx, request), id);
    reply.code(204).send();
  });
}
