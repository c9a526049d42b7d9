// The work queue between the API and the workers: a task row is the truth, the bus message only wakes workers.
import { type MessageBus, newUuid } from '@nubo/core';
import type { ComputeContext } from './context.js';
import type { TaskRow } from './db/tables.js';

/** Bus topic published after a task is inserted; payload `{ taskId, host }` (host null: the conductor's). */
export const TASK_TOPIC = 'compute.task';

/** Wakes a worker of this process at once; returns whether one here takes the tasks of `host`. */
export type LocalWaker = (host: string | null, taskId: string) => boolean;

/** The task loops of this process, by the bus they listen to (tests may run several engines on one bus). */
const localWakers = new WeakMap<MessageBus, Set<LocalWaker>>();

/**
 * Lets enqueueTask wake a worker of this process directly instead of through the bus (whose in-process delivery
 * waits a turn of the event loop, behind every request in flight). Returns the function that stops it.
 */
export function wakeLocally(bus: MessageBus, waker: LocalWaker): () => void {
  let set = localWakers.get(bus);
  if (!set) {
    set = new Set();
    localWakers.set(bus, set);
  }
  set.add(waker);
  return () => set.delete(waker);
}

/** Wakes the worker of `host`'s tasks: one of this process when it runs here, else whoever the bus reaches. */
export async function wakeWorker(bus: MessageBus, host: string | null, taskId: string): Promise<void> {
  for (const waker of localWakers.get(bus) ?? []) if (waker(host, taskId)) return;
  await bus.publish(TASK_TOPIC, { taskId, host });
}

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
  await wakeWorker(ctx.bus, row.host, row.id);
  return row;
}

/**
 * Where a build stands in its tries (Nova's filter_properties `retry`): the attempt the host runs (1-based), the
 * hosts tried before, and why the last one failed. Carried in the `build` task's parameters between conductor and
 * agent, so a restart resumes the count.
 */
export interface BuildRetry {
  num_attempts: number;
  hosts: string[];
  exc_reason?: string;
}

/** The retry record of a build task (none yet: the first attempt, no host tried). */
export function buildRetryOf(task: Pick<TaskRow, 'params'>): BuildRetry {
  const params = JSON.parse(task.params || '{}') as { retry?: BuildRetry };
  return params.retry ?? { num_attempts: 0, hosts: [] };
}
