// Rebuild on the host (Nova's rebuild_instance): the disk is re-created from the new image and the server boots
// again; a server that was stopped ends stopped, as in Nova.
import { findInstance } from '../db/instances.js';
import type { TaskRow } from '../db/tables.js';
import type { TaskOutcome } from '../db/tasks.js';
import type { DriverImage } from '../drivers/driver.js';
import { type AgentContext, driverInstanceOf, faultJson, messageOf, requestSpecOf, saveInstance } from './context.js';

/** The image to rebuild from: given in the task (`image`), else read from Glance; properties empty if unreadable. */
async function imageOf(a: AgentContext, imageId: string, projectId: string, params: Record<string, unknown>) {
  const given = params.image as { id?: string; name?: string | null; properties?: Record<string, unknown> } | undefined;
  if (given?.id === imageId) return { id: imageId, name: given.name ?? null, properties: given.properties ?? {} };
  const found = await a.ctx.images.get(imageId, projectId).catch(() => undefined);
  return { id: imageId, name: found?.name ?? null, properties: found?.properties ?? {} };
}

/** Runs a `rebuild` task ({image_id}). Idempotent: rebuilding twice leaves the same server. */
export async function rebuildInstance(a: AgentContext, task: TaskRow): Promise<TaskOutcome> {
  const row = await findInstance(a.ctx.db, task.instance_id);
  if (!row || row.task_state === 'deleting') return { outcome: 'done' };
  const params = JSON.parse(task.params || '{}') as Record<string, unknown>;
  const imageId = typeof params.image_id === 'string' ? params.image_id : row.image_id;
  if (!imageId) return { outcome: 'error', message: 'rebuild: no image' };
  const image: DriverImage = await imageOf(a, imageId, row.project_id, params);
  const wasStopped = row.vm_state === 'stopped';
  await saveInstance(a, row.id, { task_state: 'rebuild_spawning' }, { taskStates: [row.task_state] });
  const instance = { ...(await driverInstanceOf(a, row)), image };
  try {
    let result = await a.driver.rebuild(instance);
    if (wasStopped) result = await a.driver.powerOff(instance);
    const spec = requestSpecOf(row);
    const specImage = { ...(spec.image ?? { min_disk: 0, min_ram: 0, size: null }), ...image };
    await saveInstance(
      a,
      row.id,
      {
        image_id: imageId,
        vm_state: wasStopped ? 'stopped' : 'active',
        task_state: null,
        power_state: result.powerState,
        driver_state: JSON.stringify(result.driverState),
        launched_at: new Date().toISOString(),
        request_spec: JSON.stringify({ ...spec, image: specImage }),
      },
      { taskStates: ['rebuild_spawning'] },
    );
    return { outcome: 'done' };
  } catch (err) {
    const message = messageOf(err);
    await saveInstance(
      a,
      row.id,
      { vm_state: 'error', task_state: null, fault: faultJson(message) },
      { taskStates: ['rebuild_spawning'] },
    );
    return { outcome: 'error', message };
  }
}
