// /v2.0/security-group-rules: list, create, show, delete; rules cannot be updated (Neutron api-ref
// "Security group rules").
import type { FastifyInstance } from 'fastify';
import type { NetworkContext } from '../context.js';
import { selectDefaultGroupIds } from '../db/security-groups.js';
import { createRule, deleteRule, getRuleRow, listRules } from '../security-group-rules.js';
import {
  type Attribute,
  callerOf,
  filteredProject,
  isString,
  isStringOrNull,
  listAnswer,
  projectAttributes,
  resourceBody,
  showAnswer,
} from './l3-request.js';
import { securityGroupRuleView } from './views/security-group-rules.js';

type Params = { id: string };

/** Values are converted and checked by the domain (Neutron's convert_to functions raise their own faults). */
const any = () => undefined;

const attributes: Record<string, Attribute> = {
  ...projectAttributes,
  security_group_id: { post: true, put: false, required: true, validate: isString(36) },
  direction: { post: true, put: false, required: true },
  ethertype: { post: true, put: false, validate: any },
  protocol: { post: true, put: false, validate: any },
  port_range_min: { post: true, put: false, validate: any },
  port_range_max: { post: true, put: false, validate: any },
  remote_ip_prefix: { post: true, put: false, validate: isStringOrNull(64) },
  remote_group_id: { post: true, put: false, validate: isStringOrNull(255) },
  description: { post: true, put: false, validate: isString(255) },
};

export function securityGroupRuleRoutes(scope: FastifyInstance, ctx: NetworkContext): void {
  scope.get('/v2.0/security-group-rules', async (request) => {
    const rules = await listRules(ctx, callerOf(ctx, request), filteredProject(request));
    const defaults = await selectDefaultGroupIds(ctx.db);
    return listAnswer(
      ctx,
      request,
      'security_group_rules',
      rules.map((r) => securityGroupRuleView(r, defaults)),
    );
  });

  scope.post('/v2.0/security-group-rules', async (request, reply) => {
    const attrs = resourceBody(request, 'security_group_rule', attributes, 'POST');
    const rule = await createRule(ctx, callerOf(ctx, request), attrs);
    reply.code(201);
    return { security_group_rule: securityGroupRuleView(rule, await selectDefaultGroupIds(ctx.db)) };
  });

  scope.get('/v2.0/security-group-rules/:id', async (request) => {
    const { id } = request.params as Params;
    const rule = await getRuleRow(ctx, callerOf(ctx, request), id);
    return {
      security_group_rule: showAnswer(request, securityGroupRuleView(rule, await selectDefaultGroupIds(ctx.db))),
    };
  });

  scope.delete('/v2.0/security-group-rules/:id', async (request, reply) => {
    const { id } = request.params as Params;
    await deleteRule(ctx, callerOf(ctx, request), id);
    reply.code(204).send();
  });
}
