// POST /v3/auth/tokens: check the identity (password, token or application credential), resolve the scope,
// and issue a Fernet token. Every failure to authenticate is the same 401, so callers learn nothing.
import { BadRequest, Forbidden, fromDbBool, Unauthorized } from '@nubo/core';
import type { IdentityContext } from '../context.js';
import { findAppCredential, findAppCredentialByName } from '../db/app-credentials.js';
import { findDomain, findDomainByName } from '../db/domains.js';
import { findProject, findProjectByName } from '../db/projects.js';
import type { AppCredentialRow, ProjectRow, UserRow } from '../db/tables.js';
import { findUser, findUserByName } from '../db/users.js';
import { effectiveRoleIds, type Scope } from '../effective-roles.js';
import type { TokenPayload } from '../tokens/token-payload.js';
import { newAuditId } from '../tokens/token-provider.js';
import type { IdentityTokenValidator } from './token-validator.js';

type Json = Record<string, unknown>;

const denied = (message = 'The request you have made requires authentication.') => new Unauthorized(message);

interface Authenticated {
  user: UserRow;
  methods: string[];
  expiresAt?: Date;
  auditIds?: string[];
  appCredential?: AppCredentialRow;
  /** The token method carries the original token's scope when the request names none. */
  inheritedScope?: Scope;
}

/** Issues a token for the `auth` body; returns the token string (the caller renders it with validate()). */
export async function issueToken(
  ctx: IdentityContext,
  validator: IdentityTokenValidator,
  body: unknown,
): Promise<string> {
  const auth = (body as Json | undefined)?.auth as Json | undefined;
  if (!auth || typeof auth !== 'object')
    throw new BadRequest("Invalid input for field 'auth': 'auth' is a required property");
  const identity = auth.identity as Json | undefined;
  if (!identity || typeof identity !== 'object')
    throw new BadRequest("Invalid input for field 'identity': 'identity' is a required property");
  const methods = identity.methods;
  if (!Array.isArray(methods) || methods.length === 0 || !methods.every((m) => typeof m === 'string')) {
    throw new BadRequest("Invalid input for field 'identity.methods': it must be a non-empty list of strings");
  }

  // The whole body is checked before any password is, as Keystone validates it against its schema first.
  checkScopeShape(auth.scope);
  let who: Authenticated | undefined;
  for (const method of new Set(methods as string[])) {
    const part = identity[method] as Json | undefined;
    if (!part || typeof part !== 'object')
      throw new BadRequest(`Invalid input for field 'identity.${method}': it is required`);
    const next = await authenticateMethod(ctx, validator, method, part);
    if (who && who.user.id !== next.user.id) throw denied();
    who = who
      ? { ...next, methods: [...who.methods, ...next.methods], expiresAt: who.expiresAt ?? next.expiresAt }
      : next;
  }
  if (!who) throw denied();

  const scope = await resolveScope(ctx, auth.scope, who);
  if ('project' in scope || 'domain' in scope || 'system' in scope) {
    const roles = await effectiveRoleIds(ctx, who.user.id, scope);
    if (roles.length === 0) {
      const target =
        'project' in scope ? `project ${scope.project}` : 'domain' in scope ? `domain ${scope.domain}` : 'the system';
      throw denied(`User ${who.user.id} has no access to ${target}.`);
    }
  }
  const maxExpiry = Date.now() + ctx.config.tokenExpirationSeconds * 1000;
  let expiresAt = new Date(Math.min(who.expiresAt?.getTime() ?? maxExpiry, maxExpiry));
  if (who.appCredential?.expires_at)
    expiresAt = new Date(Math.min(expiresAt.getTime(), Date.parse(who.appCredential.expires_at)));
  const payload: TokenPayload = {
    userId: who.user.id,
    methods: who.methods,
    expiresAt,
    auditIds: [newAuditId(), ...(who.auditIds ?? []).slice(-1)],
    ...('project' in scope ? { projectId: scope.project } : {}),
    ...('domain' in scope ? { domainId: scope.domain } : {}),
    ...('system' in scope ? { system: 'all' as const } : {}),
    ...(who.appCredential ? { applicationCredentialId: who.appCredential.id } : {}),
  };
  return ctx.tokens.issue(payload);
}

async function authenticateMethod(
  ctx: IdentityContext,
  validator: IdentityTokenValidator,
  method: string,
  part: Json,
): Promise<Authenticated> {
  switch (method) {
    case 'password': {
      const userRef = part.user as Json | undefined;
      if (!userRef || typeof userRef !== 'object')
        throw new BadRequest("Invalid input for field 'password.user': it is required");
      if (typeof userRef.password !== 'string')
        throw new BadRequest("Invalid input for field 'password.user.password': it is required");
      const user = await findUserRef(ctx, userRef);
      if (!user || !(await ctx.passwords.verify(userRef.password, user.password_hash))) throw denied();
      if (user.password_expires_at && Date.parse(user.password_expires_at) <= Date.now())
        throw denied('The password is expired and needs to be changed.');
      await assertUserUsable(ctx, user);
      return { user, methods: ['password'] };
    }
    case 'token': {
      if (typeof part.id !== 'string') throw new BadRequest("Invalid input for field 'token.id': it is required");
      const original = await validator.validate(part.id);
      if (original.applicationCredentialId)
        throw new Forbidden('Application credential tokens cannot be used to re-scope.');
      const user = await findUser(ctx.db, original.userId);
      if (!user) throw denied();
      const inheritedScope: Scope = original.project
        ? { project: original.project.id }
        : original.domain
          ? { domain: original.domain.id }
          : original.system
            ? { system: 'all' }
            : {};
      return {
        user,
        methods: original.methods.includes('token') ? original.methods : [...original.methods, 'token'],
        expiresAt: original.expiresAt,
        auditIds: original.auditIds,
        inheritedScope,
      };
    }
    case 'application_credential': {
      if (typeof part.secret !== 'string')
        throw new BadRequest("Invalid input for field 'application_credential.secret': it is required");
      let credential: AppCredentialRow | undefined;
      if (typeof part.id === 'string') credential = await findAppCredential(ctx.db, part.id);
      else if (typeof part.name === 'string' && part.user && typeof part.user === 'object') {
        const owner = await findUserRef(ctx, part.user as Json);
        credential = owner ? await findAppCredentialByName(ctx.db, owner.id, part.name) : undefined;
      } else
        throw new BadRequest("Invalid input for field 'application_credential': give its id, or its name and user");
      if (!credential || !(await ctx.passwords.verify(part.secret, credential.secret_hash))) throw denied();
      if (credential.expires_at && Date.parse(credential.expires_at) <= Date.now()) throw denied();
      const user = await findUser(ctx.db, credential.user_id);
      if (!user) throw denied();
      await assertUserUsable(ctx, user);
      return { user, methods: ['application_credential'], appCredential: credential };
    }
    default:
      throw denied(`Attempted to authenticate with an unsupported method: ${method}.`);
  }
}

async function findUserRef(ctx: IdentityContext, ref: Json): Promise<UserRow | undefined> {
  if (typeof ref.id === 'string') return findUser(ctx.db, ref.id);
  if (typeof ref.name !== 'string')
    throw new BadRequest("Invalid input for field 'user': give its id, or its name and domain");
  const domain = await findDomainRef(ctx, ref.domain);
  return domain ? findUserByName(ctx.db, domain.id, ref.name) : undefined;
}

async function findDomainRef(ctx: IdentityContext, ref: unknown) {
  if (!ref || typeof ref !== 'object')
    throw new BadRequest("Invalid input for field 'domain': a name needs its domain's id or name");
  const r = ref as Json;
  if (typeof r.id === 'string') return findDomain(ctx.db, r.id);
  if (typeof r.name === 'string') return findDomainByName(ctx.db, r.name);
  throw new BadRequest("Invalid input for field 'domain': give its id or name");
}

async function assertUserUsable(ctx: IdentityContext, user: UserRow): Promise<void> {
  if (!fromDbBool(user.enabled)) throw denied();
  const domain = await findDomain(ctx.db, user.domain_id);
  if (!domain || !fromDbBool(domain.enabled)) throw denied();
}

async function resolveScope(ctx: IdentityContext, scope: unknown, who: Authenticated): Promise<Scope> {
  if (who.appCredential) {
    if (scope !== undefined && scope !== 'unscoped') throw denied('Application credentials cannot request a scope.');
    if (who.appCredential.system) return { system: 'all' };
    return who.appCredential.project_id ? { project: who.appCredential.project_id } : {};
  }
  if (scope === 'unscoped') return {};
  if (scope === undefined) {
    if (who.inheritedScope) return who.inheritedScope;
    // As Keystone: no scope asked → the default project, when the user still has a role there.
    const defaultProject = who.user.default_project_id;
    if (defaultProject) {
      const project = await findProject(ctx.db, defaultProject);
      if (
        project &&
        fromDbBool(project.enabled) &&
        (await effectiveRoleIds(ctx, who.user.id, { project: project.id })).length > 0
      ) {
        return { project: project.id };
      }
    }
    return {};
  }
  if (typeof scope !== 'object' || scope === null)
    throw new BadRequest('Invalid input for field \'scope\': it must be an object or "unscoped"');
  const s = scope as Json;
  const kinds = ['project', 'domain', 'system', 'OS-TRUST:trust'].filter((k) => k in s);
  if (kinds.length !== 1)
    throw new BadRequest("Invalid input for field 'scope': name exactly one of project, domain or system");
  if (s.project !== undefined) {
    const ref = s.project as Json;
    if (!ref || typeof ref !== 'object')
      throw new BadRequest("Invalid input for field 'scope.project': it must be an object");
    let project: ProjectRow | undefined;
    if (typeof ref.id === 'string') project = await findProject(ctx.db, ref.id);
    else if (typeof ref.name === 'string') {
      const domain = await findDomainRef(ctx, ref.domain);
      project = domain ? await findProjectByName(ctx.db, domain.id, ref.name) : undefined;
    } else throw new BadRequest("Invalid input for field 'scope.project': give its id, or its name and domain");
    if (!project) throw denied('Could not find the project to scope to.');
    const domain = await findDomain(ctx.db, project.domain_id);
    if (!fromDbBool(project.enabled) || !domain || !fromDbBool(domain.enabled))
      throw denied('The project to scope to is disabled.');
    return { project: project.id };
  }
  if (s.domain !== undefined) {
    const domain = await findDomainRef(ctx, s.domain);
    if (!domain) throw denied('Could not find the domain to scope to.');
    if (!fromDbBool(domain.enabled)) throw denied('The domain to scope to is disabled.');
    return { domain: domain.id };
  }
  if (s.system !== undefined) {
    const system = s.system as Json;
    if (system?.all !== true)
      throw new BadRequest('Invalid input for field \'scope.system\': only {"all": true} exists');
    return { system: 'all' };
  }
  throw denied('Trusts are not supported.');
}

/** 400 for a scope that can name nothing, whoever asks (the shape checks of Keystone's auth schema). */
function checkScopeShape(scope: unknown): void {
  if (scope === undefined || scope === 'unscoped') return;
  if (typeof scope !== 'object' || scope === null)
    throw new BadRequest('Invalid input for field \'scope\': it must be an object or "unscoped"');
  const s = scope as Json;
  const ref = (s.project ?? s.domain) as Json | undefined;
  if (
    (s.project !== undefined || s.domain !== undefined) &&
    (typeof ref !== 'object' || ref === null || (ref.id === undefined && ref.name === undefined))
  ) {
    throw new BadRequest(
      `Invalid input for field 'scope.${s.project !== undefined ? 'project' : 'domain'}': give its id or its name`,
    );
  }
}
