// Start-up reconciliation of work that has no host yet: servers left `building` (or unshelving) without a live task
// — the API or the engine stopped between writing the server and its task — get a new build task.

import type { ComputeContext } from '../context.js';
import { listInstances } from '../db/instances.js';
import { enqueueTask } from '../tasks.js';

/**
 * Re-enqueues conductor work for servers without a host and without a live task, last touched before `startedAt`
 * (newer ones belong to requests still in flight). `live` holds the ids of servers that have a live task.
 */
export async function reconcileConductor(ctx: ComputeContext, live: Set<string>, startedAt: string): Promise<number> {
  const stuck = (await listInstances(ctx.db, { deleted: false, vmStates: ['building', 'shelved_offloaded'] })).filter(
    (row) => row.host === null && !live.has(row.id) && row.updated_at <= startedAt,
  );
  let requeued = 0;
  for (const row of stuck) {
    if (row.vm_state === 'building') {
      await enqueueTask(ctx, { instanceId: row.id, kind: 'build', host: null });
      requeued++;
    } else if (row.task_state === 'unshelving' || row.task_state === 'spawning') {
      await enqueueTask(ctx, { instanceId: row.id, kind: 'unshelve', host: null });
      requeued++;
    }
  }
  if (requeued > 0) ctx.log.info({ requeued }, 'conductor: re-enqueued servers left without a task');
  return requeued;
}
