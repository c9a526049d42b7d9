// Catalog services: a service type (compute, image, …) whose endpoints tokens list in their catalog.
import { BadRequest, fromDbJson, NotFound, newHexId, toDbBool, toDbJson } from '@nubo/core';
import type { IdentityContext } from './context.js';
import * as q from './db/catalog.js';
import type { ServiceRow } from './db/tables.js';

/** The attributes of a service create or update body. */
export interface ServiceInput {
  id?: string;
  type?: string;
  enabled?: boolean;
  /** name, description and any other attribute: kept in the row's extra, as Keystone keeps them. */
  extra: Record<string, unknown>;
}

/** The service, or a 404 `Could not find service: <id>.` */
export async function getService(ctx: IdentityContext, id: string): Promise<ServiceRow> {
  const row = await q.findService(ctx.db, id);
  if (!row) throw new NotFound(`Could not find service: ${id}.`);
  return row;
}

/** Services of a type and/or name (the name lives in extra, so it is filtered here). */
export async function listServices(
  ctx: IdentityContext,
  filters: { type?: string; name?: string },
): Promise<ServiceRow[]> {
  const rows = await q.listServices(ctx.db, { type: filters.type });
  if (filters.name === undefined) return rows;
  return rows.filter((r) => fromDbJson<Record<string, unknown>>(r.extra, {}).name === filters.name);
}

/** Creates an enabled service with a new id; like Keystone, a service without a name gets the name ''. */
export async function createService(ctx: IdentityContext, input: ServiceInput): Promise<ServiceRow> {
  if (!input.type) throw new BadRequest("Invalid input for field 'type': 'type' is a required property");
  const row: ServiceRow = {
    id: newHexId(),
    type: input.type,
    enabled: toDbBool(input.enabled ?? true),
    extra: toDbJson({ name: '', ...input.extra }),
  };
  await q.insertService(ctx.db, row);
  ctx.changes.bump();
  return row;
}

/** Updates type, enabled and extra attributes (name, description, …); the id never changes. */
export async function updateService(ctx: IdentityContext, id: string, input: ServiceInput): Promise<ServiceRow> {
  if (input.id !== undefined && input.id !== null && input.id !== id) throw new BadRequest('Cannot change ID');
  const current = await getService(ctx, id);
  const changes: Partial<ServiceRow> = {};
  if (input.type !== undefined) changes.type = input.type;
  if (input.enabled !== undefined) changes.enabled = toDbBool(input.enabled);
  if (Object.keys(input.extra).length > 0)
    changes.extra = toDbJson({ ...fromDbJson(current.extra, {}), ...input.extra });
  await q.updateService(ctx.db, id, changes);
  ctx.changes.bump();
  return { ...current, ...changes };
}

/** Deletes the service and every endpoint of it. */
export async function deleteService(ctx: IdentityContext, id: string): Promise<void> {
  await getService(ctx, id);
  await ctx.db.transaction().execute((trx) => q.deleteService(trx, id));
  ctx.changes.bump();
}
