// os-services: the compute (and conductor/scheduler) services the engine registers, whether each is up, and the
// admin's enable/disable/force-down; plus the host status servers show from 2.16.
// The rows belong to the engine's compute_services table; this module only reads them and flips the admin flags.
import { BadRequest, Conflict, NotFound } from '@nubo/core';
import { zonesOfHosts } from './availability-zones.js';
import type { ComputeContext } from './context.js';
import { deleteAggregateHost, listAggregateHosts } from './db/aggregates.js';
import { listInstances } from './db/instances.js';
import type { ServiceRow } from './db/tables.js';

/** Nova's `[DEFAULT] service_down_time`: a service not heard from for this long is down. */
export const SERVICE_DOWN_TIME_MS = 60_000;
/** Nova's `[DEFAULT] internal_service_availability_zone`, the zone of non-compute services. */
export const INTERNAL_ZONE = 'internal';

/** Every service row, by id. */
export function listServiceRows(ctx: ComputeContext): Promise<ServiceRow[]> {
  return ctx.db.selectFrom('compute_services').selectAll().orderBy('id').execute();
}

/** Nova's DB servicegroup driver: up when heard from within the down time and not forced down. */
export function isServiceUp(row: ServiceRow, now = Date.now()): boolean {
  if (row.forced_down === 1) return false;
  const seen = row.last_seen_up ?? row.updated_at ?? row.created_at;
  return now - Date.parse(seen) <= SERVICE_DOWN_TIME_MS;
}

/** A service with what os-services shows beyond its row. */
export interface ServiceRecord {
  row: ServiceRow;
  zone: string;
  up: boolean;
}

/** Services filtered by host and binary, with their zones (Nova's `_get_services`). */
export async function listServices(
  ctx: ComputeContext,
  filters: { host?: string; binary?: string },
): Promise<ServiceRecord[]> {
  const zones = await zonesOfHosts(ctx);
  return (await listServiceRows(ctx))
    .filter((r) => (!filters.host || r.host === filters.host) && (!filters.binary || r.binary === filters.binary))
    .map((row) => ({
      row,
      zone: row.binary === 'nova-compute' ? (zones.get(row.host) ?? ctx.config.defaultAvailabilityZone) : INTERNAL_ZONE,
      up: isServiceUp(row),
    }));
}

/** The admin flags of a service. */
export interface ServiceUpdate {
  disabled?: boolean;
  disabledReason?: string | null;
  forcedDown?: boolean;
}

async function applyUpdate(ctx: ComputeContext, row: ServiceRow, update: ServiceUpdate): Promise<ServiceRow> {
  if (row.binary !== 'nova-compute') {
    throw new BadRequest(
      `Updating a ${row.binary} service is not supported. Only nova-compute services can be updated.`,
    );
  }
  const changes: Partial<ServiceRow> = { updated_at: new Date().toISOString() };
  if (update.disabled !== undefined) changes.disabled = update.disabled ? 1 : 0;
  if (update.disabledReason !== undefined) changes.disabled_reason = update.disabledReason;
  if (update.forcedDown !== undefined) changes.forced_down = update.forcedDown ? 1 : 0;
  await ctx.db.updateTable('compute_services').set(changes).where('id', '=', row.id).execute();
  return { ...row, ...changes };
}

/** The pre-2.53 form: the service named by host and binary. @throws NotFound, BadRequest */
export async function updateServiceByHost(
  ctx: ComputeContext,
  host: string,
  binary: string,
  update: ServiceUpdate,
): Promise<ServiceRow> {
  if (binary !== 'nova-compute') {
    throw new BadRequest(`Updating a ${binary} service is not supported. Only nova-compute services can be updated.`);
  }
  const row = (await listServiceRows(ctx)).find((r) => r.host === host && r.binary === binary);
  if (!row) throw new NotFound(`Service ${host} on binary ${binary} could not be found.`);
  return applyUpdate(ctx, row, update);
}

/** A service by its uuid (2.53+) or integer id. */
export async function getService(ctx: ComputeContext, id: string): Promise<ServiceRow> {
  const rows = await listServiceRows(ctx);
  const row = /^\d+$/.test(id) ? rows.find((r) => r.id === Number(id)) : rows.find((r) => r.uuid === id);
  if (!row) throw new NotFound(`Service ${id} could not be found.`);
  return row;
}

/** The 2.53 form: PUT /os-services/{uuid}. @throws NotFound, BadRequest */
export async function updateService(ctx: ComputeContext, id: string, update: ServiceUpdate): Promise<ServiceRow> {
  return applyUpdate(ctx, await getService(ctx, id), update);
}

/**
 * Deletes a service row (Nova refuses while the host still holds instances) and takes its host out of aggregates.
 *
 * @throws Conflict "Unable to delete compute service that is hosting instances. …"
 */
export async function deleteService(ctx: ComputeContext, id: string): Promise<void> {
  const row = await getService(ctx, id);
  if (row.binary === 'nova-compute') {
    if ((await listInstances(ctx.db, { hosts: [row.host], deleted: false })).length > 0) {
      throw new Conflict(
        'Unable to delete compute service that is hosting instances. Migrate or delete the instances first.',
      );
    }
    for (const [aggregateId, hosts] of await listAggregateHosts(ctx.db)) {
      if (hosts.includes(row.host)) await deleteAggregateHost(ctx.db, aggregateId, row.host);
    }
  }
  await ctx.db.deleteFrom('compute_services').where('id', '=', row.id).execute();
}

/**
 * Nova's `get_instance_host_status` for each host: UP, DOWN (forced down), MAINTENANCE (disabled), UNKNOWN (not
 * heard from), or "" (no service).
 */
export async function hostStatuses(ctx: ComputeContext): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const row of await listServiceRows(ctx)) {
    if (row.binary !== 'nova-compute') continue;
    if (row.forced_down === 1) out.set(row.host, 'DOWN');
    else if (row.disabled === 1) out.set(row.host, 'MAINTENANCE');
    else out.set(row.host, isServiceUp(row) ? 'UP' : 'UNKNOWN');
  }
  return out;
}
