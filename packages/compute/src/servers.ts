// Servers: lookup within the caller's reach, the extra data a view needs, update, delete, and the instance-action
// record every change leaves (os-instance-actions).

import { createHash } from 'node:crypto';
import { NotFound, newUuid } from '@nubo/core';
import type { Caller } from './caller.js';
import { isComputeHostUp } from './conductor/local-delete.js';
import type { ComputeContext } from './context.js';
import { insertAction } from './db/actions.js';
import { findInstance, markInstanceDeleted, updateInstance } from './db/instances.js';
import { listMetadata } from './db/metadata.js';
import { groupsOfInstances } from './db/server-groups.js';
import type { InstanceRow } from './db/tables.js';
import { listTags } from './db/tags.js';
import type { Flavor } from './flavors.js';
import { checkInstanceState, checkLock } from './instance-state.js';
import type { RequestedNetwork, Vif } from './network.js';
import { enqueueTask } from './tasks.js';

/** Nova's InstanceNotFound. */
export function serverNotFound(id: string): NotFound {
  return new NotFound(`Instance ${id} could not be found.`);
}

/**
 * A live server the caller may reach: admins reach every project's, others only their own project's (Nova's
 * `project_only` read), so another project's server is a 404, never a 403.
 */
export async function getServer(ctx: ComputeContext, caller: Caller, id: string): Promise<InstanceRow> {
  const row = await findInstance(ctx.db, id);
  if (!row || (!caller.isAdmin && row.project_id !== caller.projectId)) throw serverNotFound(id);
  return row;
}

/** What the parts of JSON columns and side tables a server view needs. */
export interface ServerRecord {
  row: InstanceRow;
  flavor: Flavor;
  metadata: Record<string, string>;
  tags: string[];
  groups: string[];
  requestSpec: RequestSpec;
}

/** The create parameters kept with an instance for the engine (and shown back: pinned AZ, hints, networks). */
export interface RequestSpec {
  flavor?: Flavor;
  image?: {
    id: string;
    name: string | null;
    properties: Record<string, unknown>;
    min_disk: number;
    min_ram: number;
    size: number | null;
  } | null;
  scheduler_hints?: Record<string, unknown>;
  group?: { id: string; policy: string; rules: Record<string, unknown> } | null;
  availability_zone?: string | null;
  forced_host?: string | null;
  forced_node?: string | null;
  requested_host?: string | null;
  requested_hypervisor_hostname?: string | null;
  networks?: unknown;
  /** The networks and ports the API resolved for the agent to attach (Nova's requested_networks). */
  requested_networks?: RequestedNetwork[];
  /** The server's ports as last read from Networking (Nova's instance info cache). */
  network_info?: Vif[];
  security_groups?: string[];
  block_device_mapping?: unknown[];
  num_instances?: number;
  auto_disk_config?: boolean;
  trusted_certs?: string[] | null;
  [key: string]: unknown;
}

/** Parses the JSON columns and loads metadata, tags and groups of each instance, in one query per table. */
export async function loadServers(ctx: ComputeContext, rows: InstanceRow[]): Promise<ServerRecord[]> {
  const ids = rows.map((r) => r.id);
  const [metadata, tags, groups] = await Promise.all([
    listMetadata(ctx.db, ids),
    listTags(ctx.db, ids),
    groupsOfInstances(ctx.db, ids),
  ]);
  return rows.map((row) => ({
    row,
    flavor: JSON.parse(row.flavor) as Flavor,
    metadata: metadata.get(row.id) ?? {},
    tags: tags.get(row.id) ?? [],
    groups: groups.get(row.id) ?? [],
    requestSpec: JSON.parse(row.request_spec || '{}') as RequestSpec,
  }));
}

/** Nova's `utils.generate_hostid`: an opaque per-project id of the host ("" while unscheduled). */
export function hostIdOf(row: InstanceRow): string {
  if (!row.host) return '';
  return createHash('sha224')
    .update(row.project_id + row.host)
    .digest('hex');
}

/** Records an instance action (Nova's `_record_action_start`); returns its request id. */
export async function recordAction(
  ctx: ComputeContext,
  caller: Caller,
  instanceId: string,
  action: string,
  message: string | null = null,
): Promise<string> {
  await insertAction(ctx.db, {
    id: newUuid(),
    instance_id: instanceId,
    action,
    request_id: caller.requestId,
    user_id: caller.userId,
    project_id: caller.projectId,
    start_time: new Date().toISOString(),
    finish_time: null,
    message,
  });
  return caller.requestId;
}

/** The attributes PUT /servers/{id} may change. */
export interface ServerUpdate {
  name?: string;
  description?: string | null;
  accessIPv4?: string;
  accessIPv6?: string;
  hostname?: string;
  autoDiskConfig?: boolean;
}

/** Applies PUT /servers/{id}; returns the updated row. */
export async function updateServer(ctx: ComputeContext, row: InstanceRow, update: ServerUpdate): Promise<InstanceRow> {
  const changes: Partial<InstanceRow> = { updated_at: new Date().toISOString() };
  if (update.name !== undefined) changes.name = update.name.trim();
  if (update.description !== undefined) changes.description = update.description;
  if (update.accessIPv4 !== undefined) changes.access_ip_v4 = update.accessIPv4;
  if (update.accessIPv6 !== undefined) changes.access_ip_v6 = update.accessIPv6;
  if (update.hostname !== undefined) changes.hostname = update.hostname;
  if (update.autoDiskConfig !== undefined) {
    const spec = JSON.parse(row.request_spec || '{}') as RequestSpec;
    changes.request_spec = JSON.stringify({ ...spec, auto_disk_config: update.autoDiskConfig });
  }
  if (!(await updateInstance(ctx.db, row.id, changes))) throw serverNotFound(row.id);
  return { ...row, ...changes };
}

/**
 * Deletes a server (Nova's `_delete_instance`): one never scheduled goes at once; otherwise it is marked
 * `deleting` and its host's agent is asked to destroy it. A server already being deleted is not asked twice —
 * unless its host is down: then, as for a server without a host, the conductor frees its allocations and deletes it
 * without the host (Nova's local delete).
 */
export async function deleteServer(ctx: ComputeContext, caller: Caller, row: InstanceRow): Promise<void> {
  checkLock(row, caller);
  checkInstanceState(row, 'delete', { taskStates: undefined, mustHaveLaunched: false });
  await recordAction(ctx, caller, row.id, 'delete');
  if (row.host === null) {
    await markInstanceDeleted(ctx.db, row.id, new Date().toISOString());
    // A claim made for it (a build or reschedule in flight) is freed by the conductor.
    await enqueueTask(ctx, { instanceId: row.id, kind: 'delete', host: null, requestId: caller.requestId });
    return;
  }
  const hostUp = await isComputeHostUp(ctx, row.host);
  if (row.task_state === 'deleting' && hostUp) return;
  const started = await updateInstance(
    ctx.db,
    row.id,
    { task_state: 'deleting', updated_at: new Date().toISOString() },
    { taskStates: [row.task_state] },
  );
  if (!started) return;
  const host = hostUp ? row.host : null;
  await enqueueTask(ctx, { instanceId: row.id, kind: 'delete', host, requestId: caller.requestId });
}

/**
 * Reads a server's ports again (floating IPs come and go after boot; Nova learns it from Neutron's
 * network-changed events) and keeps them in its request spec. On a Networking error the last known ports stay.
 */
export async function refreshNetworkInfo(ctx: ComputeContext, record: ServerRecord): Promise<void> {
  const known = record.requestSpec.network_info ?? [];
  if (known.length === 0) return;
  let vifs: Vif[];
  try {
    vifs = await ctx.network.refresh(record.row.id, known);
  } catch (err) {
    ctx.log.warn({ instance: record.row.id, err: (err as Error).message }, 'could not refresh the network info');
    return;
  }
  if (JSON.stringify(vifs) === JSON.stringify(known)) return;
  const fresh = await findInstance(ctx.db, record.row.id);
  if (!fresh) return;
  const spec = { ...(JSON.parse(fresh.request_spec || '{}') as RequestSpec), network_info: vifs };
  await updateInstance(ctx.db, record.row.id, { request_spec: JSON.stringify(spec) });
  record.requestSpec.network_info = vifs;
}
