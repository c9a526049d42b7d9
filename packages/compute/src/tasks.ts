// The work queue between the API and the workers: a task row is the truth, the bus message only wakes workers.
import { newUuid } from '@nubo/core';
import type { ComputeContext } from './context.js';
import type { TaskRow } from './db/tables.js';

/** Bus topic published after a task is inserted; payload `{ taskId, host }` (host null: the conductor's). */
export const TASK_TOPIC = 'compute.task';

/** Inserts a pending task and wakes its worker. `host` null means conductor work (build, resize scheduling). */
export async function enqueueTask(
  ctx: ComputeContext,
  task: { instanceId: string; kind: string; params?: Record<string, unknown>; host: string | null; requestId?: string },
): Promise<TaskRow> {
  const now = new Date().toISOString();
  const row: TaskRow = {
    id: newUuid(),
    instance_id: task.instanceId,
    kind: task.kind,
    params: JSON.stringify(task.params ?? {}),
    state: 'pending',
    host: task.host,
    attempts: 0,
    request_id: task.requestId ?? null,
    message: null,
    created_at: now,
    updated_at: now,
  };
  await ctx.db.insertInto('compute_tasks').values(row).execute();
  await ctx.bus.publish(TASK_TOPIC, { taskId: row.id, host: row.host });
  return row;
}
