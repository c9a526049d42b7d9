// Snapshots (Nova's snapshot_instance): the driver's disk image is uploaded into the Glance image the API created,
// moving the task state through image_pending_upload and image_uploading; also the snapshot step of a shelve.
import { findInstance } from '../db/instances.js';
import type { InstanceRow, TaskRow } from '../db/tables.js';
import { imageTaskTimes, type TaskOutcome } from '../db/tasks.js';
import type { ImageInfo } from '../images.js';
import { type AgentContext, driverInstanceOf, faultJson, messageOf, saveInstance } from './context.js';

/**
 * Takes the snapshot and uploads it; `states` are the task states to pass through. Throws what the driver or
 * Glance threw (after deleting the image when the driver failed, as Nova does).
 */
export async function uploadSnapshot(
  a: AgentContext,
  row: InstanceRow,
  imageId: string,
  states: { pending: string; uploading: string },
): Promise<void> {
  await saveInstance(a, row.id, { task_state: states.pending });
  const instance = await driverInstanceOf(a, row);
  let snapshot: Awaited<ReturnType<typeof a.driver.snapshot>>;
  try {
    snapshot = await a.driver.snapshot(instance);
  } catch (err) {
    await a.imageData.delete(imageId).catch(() => undefined);
    throw err;
  }
  await saveInstance(a, row.id, { task_state: states.uploading });
  await a.imageData.upload(imageId, snapshot);
}

/** Runs a `create_image` task ({image_id}). */
export async function createImage(a: AgentContext, task: TaskRow): Promise<TaskOutcome> {
  const row = await findInstance(a.ctx.db, task.instance_id);
  if (!row || row.task_state === 'deleting') return { outcome: 'done' };
  const params = JSON.parse(task.params || '{}') as Record<string, unknown>;
  if (typeof params.image_id !== 'string') return { outcome: 'error', message: 'create_image: no image_id' };
  try {
    await uploadSnapshot(a, row, params.image_id, { pending: 'image_pending_upload', uploading: 'image_uploading' });
  } catch (err) {
    const message = messageOf(err);
    await saveInstance(a, row.id, { task_state: null, fault: faultJson(message) });
    return { outcome: 'error', message };
  }
  await saveInstance(a, row.id, { task_state: null });
  if (typeof params.backup_type === 'string' && typeof params.rotation === 'number') {
    await rotateBackups(a, row, params.backup_type, params.rotation);
  }
  return { outcome: 'done' };
}

/**
 * Nova's _rotate_backups: keeps the newest `rotation` backups of this type of the server, deletes the rest. Newest
 * by when Compute asked for each (Glance's created_at has only seconds, so backups made within one second would tie),
 * then by Glance's creation time for backups Compute has no record of.
 */
async function rotateBackups(a: AgentContext, row: InstanceRow, type: string, rotation: number): Promise<void> {
  const backups = await a.ctx.images.listAs('', { image_type: 'backup', backup_type: type, instance_uuid: row.id });
  const asked = await imageTaskTimes(a.ctx.db, row.id);
  const newestFirst = (x: ImageInfo, y: ImageInfo) =>
    (asked.get(y.id) ?? y.createdAt ?? '').localeCompare(asked.get(x.id) ?? x.createdAt ?? '');
  for (const old of [...backups].sort(newestFirst).slice(rotation)) await a.imageData.delete(old.id);
}
