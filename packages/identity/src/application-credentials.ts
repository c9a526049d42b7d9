// Application credentials: a user's secret for one project and a subset of their roles there, for unattended use.
import {
  type AuthContext,
  BadRequest,
  Conflict,
  Forbidden,
  isUniqueViolation,
  NotFound,
  newHexId,
  newSecret,
  parseIso,
  toDbBool,
} from '@nubo/core';
import type { IdentityContext } from './context.js';
import * as q from './db/app-credentials.js';
import { findRoleByName } from './db/roles.js';
import type { AppCredentialRow } from './db/tables.js';
import { roleGraph } from './role-graph.js';

/** The `application_credential` of a create body (the schema has refused anything else). */
export interface AppCredentialInput {
  name: string;
  description?: string | null;
  secret?: string | null;
  expires_at?: string | null;
  roles?: { id?: string; name?: string }[];
  unrestricted?: boolean | null;
  access_rules?: unknown[];
}

/** A created credential with its secret in clear: shown once, in the POST answer, and never stored. */
export interface CreatedAppCredential {
  row: AppCredentialRow;
  roleIds: string[];
  secret: string;
}

const invalid = (detail: string) => new BadRequest(`Invalid application credential: ${detail}`);

/** Keystone's ForbiddenAction for a token made from a restricted application credential. */
export function assertMayManageAppCredentials(caller: AuthContext): void {
  if (caller.methods.includes('application_credential') && !caller.applicationCredentialUnrestricted) {
    throw new Forbidden(
      "You are not authorized to perform the requested action: Using method 'application_credential' is not allowed for managing additional application credentials.",
    );
  }
}

/**
 * Creates an application credential for the caller's own user on the caller's project (keystone/api/users.py
 * UserAppCredListCreateResource.post): the roles asked for, with the roles they imply, must all be in the token;
 * no roles means every role of the token.
 */
export async function createAppCredential(
  ctx: IdentityContext,
  caller: AuthContext,
  userId: string,
  input: AppCredentialInput,
): Promise<CreatedAppCredential> {
  assertMayManageAppCredentials(caller);
  if (caller.userId !== userId) {
    throw new Forbidden(
      'You are not authorized to perform the requested action: Cannot create an application credential for another user.',
    );
  }
  if (!caller.project) throw invalid('an application credential is created with a project-scoped token.');
  // Access rules need enforcement in every service's token middleware, which nubo does not have yet.
  if (input.access_rules && input.access_rules.length > 0) throw invalid('access rules are not supported.');
  const expiresAt = parseExpiry(input.expires_at);
  const roleIds = await chooseRoles(ctx, caller, input.roles);
  const secret = input.secret || newSecret(64);
  const row: AppCredentialRow = {
    id: newHexId(),
    name: input.name,
    user_id: userId,
    project_id: caller.project.id,
    secret_hash: await ctx.passwords.hash(secret),
    description: input.description ?? '',
    expires_at: expiresAt ?? null,
    unrestricted: toDbBool(input.unrestricted ?? false),
    system: null,
    created_at: new Date().toISOString(),
  };
  try {
    await ctx.db.transaction().execute((trx) => q.insertAppCredential(trx, row, roleIds));
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new Conflict(
        `Conflict occurred attempting to store application_credential - Duplicate entry found with name ${input.name}.`,
      );
    }
    throw err;
  }
  ctx.changes.bump();
  return { row, roleIds, secret };
}

/**
 * Keystone's parse_expiration_date: no zone means UTC, and a moment already past is refused. Returns the moment
 * in UTC with the microseconds the client sent (Keystone echoes them: Tempest compares the strings).
 */
function parseExpiry(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const date = parseIso(value);
  if (!date) {
    throw new BadRequest(
      'Timestamp not in expected format. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.',
    );
  }
  if (date.getTime() <= Date.now()) {
    throw new BadRequest(
      "The 'expires_at' must not be before now. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.",
    );
  }
  const micros = (/T\d\d:\d\d:\d\d\.(\d+)/.exec(value)?.[1] ?? '').padEnd(6, '0').slice(0, 6);
  return `${date.toISOString().slice(0, 19)}.${micros}Z`;
}

async function chooseRoles(
  ctx: IdentityContext,
  caller: AuthContext,
  refs: AppCredentialInput['roles'],
): Promise<string[]> {
  if (!refs || refs.length === 0) return [...caller.roleIds];
  const named: string[] = [];
  for (const ref of refs) {
    if (ref.id !== undefined) {
      named.push(ref.id);
      continue;
    }
    const role = ref.name === undefined ? undefined : await findRoleByName(ctx.db, ref.name);
    if (!role) throw new NotFound(`Role ${ref.name} is not defined`);
    named.push(role.id);
  }
  // A token made from this credential gets the implied roles too, so they must be the caller's as well.
  const graph = await roleGraph(ctx);
  const held = new Set(caller.roleIds);
  const wanted = [...new Set([...named, ...graph.expand(named)])];
  if (wanted.some((id) => !held.has(id))) throw invalid('Cannot create an application credential with unassigned role');
  return wanted;
}

/** The user's credential, or a 404 when there is none of that id or it belongs to someone else. */
export async function getAppCredential(ctx: IdentityContext, userId: string, id: string): Promise<AppCredentialRow> {
  const row = await q.findAppCredential(ctx.db, id);
  if (!row || row.user_id !== userId) throw new NotFound(`Could not find Application Credential: ${id}.`);
  return row;
}

/**
 * Deletes the credential; tokens made from it stop validating because token resolution looks the credential up
 * (auth/identity-token.ts) and the bump below invalidates the validator's cache.
 */
export async function deleteAppCredential(
  ctx: IdentityContext,
  caller: AuthContext,
  userId: string,
  id: string,
): Promise<void> {
  await getAppCredential(ctx, userId, id);
  assertMayManageAppCredentials(caller);
  await ctx.db.transaction().execute((trx) => q.deleteAppCredential(trx, id));
  ctx.changes.bump();
}
