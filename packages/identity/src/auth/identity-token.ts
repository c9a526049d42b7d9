// What a token stands for, rebuilt from its Fernet payload and the database on every (uncached) validation.
import { type AuthContext, fromDbBool, Unauthorized } from '@nubo/core';
import type { IdentityContext } from '../context.js';
import { appCredentialRoleIds, findAppCredential } from '../db/app-credentials.js';
import { findDomain } from '../db/domains.js';
import { findProject } from '../db/projects.js';
import { findUser } from '../db/users.js';
import { effectiveRoleIds, type Scope } from '../effective-roles.js';
import { isRevoked } from '../revocations.js';
import { roleGraph } from '../role-graph.js';
import type { TokenPayload } from '../tokens/token-payload.js';

/** A validated token: the core's AuthContext plus what Keystone's token body shows. */
export interface IdentityToken extends AuthContext {
  passwordExpiresAt: string | null;
  applicationCredential?: { id: string; name: string; restricted: boolean };
}

const invalid = () => new Unauthorized('The request you have made requires authentication.');

/** Rebuilds the token's facts; throws 401 when the user, scope or credential is gone, disabled or revoked. */
export async function resolveToken(
  ctx: IdentityContext,
  token: string,
  payload: TokenPayload,
  issuedAt: Date,
): Promise<IdentityToken> {
  const user = await findUser(ctx.db, payload.userId);
  if (!user || !fromDbBool(user.enabled)) throw invalid();
  const userDomain = await findDomain(ctx.db, user.domain_id);
  if (!userDomain || !fromDbBool(userDomain.enabled)) throw invalid();

  const base: IdentityToken = {
    token,
    userId: user.id,
    userName: user.name,
    userDomainId: userDomain.id,
    userDomainName: userDomain.name,
    roles: [],
    roleIds: [],
    methods: payload.methods,
    auditIds: payload.auditIds,
    issuedAt,
    expiresAt: payload.expiresAt,
    passwordExpiresAt: user.password_expires_at,
  };
  let scope: Scope = {};
  if (payload.projectId) {
    const project = await findProject(ctx.db, payload.projectId);
    if (!project || !fromDbBool(project.enabled)) throw invalid();
    const projectDomain = await findDomain(ctx.db, project.domain_id);
    if (!projectDomain || !fromDbBool(projectDomain.enabled)) throw invalid();
    base.project = { id: project.id, name: project.name, domainId: projectDomain.id, domainName: projectDomain.name };
    scope = { project: project.id };
  } else if (payload.domainId) {
    const domain = await findDomain(ctx.db, payload.domainId);
    if (!domain || !fromDbBool(domain.enabled)) throw invalid();
    base.domain = { id: domain.id, name: domain.name };
    scope = { domain: domain.id };
  } else if (payload.system) {
    base.system = 'all';
    scope = { system: 'all' };
  }
  if (
    await isRevoked(ctx, {
      userId: user.id,
      projectId: payload.projectId,
      domainId: payload.domainId,
      auditIds: payload.auditIds,
      issuedAt,
    })
  ) {
    throw invalid();
  }

  let roleIds = await effectiveRoleIds(ctx, user.id, scope);
  if (payload.applicationCredentialId) {
    const credential = await findAppCredential(ctx.db, payload.applicationCredentialId);
    if (!credential || credential.user_id !== user.id) throw invalid();
    if (credential.expires_at && Date.parse(credential.expires_at) <= Date.now()) throw invalid();
    const graph = await roleGraph(ctx);
    const allowed = new Set(graph.expand(await appCredentialRoleIds(ctx.db, credential.id)));
    roleIds = roleIds.filter((id) => allowed.has(id));
    base.applicationCredentialId = credential.id;
    base.applicationCredentialUnrestricted = fromDbBool(credential.unrestricted);
    base.applicationCredential = {
      id: credential.id,
      name: credential.name,
      restricted: !fromDbBool(credential.unrestricted),
    };
  }
  // A scoped token whose user holds no role there any more is no longer valid (Keystone does the same).
  if (!('project' in scope || 'domain' in scope || 'system' in scope)) return base;
  if (roleIds.length === 0) throw invalid();
  const graph = await roleGraph(ctx);
  const roles = roleIds.map((id) => graph.byId.get(id)!).sort((a, b) => a.name.localeCompare(b.name));
  base.roleIds = roles.map((r) => r.id);
  base.roles = roles.map((r) => r.name);
  return base;
}
