// Host aggregates: CRUD, hosts (which must be compute services), metadata, and the availability zone an aggregate
// gives its hosts (Nova keeps it as the `availability_zone` metadata key; here it is also a column).
import { BadRequest, Conflict, isUniqueViolation, NotFound, newUuid } from '@nubo/core';
import { listComputeServiceRows } from './availability-zones.js';
import type { ComputeContext } from './context.js';
import * as db from './db/aggregates.js';
import { listInstances } from './db/instances.js';
import type { AggregateRow } from './db/tables.js';

/** An aggregate with its hosts and metadata (the zone included as `availability_zone`). */
export interface Aggregate {
  row: AggregateRow;
  hosts: string[];
  metadata: Record<string, string>;
}

/** Nova's AggregateNotFound. */
function aggregateNotFound(id: number | string): NotFound {
  return new NotFound(`Aggregate ${id} could not be found.`);
}

/** Nova's `utils.validate_integer` on the path id. @throws BadRequest */
export function aggregateId(text: string): number {
  if (!/^-?\d+$/.test(text.trim())) throw new BadRequest('id must be an integer');
  return Number(text);
}

async function load(ctx: ComputeContext, rows: AggregateRow[]): Promise<Aggregate[]> {
  const ids = rows.map((r) => r.id);
  const [hosts, metadata] = await Promise.all([
    db.listAggregateHosts(ctx.db, ids),
    db.listAggregateMetadata(ctx.db, ids),
  ]);
  return rows.map((row) => ({
    row,
    hosts: hosts.get(row.id) ?? [],
    metadata: {
      ...(metadata.get(row.id) ?? {}),
      ...(row.availability_zone ? { availability_zone: row.availability_zone } : {}),
    },
  }));
}

export async function getAggregate(ctx: ComputeContext, id: number): Promise<Aggregate> {
  const row = await db.findAggregate(ctx.db, id);
  if (!row) throw aggregateNotFound(id);
  return (await load(ctx, [row]))[0]!;
}

export async function listAggregates(ctx: ComputeContext): Promise<Aggregate[]> {
  return load(ctx, await db.listAggregates(ctx.db));
}

/**
 * Nova's `is_safe_to_update_az`: a zone may not be empty, its hosts may not already be in another zone, and (for
 * updates) a zone may not change under servers.
 */
async function checkZoneChange(
  ctx: ComputeContext,
  aggregate: Aggregate,
  zone: string | null,
  hosts: string[],
  reasonPrefix: string,
  checkInstances: boolean,
): Promise<void> {
  if (zone === null) return;
  const fail = (reason: string) => new BadRequest(`${reasonPrefix} ${aggregate.row.id}. Reason: ${reason}.`);
  if (zone === '') throw fail(`Aggregate ${aggregate.row.name} does not support empty named availability zone`);
  const others = (await listAggregates(ctx)).filter(
    (a) => a.row.id !== aggregate.row.id && a.row.availability_zone && a.row.availability_zone !== zone,
  );
  const conflicting = others.filter((a) => a.hosts.some((h) => hosts.includes(h))).map((a) => a.row.availability_zone);
  if (conflicting.length > 0) {
    throw fail(`One or more hosts already in availability zone(s) ['${conflicting.join("', '")}']`);
  }
  if (checkInstances && aggregate.row.availability_zone !== zone && hosts.length > 0) {
    if ((await listInstances(ctx.db, { hosts, deleted: false })).length > 0) {
      throw fail('One or more hosts contain instances in this zone');
    }
  }
}

/** Creates an aggregate, optionally zoned. @throws Conflict when the name is taken */
export async function createAggregate(ctx: ComputeContext, name: string, zone: string | null): Promise<Aggregate> {
  if (await db.findAggregateByName(ctx.db, name)) throw new Conflict(`Aggregate ${name} already exists.`);
  const now = new Date().toISOString();
  try {
    const row = await db.insertAggregate(ctx.db, {
      uuid: newUuid(),
      name,
      availability_zone: zone || null,
      created_at: now,
      updated_at: null,
    });
    return (await load(ctx, [row]))[0]!;
  } catch (err) {
    if (isUniqueViolation(err)) throw new Conflict(`Aggregate ${name} already exists.`);
    throw err;
  }
}

/** Renames and/or re-zones an aggregate. */
export async function updateAggregate(
  ctx: ComputeContext,
  id: number,
  update: { name?: string; availabilityZone?: string | null },
): Promise<Aggregate> {
  const aggregate = await getAggregate(ctx, id);
  const changes: Partial<AggregateRow> = { updated_at: new Date().toISOString() };
  if (update.name !== undefined && update.name !== aggregate.row.name) {
    if (await db.findAggregateByName(ctx.db, update.name))
      throw new Conflict(`Aggregate ${update.name} already exists.`);
    changes.name = update.name;
  }
  if (update.availabilityZone !== undefined) {
    await checkZoneChange(ctx, aggregate, update.availabilityZone, aggregate.hosts, 'Cannot update aggregate', true);
    changes.availability_zone = update.availabilityZone;
  }
  await db.updateAggregate(ctx.db, id, changes);
  return getAggregate(ctx, id);
}

/** Deletes an empty aggregate. @throws BadRequest when it still has hosts */
export async function deleteAggregate(ctx: ComputeContext, id: number): Promise<void> {
  const aggregate = await getAggregate(ctx, id);
  if (aggregate.hosts.length > 0) {
    throw new BadRequest(`Cannot remove host from aggregate ${id}. Reason: Host aggregate is not empty.`);
  }
  await db.deleteAggregate(ctx.db, id);
}

/** Adds a compute host. @throws NotFound for an unknown host, Conflict when already there */
export async function addAggregateHost(ctx: ComputeContext, id: number, host: string): Promise<Aggregate> {
  const services = await listComputeServiceRows(ctx);
  if (!services.some((s) => s.host === host)) throw new NotFound(`Compute host ${host} could not be found.`);
  const aggregate = await getAggregate(ctx, id);
  if (aggregate.hosts.includes(host)) throw new Conflict(`Aggregate ${id} already has host ${host}.`);
  try {
    await checkZoneChange(
      ctx,
      aggregate,
      aggregate.row.availability_zone,
      [host],
      'Cannot add host to aggregate',
      false,
    );
  } catch (err) {
    // Nova answers this refusal of add_host with 409.
    if (err instanceof BadRequest) throw new Conflict(err.message);
    throw err;
  }
  await db.insertAggregateHost(ctx.db, id, host);
  return getAggregate(ctx, id);
}

/** Removes a host. @throws NotFound "Cannot remove host … in aggregate …" */
export async function removeAggregateHost(ctx: ComputeContext, id: number, host: string): Promise<Aggregate> {
  await getAggregate(ctx, id).catch(() => {
    throw new NotFound(`Cannot remove host ${host} in aggregate ${id}`);
  });
  if (!(await db.deleteAggregateHost(ctx.db, id, host))) {
    throw new NotFound(`Cannot remove host ${host} in aggregate ${id}`);
  }
  return getAggregate(ctx, id);
}

/** Sets metadata items (null deletes one); `availability_zone` re-zones the aggregate. */
export async function setAggregateMetadata(
  ctx: ComputeContext,
  id: number,
  items: Record<string, string | null>,
): Promise<Aggregate> {
  const aggregate = await getAggregate(ctx, id);
  const { availability_zone: zone, ...rest } = items;
  if (zone !== undefined) {
    if (zone !== null) {
      await checkZoneChange(ctx, aggregate, zone, aggregate.hosts, 'Cannot update metadata of aggregate', true);
    }
    await db.updateAggregate(ctx.db, id, { availability_zone: zone, updated_at: new Date().toISOString() });
  }
  await db.setAggregateMetadata(ctx.db, id, rest);
  return getAggregate(ctx, id);
}
