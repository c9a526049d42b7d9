// Server metadata (Nova's update_instance_metadata / delete_instance_metadata): only in a settled state, not
// while locked, and within the metadata_items quota.
import { NotFound } from '@nubo/core';
import type { Caller } from './caller.js';
import type { ComputeContext } from './context.js';
import { deleteMetadataItem, listMetadata, writeMetadata } from './db/metadata.js';
import type { InstanceRow, VmState } from './db/tables.js';
import { checkInstanceState, checkLock } from './instance-state.js';
import { checkMetadataQuota } from './quotas.js';

const SETTLED: VmState[] = ['active', 'paused', 'suspended', 'stopped'];

/** A server's metadata. */
export async function getMetadata(ctx: ComputeContext, row: InstanceRow): Promise<Record<string, string>> {
  return (await listMetadata(ctx.db, [row.id])).get(row.id) ?? {};
}

/** Merges `items` into (or with `replace`, replaces) a server's metadata; returns the result. */
export async function setMetadata(
  ctx: ComputeContext,
  caller: Caller,
  row: InstanceRow,
  items: Record<string, string>,
  replace: boolean,
  action: string,
): Promise<Record<string, string>> {
  checkLock(row, caller);
  checkInstanceState(row, action, { vmStates: SETTLED, taskStates: [null], mustHaveLaunched: false });
  const result = replace ? { ...items } : { ...(await getMetadata(ctx, row)), ...items };
  await checkMetadataQuota(ctx, row.project_id, Object.keys(result).length);
  await writeMetadata(ctx.db, row.id, items, replace);
  return result;
}

/** Deletes one item. @throws NotFound "Metadata item was not found" */
export async function deleteMetadata(
  ctx: ComputeContext,
  caller: Caller,
  row: InstanceRow,
  key: string,
): Promise<void> {
  if (!Object.hasOwn(await getMetadata(ctx, row), key)) throw new NotFound('Metadata item was not found');
  checkLock(row, caller);
  checkInstanceState(row, 'delete metadata', { vmStates: SETTLED, taskStates: [null], mustHaveLaunched: false });
  await deleteMetadataItem(ctx.db, row.id, key);
}
