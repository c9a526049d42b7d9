// Server tags (2.26): up to 50 per server, changed only while the server is in a settled state.
import { BadRequest, Conflict, NotFound } from '@nubo/core';
import type { ComputeContext } from './context.js';
import type { InstanceRow } from './db/tables.js';
import { addTag, deleteTag, listTags, replaceTags } from './db/tags.js';

/** Nova's `objects.instance.MAX_TAG_COUNT`. */
export const MAX_TAG_COUNT = 50;

/** Nova's `_check_instance_in_valid_state` of the tags controller. */
function checkSettled(row: InstanceRow, action: string): void {
  if (!['active', 'paused', 'suspended', 'stopped'].includes(row.vm_state)) {
    throw new Conflict(`Cannot '${action}' instance ${row.id} while it is in vm_state ${row.vm_state}`);
  }
}

export async function getTags(ctx: ComputeContext, row: InstanceRow): Promise<string[]> {
  return (await listTags(ctx.db, [row.id])).get(row.id) ?? [];
}

/** Whether a server has a tag. @throws NotFound "Server … has no tag '…'" */
export async function checkTag(ctx: ComputeContext, row: InstanceRow, tag: string): Promise<void> {
  if (!(await getTags(ctx, row)).includes(tag)) throw new NotFound(`Server ${row.id} has no tag '${tag}'`);
}

/** Adds one tag; returns whether it was new (Nova answers 201 then, 204 for an existing one). */
export async function putTag(ctx: ComputeContext, row: InstanceRow, tag: string): Promise<boolean> {
  checkSettled(row, 'update tag');
  if (tag === '' || tag.length > 60 || /[,/]/.test(tag)) {
    throw new BadRequest(
      `Tag '${tag}' is invalid. It must be a non empty string without characters '/' and ','. Validation error message: '${tag}' does not match '^[^,/]*$'`,
    );
  }
  const tags = await getTags(ctx, row);
  if (tags.length >= MAX_TAG_COUNT)
    throw new BadRequest(`The number of tags exceeded the per-server limit ${MAX_TAG_COUNT}`);
  if (tags.includes(tag)) return false;
  await addTag(ctx.db, row.id, tag);
  return true;
}

/** Replaces all tags; returns them. */
export async function putTags(ctx: ComputeContext, row: InstanceRow, tags: string[]): Promise<string[]> {
  checkSettled(row, 'update tags');
  await replaceTags(ctx.db, row.id, tags);
  return getTags(ctx, row);
}

/** Deletes one tag. @throws NotFound */
export async function removeTag(ctx: ComputeContext, row: InstanceRow, tag: string): Promise<void> {
  checkSettled(row, 'delete tag');
  if (!(await deleteTag(ctx.db, row.id, tag))) {
    throw new NotFound(`Instance ${row.id} has no tag '${tag}'`);
  }
}

/** Deletes all tags. */
export async function removeTags(ctx: ComputeContext, row: InstanceRow): Promise<void> {
  checkSettled(row, 'delete tags');
  await replaceTags(ctx.db, row.id, []);
}
