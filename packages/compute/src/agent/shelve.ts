// Shelving (Nova's shelve_instance, shelve_offload_instance, and unshelve of a server still on its host): snapshot,
// power off, then offload — destroy on the host, free the allocation, forget host and node.
import { findInstance } from '../db/instances.js';
import type { InstanceRow, TaskRow } from '../db/tables.js';
import type { TaskOutcome } from '../db/tasks.js';
import { type AgentContext, driverInstanceOf, faultJson, messageOf, requestSpecOf, saveInstance } from './context.js';
import { uploadSnapshot } from './snapshot.js';

/** Offloads a shelved server: idempotent (destroy and release are). */
async function offload(a: AgentContext, row: InstanceRow): Promise<void> {
  await a.driver.destroy(await driverInstanceOf(a, row));
  await a.placement.release(row.id);
  await saveInstance(
    a,
    row.id,
    {
      vm_state: 'shelved_offloaded',
      task_state: null,
      power_state: 0,
      host: null,
      node: null,
      driver_state: null,
    },
    { vmStates: ['shelved', 'shelved_offloaded'] },
  );
}

/** Runs a `shelve` task ({image_id} when a snapshot is to be kept). */
export async function shelveInstance(a: AgentContext, task: TaskRow): Promise<TaskOutcome> {
  const row = await findInstance(a.ctx.db, task.instance_id);
  if (!row || row.task_state === 'deleting') return { outcome: 'done' };
  if (row.vm_state === 'shelved_offloaded') return { outcome: 'done' };
  const params = JSON.parse(task.params || '{}') as Record<string, unknown>;
  try {
    if (row.vm_state !== 'shelved') {
      if (typeof params.image_id === 'string') {
        await uploadSnapshot(a, row, params.image_id, {
          pending: 'shelving_image_pending_upload',
          uploading: 'shelving_image_uploading',
        });
      }
      const result = await a.driver.powerOff(await driverInstanceOf(a, row));
      const spec = requestSpecOf(row);
      const offloadNow = a.shelvedOffloadTimeSec === 0;
      await saveInstance(a, row.id, {
        vm_state: 'shelved',
        task_state: offloadNow ? 'shelving_offloading' : null,
        power_state: result.powerState,
        driver_state: JSON.stringify(result.driverState),
        request_spec: JSON.stringify({
          ...spec,
          ...(typeof params.image_id === 'string' ? { shelved_image_id: params.image_id } : {}),
          shelved_at: new Date().toISOString(),
        }),
      });
      if (!offloadNow) return { outcome: 'done' };
    }
    // Nova's shelved_offload_time = 0 (its default): offload at once.
    const shelved = await findInstance(a.ctx.db, row.id);
    if (shelved) await offload(a, shelved);
    return { outcome: 'done' };
  } catch (err) {
    const message = messageOf(err);
    await saveInstance(a, row.id, { task_state: null, fault: faultJson(message) });
    return { outcome: 'error', message };
  }
}

/** Runs a `shelve_offload` task (admin, or after shelved_offload_time). */
export async function shelveOffloadInstance(a: AgentContext, task: TaskRow): Promise<TaskOutcome> {
  const row = await findInstance(a.ctx.db, task.instance_id);
  if (!row || row.task_state === 'deleting' || row.vm_state !== 'shelved') return { outcome: 'done' };
  try {
    await offload(a, row);
    return { outcome: 'done' };
  } catch (err) {
    const message = messageOf(err);
    await saveInstance(a, row.id, { task_state: null, fault: faultJson(message) });
    return { outcome: 'error', message };
  }
}

/** Unshelves a server that was shelved but not offloaded: it is still here, so it only powers on. */
export async function unshelveInPlace(a: AgentContext, task: TaskRow): Promise<TaskOutcome> {
  const row = await findInstance(a.ctx.db, task.instance_id);
  if (!row || row.task_state === 'deleting' || row.vm_state !== 'shelved') return { outcome: 'done' };
  try {
    const result = await a.driver.powerOn(await driverInstanceOf(a, row));
    await saveInstance(a, row.id, {
      vm_state: 'active',
      task_state: null,
      power_state: result.powerState,
      driver_state: JSON.stringify(result.driverState),
    });
    return { outcome: 'done' };
  } catch (err) {
    const message = messageOf(err);
    await saveInstance(a, row.id, { task_state: null, fault: faultJson(message) });
    return { outcome: 'error', message };
  }
}
