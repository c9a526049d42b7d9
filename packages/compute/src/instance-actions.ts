// os-instance-actions: what was asked of a server, newest first, paged by request id (2.58).
import { BadRequest, NotFound } from '@nubo/core';
import type { Caller } from './caller.js';
import type { ComputeContext } from './context.js';
import { findAction, listActions } from './db/actions.js';
import { findInstance } from './db/instances.js';
import type { InstanceActionRow, InstanceRow } from './db/tables.js';
import { serverNotFound } from './servers.js';

/** The server whose actions are asked for; from 2.21 a deleted one too (Nova reads with read_deleted='yes'). */
export async function getActionServer(
  ctx: ComputeContext,
  caller: Caller,
  id: string,
  includeDeleted: boolean,
): Promise<InstanceRow> {
  const row = await findInstance(ctx.db, id, { includeDeleted });
  if (!row || (!caller.isAdmin && row.project_id !== caller.projectId)) throw serverNotFound(id);
  return row;
}

/** A server's actions filtered by change time (2.58/2.66), after `marker` (a request id), at most `limit`. */
export async function listInstanceActions(
  ctx: ComputeContext,
  instanceId: string,
  query: { limit?: number; marker?: string; changesSince?: string; changesBefore?: string } = {},
): Promise<InstanceActionRow[]> {
  let rows = await listActions(ctx.db, instanceId);
  const changed = (r: InstanceActionRow) => r.finish_time ?? r.start_time;
  if (query.changesSince) rows = rows.filter((r) => changed(r) >= query.changesSince!);
  if (query.changesBefore) rows = rows.filter((r) => changed(r) <= query.changesBefore!);
  let start = 0;
  if (query.marker !== undefined) {
    const at = rows.findIndex((r) => r.request_id === query.marker);
    if (at < 0) throw new BadRequest(`Marker ${query.marker} could not be found.`);
    start = at + 1;
  }
  return query.limit === undefined ? rows.slice(start) : rows.slice(start, start + query.limit);
}

/** One action by request id. @throws NotFound "Action … not found" */
export async function getInstanceAction(
  ctx: ComputeContext,
  instanceId: string,
  requestId: string,
): Promise<InstanceActionRow> {
  const row = await findAction(ctx.db, instanceId, requestId);
  if (!row) throw new NotFound(`Action ${requestId} not found`);
  return row;
}
