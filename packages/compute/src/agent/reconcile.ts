// Start-up reconciliation of one host (Nova's init_host/_init_instance): the driver re-attaches to each server from
// its stored state, and servers whose work was cut off without a live task get it back (or their state cleared).
import type { InstanceRow } from '../db/tables.js';
import { enqueueTask } from '../tasks.js';
import { type AgentContext, driverInstanceOf, messageOf, saveInstance } from './context.js';

/** Task states that mean "a delete was asked": finishing it is the only safe outcome. */
const DELETING = 'deleting';

/**
 * Reconciles the servers of this host. `live` holds the ids of servers with a pending or running task (those are
 * resumed by the task loop); `startedAt` bounds what counts as left over (newer rows belong to requests in flight).
 */
export async function reconcileAgent(
  a: AgentContext,
  rows: InstanceRow[],
  live: Set<string>,
  startedAt: string,
): Promise<{ recovered: number; requeued: number; cleared: number }> {
  const counts = { recovered: 0, requeued: 0, cleared: 0 };
  for (const row of rows) {
    if (row.driver_state) {
      try {
        const instance = await driverInstanceOf(a, row);
        const result = await a.driver.recover(instance, JSON.parse(row.driver_state));
        counts.recovered++;
        // Nova's _sync_power_states records what the hypervisor says; an active server found shut down (its
        // init died, or the host rebooted) is stopped as Nova's "instance shutdown by itself" does: SHUTOFF.
        const stopped = result.powerState === 4 && row.vm_state === 'active' && row.task_state === null;
        if (!live.has(row.id) && (result.powerState !== row.power_state || stopped)) {
          await saveInstance(a, row.id, {
            power_state: result.powerState,
            ...(stopped ? { vm_state: 'stopped' } : {}),
          });
        }
      } catch (err) {
        a.ctx.log.warn({ instance: row.id, host: a.host, err: messageOf(err) }, 'driver could not recover the server');
      }
    }
    if (live.has(row.id) || row.updated_at > startedAt) continue;
    if (row.vm_state === 'building') {
      await enqueueTask(a.ctx, { instanceId: row.id, kind: 'build', host: a.host });
      counts.requeued++;
    } else if (row.task_state === DELETING) {
      await enqueueTask(a.ctx, { instanceId: row.id, kind: 'delete', host: a.host });
      counts.requeued++;
    } else if (row.task_state !== null) {
      // The action was asked but never queued (the API stopped in between): nothing ran, so nothing to finish.
      await saveInstance(a, row.id, { task_state: null }, { taskStates: [row.task_state] });
      counts.cleared++;
    }
  }
  return counts;
}
