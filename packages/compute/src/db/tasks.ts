// Queries on compute_tasks (the work queue between the API and the workers) and the finish of the instance action
// a task carries out. A worker owns a task by moving it pending → running with a compare-and-set.
import type { ComputeDb, TaskRow } from './tables.js';

/** Whose tasks a worker takes: the conductor's (host null) and/or those of its hosts. */
export interface TaskOwner {
  conductor: boolean;
  hosts: string[];
}

/** A task by id. */
export function findTask(db: ComputeDb, id: string): Promise<TaskRow | undefined> {
  return db.selectFrom('compute_tasks').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Tasks in `state` that `owner` takes, oldest first. */
export function listTasks(db: ComputeDb, owner: TaskOwner, state: TaskRow['state'], limit = 1000): Promise<TaskRow[]> {
  return db
    .selectFrom('compute_tasks')
    .selectAll()
    .where('state', '=', state)
    .where((eb) =>
      eb.or([
        ...(owner.conductor ? [eb('host', 'is', null)] : []),
        ...(owner.hosts.length > 0 ? [eb('host', 'in', owner.hosts)] : []),
        ...(!owner.conductor && owner.hosts.length === 0 ? [eb.lit(false)] : []),
      ]),
    )
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The ids of instances that have a pending or running task. */
export async function instancesWithLiveTasks(db: ComputeDb): Promise<Set<string>> {
  const rows = await db
    .selectFrom('compute_tasks')
    .select('instance_id')
    .where('state', 'in', ['pending', 'running'])
    .execute();
  return new Set(rows.map((r) => r.instance_id));
}

/**
 * pending → running (attempts + 1) if still pending and still `host`'s (null: the conductor's); returns the claimed
 * row, or undefined when another worker took it or it was handed on meanwhile. `returning` reads the row back in the
 * same statement (SQLite and PostgreSQL; MariaDB has no UPDATE … RETURNING).
 */
export async function claimTask(
  db: ComputeDb,
  id: string,
  host: string | null,
  returning = false,
): Promise<TaskRow | undefined> {
  const now = new Date().toISOString();
  const update = db
    .updateTable('compute_tasks')
    .set((eb) => ({ state: 'running', attempts: eb('attempts', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .where((eb) => (host === null ? eb('host', 'is', null) : eb('host', '=', host)));
  if (returning) return update.returningAll().executeTakeFirst();
  const result = await update.executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return undefined;
  return findTask(db, id);
}

/**
 * Hands a running task on to another worker (the conductor to a host's agent, a source host to the destination, a
 * failed build back to the conductor): running → pending with the new host and parameters, and no claims yet (the
 * next worker's own attempts are counted). `claimed`: the next worker is in this process and takes it at once, so
 * the task stays running as its first claim (one write instead of a hand-over and a claim). Returns whether the
 * task was still running.
 */
export async function handOverTask(
  db: ComputeDb,
  id: string,
  to: { host: string | null; params: Record<string, unknown>; claimed?: boolean },
): Promise<boolean> {
  const result = await db
    .updateTable('compute_tasks')
    .set({
      host: to.host,
      params: JSON.stringify(to.params),
      state: to.claimed ? 'running' : 'pending',
      attempts: to.claimed ? 1 : 0,
      updated_at: new Date().toISOString(),
    })
    .where('id', '=', id)
    .where('state', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** running → pending again (a transient failure: the worker retries it later). */
export async function requeueTask(db: ComputeDb, id: string, message: string | null): Promise<void> {
  await db
    .updateTable('compute_tasks')
    .set({ state: 'pending', message, updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .where('state', '=', 'running')
    .execute();
}

/** Records the end of a task: `done`, or `error` with why. */
export async function finishTask(
  db: ComputeDb,
  id: string,
  state: 'done' | 'error',
  message: string | null = null,
): Promise<void> {
  await db
    .updateTable('compute_tasks')
    .set({ state, message, updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .execute();
}

/**
 * Running tasks of `owner` go back to pending (the worker that ran them crashed); returns them. Only call this at
 * start, before the owner's workers take anything.
 */
export async function takeBackRunningTasks(db: ComputeDb, owner: TaskOwner): Promise<TaskRow[]> {
  const running = await listTasks(db, owner, 'running', 100_000);
  for (const task of running) {
    await db
      .updateTable('compute_tasks')
      .set({ state: 'pending', updated_at: new Date().toISOString() })
      .where('id', '=', task.id)
      .where('state', '=', 'running')
      .execute();
  }
  return running;
}

/** Deletes finished tasks last updated before `before` (ISO); returns how many. */
export async function purgeFinishedTasks(db: ComputeDb, before: string): Promise<number> {
  const result = await db
    .deleteFrom('compute_tasks')
    .where('state', 'in', ['done', 'error'])
    .where('updated_at', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Sets finish_time (and a message on failure) on the instance action the request started, when there is one
 * (Nova's `_record_action_finish`; os-instance-actions shows it).
 */
export async function finishInstanceAction(
  db: ComputeDb,
  instanceId: string,
  requestId: string | null,
  message: string | null,
): Promise<void> {
  if (!requestId) return;
  await db
    .updateTable('compute_instance_actions')
    .set({ finish_time: new Date().toISOString(), ...(message !== null ? { message } : {}) })
    .where('instance_id', '=', instanceId)
    .where('request_id', '=', requestId)
    .where('finish_time', 'is', null)
    .execute();
}

/**
 * How a worker's handler ends a task; the engine's task loop applies it to the row.
 * - `done` / `error`: finished (the instance action gets its finish time; `error` also its "Error" message);
 * - `hand-over`: the task moves on to `host`'s agent (or the conductor when null) with new parameters;
 * - `retry`: a transient failure (Placement or Glance unreachable…): the task is retried later with backoff.
 */
export type TaskOutcome =
  | { outcome: 'done' }
  | { outcome: 'error'; message: string }
  | { outcome: 'hand-over'; host: string | null; params: Record<string, unknown> }
  | { outcome: 'retry'; message: string };

/** When each image of an instance's snapshots and backups was asked for (image id → task creation time). */
export async function imageTaskTimes(db: ComputeDb, instanceId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('compute_tasks')
    .select(['params', 'created_at'])
    .where('instance_id', '=', instanceId)
    .where('kind', '=', 'create_image')
    .execute();
  const out = new Map<string, string>();
  for (const row of rows) {
    const imageId = (JSON.parse(row.params || '{}') as { image_id?: unknown }).image_id;
    if (typeof imageId === 'string') out.set(imageId, row.created_at);
  }
  return out;
}
