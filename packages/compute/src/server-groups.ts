// Server groups: create within quota (one policy; rules only for anti-affinity), list (all projects for admins),
// show and delete; members are the live servers created into a group.
import { BadRequest, NotFound, newUuid, OverQuota } from '@nubo/core';
import type { Caller } from './caller.js';
import type { ComputeContext } from './context.js';
import { listInstances } from './db/instances.js';
import * as db from './db/server-groups.js';
import type { ServerGroupRow } from './db/tables.js';
import { quotaLimits } from './quotas.js';

/** A group with its live members. */
export interface ServerGroup {
  row: ServerGroupRow;
  rules: Record<string, unknown>;
  members: string[];
}

async function withMembers(ctx: ComputeContext, rows: ServerGroupRow[]): Promise<ServerGroup[]> {
  const members = await db.listGroupMembers(
    ctx.db,
    rows.map((r) => r.id),
  );
  const ids = [...new Set([...members.values()].flat())];
  // Nova shows only members that still exist (`_get_not_deleted`).
  const live = new Set((await listInstances(ctx.db, { ids, deleted: false })).map((r) => r.id));
  return rows.map((row) => ({
    row,
    rules: JSON.parse(row.rules || '{}') as Record<string, unknown>,
    members: (members.get(row.id) ?? []).filter((id) => live.has(id)),
  }));
}

/** A group by id, whatever its project (Nova reads it so, then checks the policy against its project). */
export async function getServerGroup(ctx: ComputeContext, id: string): Promise<ServerGroup> {
  const row = await db.findServerGroup(ctx.db, id);
  if (!row) throw new NotFound(`Instance group ${id} could not be found.`);
  return (await withMembers(ctx, [row]))[0]!;
}

/** The caller's project's groups, or every project's, sliced by offset and limit (Nova's `common.limited`). */
export async function listServerGroups(
  ctx: ComputeContext,
  caller: Caller,
  options: { allProjects: boolean; offset: number; limit: number },
): Promise<ServerGroup[]> {
  const rows = await db.listServerGroups(ctx.db, options.allProjects ? undefined : caller.projectId);
  return withMembers(ctx, rows.slice(options.offset, options.offset + options.limit));
}

/**
 * Creates a group. @throws OverQuota "Quota exceeded, too many server groups.", BadRequest for rules on a policy
 * other than anti-affinity.
 */
export async function createServerGroup(
  ctx: ComputeContext,
  caller: Caller,
  input: { name: string; policy: string; rules: Record<string, unknown> },
): Promise<ServerGroup> {
  const limit = (await quotaLimits(ctx, caller.projectId)).server_groups;
  if (limit >= 0 && (await db.countServerGroups(ctx.db, caller.projectId)) + 1 > limit) {
    throw new OverQuota('Quota exceeded, too many server groups.');
  }
  if (input.policy !== 'anti-affinity' && Object.keys(input.rules).length > 0) {
    throw new BadRequest('Only anti-affinity policy supports rules.');
  }
  const rules: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input.rules)) rules[key] = Number(value);
  const row: ServerGroupRow = {
    id: newUuid(),
    name: input.name,
    policy: input.policy,
    rules: JSON.stringify(rules),
    project_id: caller.projectId,
    user_id: caller.userId,
    created_at: new Date().toISOString(),
  };
  await db.insertServerGroup(ctx.db, row);
  return { row, rules, members: [] };
}

/** Deletes a group (its servers stay). @throws NotFound */
export async function deleteServerGroup(ctx: ComputeContext, id: string): Promise<void> {
  if (!(await db.deleteServerGroup(ctx.db, id))) throw new NotFound(`Instance group ${id} could not be found.`);
}
