// Spawning on the host (Nova's _build_and_run_instance and _unshelve_instance): the conductor has claimed the
// allocation and set host and node; the driver boots the instance and the row turns ACTIVE, or ERROR with a fault.
import { findInstance } from '../db/instances.js';
import type { InstanceRow, TaskRow } from '../db/tables.js';
import type { TaskOutcome } from '../db/tasks.js';
import { hasNetworking, type Vif } from '../network.js';
import { type BuildRetry, buildRetryOf } from '../tasks.js';
import { type AgentContext, driverInstanceOf, faultJson, messageOf, requestSpecOf, saveInstance } from './context.js';

/** Drops what a server that is gone may still hold here: its driver instance and its allocation. Idempotent. */
export async function cleanUpGone(a: AgentContext, row: InstanceRow): Promise<void> {
  await a.driver.destroy(await driverInstanceOf(a, row));
  const spec = requestSpecOf(row);
  if (hasNetworking(spec)) await a.ctx.network.deallocate(row.id, spec.network_info ?? []);
  await a.placement.release(row.id);
}

/**
 * Creates and binds the server's ports on this host before it spawns (Nova's _build_networks_for_instance) and
 * keeps them as its network info. A retried build finds the ports it made (by device id) and makes only the rest.
 */
async function allocateNetwork(a: AgentContext, row: InstanceRow): Promise<Vif[]> {
  const spec = requestSpecOf(row);
  const requested = spec.requested_networks ?? [];
  if (requested.length === 0) return spec.network_info ?? [];
  const vifs = await a.ctx.network.allocate(
    { instanceId: row.id, projectId: row.project_id, host: a.host, availabilityZone: row.availability_zone },
    requested,
    spec.security_groups ?? ['default'],
  );
  await saveInstance(a, row.id, { request_spec: JSON.stringify({ ...spec, network_info: vifs }) });
  return vifs;
}

/** Nova deletes the shelve snapshot once the server is back (_delete_snapshot_of_shelved_instance); best effort. */
async function forgetShelvedImage(a: AgentContext, row: InstanceRow): Promise<void> {
  const { shelved_image_id: imageId, shelved_at: _at, ...spec } = requestSpecOf(row);
  if (typeof imageId !== 'string') return;
  await a.imageData.delete(imageId).catch((err) => {
    a.ctx.log.warn({ instance: row.id, image: imageId, err: messageOf(err) }, 'could not delete the shelve snapshot');
  });
  await saveInstance(a, row.id, { request_spec: JSON.stringify(spec) });
}

/** Hands a build that failed on `host` back to the conductor, with that host added to those tried. */
function rescheduleBuild(task: TaskRow, host: string, reason: string): TaskOutcome {
  const retry = buildRetryOf(task);
  return {
    outcome: 'hand-over',
    host: null,
    params: {
      retry: {
        num_attempts: Math.max(1, retry.num_attempts),
        hosts: [...new Set([...retry.hosts, host])],
        exc_reason: reason,
      } satisfies BuildRetry,
    },
  };
}

/**
 * Runs a `build` (vm_state building) or an `unshelve` (shelved_offloaded) that the conductor handed to this host.
 * Idempotent: a retried task finds the server already ACTIVE, or spawns again (the driver's spawn is idempotent).
 */
export async function spawnInstance(a: AgentContext, task: TaskRow): Promise<TaskOutcome> {
  const row = await findInstance(a.ctx.db, task.instance_id, { includeDeleted: true });
  if (!row) {
    await a.placement.release(task.instance_id);
    return { outcome: 'done' };
  }
  if (row.deleted === 1) {
    // Deleted while it was being scheduled: what it holds is ours to free.
    await cleanUpGone(a, row);
    return { outcome: 'done' };
  }
  const unshelve = task.kind === 'unshelve';
  const from = unshelve ? 'shelved_offloaded' : 'building';
  if (row.vm_state !== from || row.task_state === 'deleting') return { outcome: 'done' };
  if (!unshelve && row.host !== a.host) {
    // A reschedule from here was cut off after the host was forgotten: the conductor places it again.
    return rescheduleBuild(task, a.host, 'the build was cut off by a restart');
  }
  const started = await saveInstance(
    a,
    row.id,
    { task_state: 'spawning' },
    { vmStates: [from], taskStates: [row.task_state] },
  );
  if (!started) return { outcome: 'done' };

  const instance = await driverInstanceOf(a, row);
  try {
    instance.vifs = await allocateNetwork(a, row);
  } catch (err) {
    // Nova does not reschedule a build whose network allocation failed: ERROR with the reason, claim freed.
    const message = `Build of instance ${row.id} aborted: Failed to allocate the network(s), not rescheduling. (${messageOf(err)})`;
    a.ctx.log.warn({ instance: row.id, host: a.host, err: messageOf(err) }, 'network allocation failed');
    await a.ctx.network.deallocate(row.id, []).catch(() => undefined);
    await a.placement.release(row.id);
    await saveInstance(
      a,
      row.id,
      {
        vm_state: unshelve ? 'shelved_offloaded' : 'error',
        task_state: null,
        host: null,
        node: null,
        fault: faultJson(message),
      },
      { taskStates: ['spawning'] },
    );
    return { outcome: 'error', message };
  }
  let result: Awaited<ReturnType<typeof a.driver.spawn>>;
  try {
    result = await a.driver.spawn(instance);
  } catch (err) {
    const message = messageOf(err);
    a.ctx.log.warn({ instance: row.id, host: a.host, err: message }, 'spawn failed');
    await a.driver.destroy(instance).catch(() => undefined);
    await a.placement.release(row.id);
    if (!unshelve && a.ctx.config.maxAttempts > 1) {
      // Nova's RescheduledException: cleaned up here, the host forgotten, the conductor tries another host (and
      // gives up with MaxRetriesExceeded after compute.maxAttempts tries).
      const handed = await saveInstance(
        a,
        row.id,
        { task_state: 'scheduling', power_state: 0, host: null, node: null },
        { vmStates: ['building'], taskStates: ['spawning'] },
      );
      if (handed) return rescheduleBuild(task, a.host, message);
      return { outcome: 'error', message };
    }
    // Nova's build failure with no reschedule: clean up, free the claim, forget the host, ERROR with a fault.
    // (An unshelve that fails goes back to SHELVED_OFFLOADED.)
    await saveInstance(
      a,
      row.id,
      {
        vm_state: unshelve ? 'shelved_offloaded' : 'error',
        task_state: null,
        power_state: 0,
        host: null,
        node: null,
        fault: faultJson(message),
      },
      { taskStates: ['spawning'] },
    );
    return { outcome: 'error', message };
  }
  const now = new Date().toISOString();
  const finished = await saveInstance(
    a,
    row.id,
    {
      vm_state: 'active',
      task_state: null,
      power_state: result.powerState,
      driver_state: JSON.stringify(result.driverState),
      launched_at: now,
      ...(unshelve ? {} : { fault: null }),
    },
    { vmStates: [from], taskStates: ['spawning'] },
  );
  // A delete that came in while spawning keeps its `deleting` state; it still needs the driver state to destroy.
  if (!finished) await saveInstance(a, row.id, { driver_state: JSON.stringify(result.driverState) });
  if (unshelve && finished) await forgetShelvedImage(a, row);
  return { outcome: 'done' };
}
