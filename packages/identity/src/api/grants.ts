// Role grants: /v3/{projects,domains}/{id}/{users,groups}/{id}/roles[/{role_id}], /v3/system/{users,groups}/{id}/roles
// [/{role_id}], and their OS-INHERIT …/inherited_to_projects forms.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IdentityContext } from '../context.js';
import {
  checkGrant,
  createGrant,
  type GrantParties,
  type GrantPath,
  listGrants,
  loadGrantParties,
  requireGrantParties,
  revokeGrant,
} from '../grants.js';
import { roleDomainId } from '../roles.js';
import { collectionLinks, enforce } from './common.js';
import { idParams } from './schemas/common.js';
import { roleView } from './views/roles.js';

type Operation = 'check' | 'list' | 'create' | 'revoke';

const ACTORS = [
  { kind: 'user', segment: 'users', param: 'user_id' },
  { kind: 'group', segment: 'groups', param: 'group_id' },
] as const;
const TARGETS = [
  { kind: 'project', segment: 'projects', param: 'project_id' },
  { kind: 'domain', segment: 'domains', param: 'domain_id' },
] as const;

type Actor = (typeof ACTORS)[number];
type Target = (typeof TARGETS)[number] | { kind: 'system'; segment: 'system'; param: undefined };

/** Keystone's rule names: one set for projects and domains (user or group), one per actor for the system. */
function ruleOf(path: GrantPath, op: Operation): string {
  if (path.target !== 'system') return op === 'list' ? 'identity:list_grants' : `identity:${op}_grant`;
  return op === 'list'
    ? `identity:list_system_grants_for_${path.actor}`
    : `identity:${op}_system_grant_for_${path.actor}`;
}

/** The policy target Keystone builds from the grant URL: `{ role, user | group, project | domain }`. */
function policyTarget(parties: GrantParties): Record<string, unknown> {
  const target: Record<string, unknown> = {};
  if (parties.role)
    target.role = { id: parties.role.id, name: parties.role.name, domain_id: roleDomainId(parties.role) };
  if (parties.user) target.user = { id: parties.user.id, name: parties.user.name, domain_id: parties.user.domain_id };
  if (parties.group)
    target.group = { id: parties.group.id, name: parties.group.name, domain_id: parties.group.domain_id };
  if (parties.project) {
    const { id, name, domain_id, parent_id } = parties.project;
    target.project = { id, name, domain_id, parent_id: parent_id ?? domain_id };
  }
  if (parties.domain) target.domain = { id: parties.domain.id, name: parties.domain.name };
  return { target };
}

/**
 * Loads the parties, then authorizes. The plain grant APIs answer 404 for a missing party before policy (a revoke
 * tolerates a missing actor); the OS-INHERIT ones leave the party out of the target and let policy decide first.
 */
async function authorize(
  ctx: IdentityContext,
  request: FastifyRequest,
  path: GrantPath,
  op: Operation,
  roleId?: string,
): Promise<void> {
  const parties = await loadGrantParties(ctx, path, roleId);
  if (!path.inherited) requireGrantParties(path, roleId, parties, { actor: op !== 'revoke' });
  enforce(ctx, request, ruleOf(path, op), policyTarget(parties));
}

function registerGrantRoutes(
  scope: FastifyInstance,
  ctx: IdentityContext,
  target: Target,
  actor: Actor,
  inherited: boolean,
): void {
  const targetPart = target.param ? `${target.segment}/:${target.param}` : target.segment;
  const base = `/v3/${inherited ? 'OS-INHERIT/' : ''}${targetPart}/${actor.segment}/:${actor.param}/roles`;
  const suffix = inherited ? '/inherited_to_projects' : '';
  const names = target.param ? [target.param, actor.param] : [actor.param];
  const pathOf = (request: FastifyRequest): GrantPath => {
    const params = request.params as Record<string, string>;
    return {
      actor: actor.kind,
      actorId: params[actor.param]!,
      target: target.kind,
      targetId: target.param ? params[target.param]! : '',
      inherited,
    };
  };
  const roleIdOf = (request: FastifyRequest) => (request.params as { role_id: string }).role_id;
  const item = { schema: { params: idParams(...names, 'role_id') } };

  // Keystone lists inherited grants on domains only.
  if (!inherited || target.kind === 'domain') {
    scope.get(`${base}${suffix}`, { schema: { params: idParams(...names) } }, async (request) => {
      const path = pathOf(request);
      await authorize(ctx, request, path, 'list');
      const roles = await listGrants(ctx, path);
      return { roles: roles.map((r) => roleView(ctx, r)), links: collectionLinks(ctx, request) };
    });
  }
  scope.get(`${base}/:role_id${suffix}`, item, async (request, reply) => {
    const path = pathOf(request);
    await authorize(ctx, request, path, 'check', roleIdOf(request));
    await checkGrant(ctx, path, roleIdOf(request));
    reply.code(204).send();
  });
  scope.put(`${base}/:role_id${suffix}`, item, async (request, reply) => {
    const path = pathOf(request);
    await authorize(ctx, request, path, 'create', roleIdOf(request));
    await createGrant(ctx, path, roleIdOf(request));
    reply.code(204).send();
  });
  scope.delete(`${base}/:role_id${suffix}`, item, async (request, reply) => {
    const path = pathOf(request);
    await authorize(ctx, request, path, 'revoke', roleIdOf(request));
    await revokeGrant(ctx, path, roleIdOf(request));
    reply.code(204).send();
  });
}

/** Registers every grant route: 2 actors × (project, domain, their OS-INHERIT forms, system). */
export function grantRoutes(scope: FastifyInstance, ctx: IdentityContext): void {
  for (const actor of ACTORS) {
    for (const target of TARGETS) {
      registerGrantRoutes(scope, ctx, target, actor, false);
      registerGrantRoutes(scope, ctx, target, actor, true);
    }
    registerGrantRoutes(scope, ctx, { kind: 'system', segment: 'system', param: undefined }, actor, false);
  }
}
