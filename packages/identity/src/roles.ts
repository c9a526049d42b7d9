// Roles (global or domain-specific) and the implied-role rules between them (admin → member → reader).
import {
  BadRequest,
  Conflict,
  Forbidden,
  fromDbJson,
  isUniqueViolation,
  NotFound,
  newHexId,
  toDbJson,
} from '@nubo/core';
import type { IdentityContext } from './context.js';
import { findDomain } from './db/domains.js';
import * as q from './db/roles.js';
import { GLOBAL_ROLE_DOMAIN, type ImpliedRoleRow, type RoleRow } from './db/tables.js';

/** Keystone's `[assignment] prohibited_implied_role` default: no role may imply `admin`. */
export const PROHIBITED_IMPLIED_ROLES: readonly string[] = ['admin'];

/** Role resource options (Keystone's role options registry has only `immutable`). */
export interface RoleOptions {
  immutable?: boolean | null;
}

export interface RoleInput {
  name?: string;
  description?: string | null;
  /** null or absent: a global role. */
  domain_id?: string | null;
  options?: RoleOptions;
  extra: Record<string, unknown>;
}

/** The role's domain id as the API shows it: null for a global role. */
export function roleDomainId(row: RoleRow): string | null {
  return row.domain_id === GLOBAL_ROLE_DOMAIN ? null : row.domain_id;
}

/** Options live in the `extra` column under `options`; every other key there is a free-form attribute. */
export function roleOptions(row: RoleRow): RoleOptions {
  const options = fromDbJson<Record<string, unknown>>(row.extra, {}).options;
  return options !== null && typeof options === 'object' ? (options as RoleOptions) : {};
}

/** The free-form attributes Keystone keeps on a role and echoes back. */
export function roleExtra(row: RoleRow): Record<string, unknown> {
  const { options: _options, ...rest } = fromDbJson<Record<string, unknown>>(row.extra, {});
  return rest;
}

/** The role, or Keystone's 404 `Could not find role: <id>.` */
export async function getRole(ctx: IdentityContext, id: string): Promise<RoleRow> {
  const row = await q.findRole(ctx.db, id);
  if (!row) throw new NotFound(`Could not find role: ${id}.`);
  return row;
}

/** Global roles, or the roles of one domain when `domainId` is given (as GET /v3/roles). */
export function listRoles(ctx: IdentityContext, filters: { name?: string; domainId?: string }): Promise<RoleRow[]> {
  return q.listRoles(ctx.db, filters);
}

function duplicate(name: string | undefined, domainId: string | null): Conflict {
  const where = domainId ? ` at domain ID ${domainId}` : '';
  return new Conflict(`Conflict occurred attempting to store role - Duplicate entry found with name ${name}${where}.`);
}

function storedExtra(extra: Record<string, unknown>, options: RoleOptions): string {
  const cleaned = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== null && v !== undefined));
  return toDbJson(Object.keys(cleaned).length > 0 ? { ...extra, options: cleaned } : extra);
}

/** Creates a global role, or a domain-specific one when `domain_id` names an existing domain. */
export async function createRole(ctx: IdentityContext, input: RoleInput): Promise<RoleRow> {
  if (!input.name) throw new BadRequest("Invalid input for field 'name': 'name' is a required property");
  const domainId = input.domain_id ?? null;
  if (domainId !== null && !(await findDomain(ctx.db, domainId)))
    throw new NotFound(`Could not find domain: ${domainId}.`);
  const row: RoleRow = {
    id: newHexId(),
    name: input.name,
    domain_id: domainId ?? GLOBAL_ROLE_DOMAIN,
    description: input.description ?? '',
    extra: storedExtra(input.extra, input.options ?? {}),
  };
  try {
    await q.insertRole(ctx.db, row);
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(input.name, domainId);
    throw err;
  }
  ctx.changes.bump();
  return row;
}

function immutableRefusal(verb: 'update' | 'delete', id: string): Forbidden {
  return new Forbidden(
    `Unable to ${verb} immutable role resource: \`${id}. Set resource option "immutable" to false first.`,
  );
}

/** Updates a role; an immutable role accepts only the update that makes it mutable again. */
export async function updateRole(
  ctx: IdentityContext,
  id: string,
  input: RoleInput,
  changedKeys: string[],
): Promise<RoleRow> {
  const current = await getRole(ctx, id);
  if (roleOptions(current).immutable) {
    const onlyUnlock =
      changedKeys.length === 1 &&
      input.options !== undefined &&
      'immutable' in input.options &&
      !input.options.immutable;
    if (!onlyUnlock) throw immutableRefusal('update', id);
  }
  if (input.domain_id !== undefined && input.domain_id !== roleDomainId(current)) {
    throw new BadRequest('Update of `domain_id` is not allowed.');
  }
  const changes: Partial<RoleRow> = {};
  if (input.name !== undefined) changes.name = input.name;
  if (input.description !== undefined) changes.description = input.description ?? '';
  if (Object.keys(input.extra).length > 0 || input.options !== undefined) {
    changes.extra = storedExtra(
      { ...roleExtra(current), ...input.extra },
      { ...roleOptions(current), ...input.options },
    );
  }
  try {
    await q.updateRole(ctx.db, id, changes);
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(input.name, roleDomainId(current));
    throw err;
  }
  ctx.changes.bump();
  return { ...current, ...changes };
}

/** Deletes a role with its grants and implied-role rules; tokens lose it at their next validation. */
export async function deleteRole(ctx: IdentityContext, id: string): Promise<void> {
  const role = await getRole(ctx, id);
  if (roleOptions(role).immutable) throw immutableRefusal('delete', id);
  await ctx.db.transaction().execute((trx) => q.deleteRole(trx, id));
  ctx.changes.bump();
}

/** The rule `prior` implies `implied`, or Keystone's 404. */
export async function getImpliedRole(
  ctx: IdentityContext,
  priorId: string,
  impliedId: string,
): Promise<ImpliedRoleRow> {
  const rule = (await q.listImpliedRoles(ctx.db, priorId)).find((r) => r.implied_role_id === impliedId);
  if (!rule) throw new NotFound(`${priorId} does not imply ${impliedId}.`);
  return rule;
}

/** Ids of the roles `priorId` implies directly. */
export async function listImpliedRoleIds(ctx: IdentityContext, priorId: string): Promise<string[]> {
  return (await q.listImpliedRoles(ctx.db, priorId)).map((r) => r.implied_role_id);
}

/** Every implied-role rule. */
export function listRoleInferenceRules(ctx: IdentityContext): Promise<ImpliedRoleRow[]> {
  return q.listImpliedRoles(ctx.db);
}

/**
 * Makes `prior` imply `implied`. As in Keystone, cycles are allowed (expansion stops at roles already seen);
 * the prohibited names and global-implies-domain-specific are refused with 403.
 */
export async function createImpliedRole(ctx: IdentityContext, priorId: string, impliedId: string): Promise<void> {
  const implied = await getRole(ctx, impliedId);
  const prior = await getRole(ctx, priorId);
  if (PROHIBITED_IMPLIED_ROLES.includes(implied.name)) throw new Forbidden(`${impliedId} cannot be an implied roles.`);
  if (roleDomainId(prior) === null && roleDomainId(implied) !== null) {
    throw new Forbidden('Global role cannot imply a domain-specific role');
  }
  try {
    await q.insertImpliedRole(ctx.db, { prior_role_id: priorId, implied_role_id: impliedId });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new Conflict('Conflict occurred attempting to store implied_role - Duplicate entry.');
    throw err;
  }
  ctx.changes.bump();
}

/** Removes the rule `prior` implies `implied`, or Keystone's 404 when there is none. */
export async function deleteImpliedRole(ctx: IdentityContext, priorId: string, impliedId: string): Promise<void> {
  await getImpliedRole(ctx, priorId, impliedId);
  await q.deleteImpliedRole(ctx.db, priorId, impliedId);
  ctx.changes.bump();
}
