// Users: the people and services that authenticate, each in one domain, with an optional bcrypt password.
import {
  BadRequest,
  Conflict,
  fromDbBool,
  fromDbJson,
  isUniqueViolation,
  NotFound,
  newHexId,
  parseIso,
  toDbBool,
  toDbJson,
  Unauthorized,
} from '@nubo/core';
import type { IdentityContext } from './context.js';
import { deleteAppCredentialsOfUser } from './db/app-credentials.js';
import { findDomain } from './db/domains.js';
import type { UserRow } from './db/tables.js';
import * as q from './db/users.js';
import { revokeUserTokens } from './revocations.js';

/** A user body as the API validated it; unknown attributes are in `extra` and are kept and echoed. */
export interface UserInput {
  name?: string;
  domain_id?: string;
  enabled?: boolean;
  default_project_id?: string | null;
  password?: string | null;
  options?: Record<string, unknown>;
  federated?: { idp_id: string }[];
  extra: Record<string, unknown>;
}

/** The list filters of GET /v3/users (and GET /v3/groups/{group_id}/users). */
export interface UserFilters {
  name?: string;
  domainId?: string;
  enabled?: boolean;
  /** `<operator>:<timestamp>` or a bare timestamp (operator `eq`). */
  passwordExpiresAt?: string;
}

/** The user's extra attributes and its options, both kept in the `extra` column. */
export function userExtra(row: UserRow): { extra: Record<string, unknown>; options: Record<string, unknown> } {
  const { options, ...extra } = fromDbJson<Record<string, unknown>>(row.extra, {});
  return { extra, options: (options as Record<string, unknown> | undefined) ?? {} };
}

/** The user, or 404 `Could not find user: <id>.` */
export async function getUser(ctx: IdentityContext, id: string): Promise<UserRow> {
  const row = await q.findUser(ctx.db, id);
  if (!row) throw new NotFound(`Could not find user: ${id}.`);
  return row;
}

/** Users matching the filters, sorted by name. */
export async function listUsers(ctx: IdentityContext, filters: UserFilters): Promise<UserRow[]> {
  const rows = await q.listUsers(ctx.db, { name: filters.name, domainId: filters.domainId, enabled: filters.enabled });
  return filterByPasswordExpiry(rows, filters.passwordExpiresAt);
}

/** The same filters over rows already read (the members of a group). */
export function filterUsers(rows: UserRow[], filters: UserFilters): UserRow[] {
  const matching = rows.filter(
    (r) =>
      (filters.name === undefined || r.name === filters.name) &&
      (filters.domainId === undefined || r.domain_id === filters.domainId) &&
      (filters.enabled === undefined || fromDbBool(r.enabled) === filters.enabled),
  );
  return filterByPasswordExpiry(matching, filters.passwordExpiresAt);
}

/** Applies the `password_expires_at` filter the way Keystone does; a user whose password never expires never matches. */
function filterByPasswordExpiry(rows: UserRow[], filter: string | undefined): UserRow[] {
  if (filter === undefined) return rows;
  const colon = filter.indexOf(':');
  // A timestamp has colons of its own, so only a known operator before the first colon counts as one.
  const head = colon < 0 ? '' : filter.slice(0, colon);
  const [operator, text] = /^[a-z]+$/.test(head) ? [head, filter.slice(colon + 1)] : ['eq', filter];
  const compare = COMPARATORS[operator];
  if (!compare) throw new BadRequest(`The given operator ${operator} is not a valid operator.`);
  const at = parseIso(text);
  if (!at) throw new BadRequest('Timestamp not in expected format.');
  return rows.filter((row) => {
    const expires = row.password_expires_at === null ? undefined : parseIso(row.password_expires_at);
    return expires !== undefined && compare(expires.getTime(), at.getTime());
  });
}

const COMPARATORS: Record<string, (a: number, b: number) => boolean> = {
  lt: (a, b) => a < b,
  lte: (a, b) => a <= b,
  gt: (a, b) => a > b,
  gte: (a, b) => a >= b,
  eq: (a, b) => a === b,
  neq: (a, b) => a !== b,
};

function duplicate(name: string | undefined, domainId: string): Conflict {
  return new Conflict(
    `Conflict occurred attempting to store user - Duplicate entry found with name ${name} at domain ID ${domainId}.`,
  );
}

/** Keystone refuses a domain as default project (projects acting as domains share the id space). */
async function assertNotDomain(ctx: IdentityContext, projectId: string | null | undefined): Promise<void> {
  if (projectId && (await findDomain(ctx.db, projectId))) {
    throw new BadRequest(`User's default project ID cannot be a domain ID: ${projectId}`);
  }
}

/** nubo has no identity providers, so any federated object names one that cannot be found. */
function assertNoFederation(federated: UserInput['federated']): void {
  const first = federated?.[0];
  if (first) throw new BadRequest(`Could not find Identity Provider: ${first.idp_id}`);
}

/** Options are merged key by key, and a null value removes the option (Keystone's resource options). */
function mergeOptions(current: Record<string, unknown>, update: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...current, ...update };
  for (const [key, value] of Object.entries(merged)) if (value === null) delete merged[key];
  return merged;
}

/** Creates a user in `input.domain_id`; 404 for an unknown domain, 409 for a name taken in that domain. */
export async function createUser(ctx: IdentityContext, input: UserInput & { domain_id: string }): Promise<UserRow> {
  const name = input.name?.trim();
  if (!name) throw new BadRequest("Invalid input for field 'name': 'name' is a required property");
  if (!(await findDomain(ctx.db, input.domain_id))) throw new NotFound(`Could not find domain: ${input.domain_id}.`);
  await assertNotDomain(ctx, input.default_project_id);
  assertNoFederation(input.federated);
  const now = new Date().toISOString();
  const hasPassword = typeof input.password === 'string';
  const row: UserRow = {
    id: newHexId(),
    name,
    domain_id: input.domain_id,
    enabled: toDbBool(input.enabled ?? true),
    default_project_id: input.default_project_id ?? null,
    password_hash: hasPassword ? await ctx.passwords.hash(input.password as string) : null,
    password_created_at: hasPassword ? now : null,
    password_expires_at: null,
    extra: toDbJson({ ...input.extra, options: mergeOptions({}, input.options ?? {}) }),
    created_at: now,
  };
  try {
    await q.insertUser(ctx.db, row);
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(name, input.domain_id);
    throw err;
  }
  ctx.changes.bump();
  return row;
}

/**
 * Updates a user. Disabling it or setting a password revokes its tokens, as Keystone does; clearing the password
 * (null) does not.
 */
export async function updateUser(ctx: IdentityContext, id: string, input: UserInput): Promise<UserRow> {
  const current = await getUser(ctx, id);
  if (input.domain_id !== undefined && input.domain_id !== current.domain_id)
    throw new BadRequest('Cannot change Domain ID');
  await assertNotDomain(ctx, input.default_project_id);
  assertNoFederation(input.federated);
  const changes: Partial<UserRow> = {};
  if (input.name !== undefined) changes.name = input.name.trim();
  if (input.enabled !== undefined) changes.enabled = toDbBool(input.enabled);
  if (input.default_project_id !== undefined) changes.default_project_id = input.default_project_id;
  if (input.password !== undefined) {
    changes.password_hash = input.password === null ? null : await ctx.passwords.hash(input.password);
    changes.password_created_at = input.password === null ? null : new Date().toISOString();
  }
  if (Object.keys(input.extra).length > 0 || input.options !== undefined) {
    const { extra, options } = userExtra(current);
    changes.extra = toDbJson({ ...extra, ...input.extra, options: mergeOptions(options, input.options ?? {}) });
  }
  try {
    await q.updateUser(ctx.db, id, changes);
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(changes.name, current.domain_id);
    throw err;
  }
  ctx.changes.bump();
  const disabled = input.enabled === false && fromDbBool(current.enabled);
  if (disabled || typeof input.password === 'string') await revokeUserTokens(ctx, id);
  return { ...current, ...changes };
}

/** Deletes a user with its group memberships, role assignments and application credentials, and revokes its tokens. */
export async function deleteUser(ctx: IdentityContext, id: string): Promise<void> {
  await getUser(ctx, id);
  await ctx.db.transaction().execute(async (trx) => {
    await deleteAppCredentialsOfUser(trx, id);
    await q.deleteUser(trx, id);
  });
  ctx.changes.bump();
  await revokeUserTokens(ctx, id);
}

/**
 * A user changes its own password (no token needed, so that a user whose password expired can still do it).
 *
 * @throws Unauthorized for an unknown user, a wrong original password or a disabled user.
 * @throws BadRequest when the user's `lock_password` option is set.
 */
export async function changePassword(
  ctx: IdentityContext,
  id: string,
  original: string,
  password: string,
): Promise<void> {
  const user = await q.findUser(ctx.db, id);
  if (!user || !(await ctx.passwords.verify(original, user.password_hash))) {
    throw new Unauthorized('Error when changing user password: Invalid user / password');
  }
  if (!fromDbBool(user.enabled)) throw new Unauthorized(`The account is disabled for user: ${id}.`);
  if (userExtra(user).options.lock_password === true) {
    throw new BadRequest(
      'You cannot change your password at this time due to password policy disallowing password changes. ' +
        'Please contact your administrator to reset your password.',
    );
  }
  await q.updateUser(ctx.db, id, {
    password_hash: await ctx.passwords.hash(password),
    password_created_at: new Date().toISOString(),
    password_expires_at: null,
  });
  ctx.changes.bump();
  await revokeUserTokens(ctx, id);
}
