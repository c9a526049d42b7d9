// The engine's work loop (convention 10: level-triggered, keyed, idempotent, requeue with backoff): task ids arrive
// from the bus and from a periodic sweep of the table, each worker lane claims them with a compare-and-set and runs
// them — one at a time per server — and the outcome is written back: done, error, handed on, or retried later.
import type { DialectName, Logger, MessageBus } from '@nubo/core';
import { faultJson, saveInstance } from './agent/context.js';
import { findInstance } from './db/instances.js';
import type { ComputeDb, TaskRow } from './db/tables.js';
import {
  claimTask,
  finishInstanceAction,
  finishTask,
  handOverTask,
  listTasks,
  requeueTask,
  type TaskOutcome,
  type TaskOwner,
} from './db/tasks.js';
import { TASK_TOPIC, wakeLocally, wakeWorker } from './tasks.js';

/** One worker's queue: the conductor's (host null) or one host's agent. */
export interface Lane {
  host: string | null;
  /** Tasks run at once in this lane (Nova's max_concurrent_builds for an agent). */
  concurrency: number;
  handle(task: TaskRow): Promise<TaskOutcome>;
  /** Called when a task is given up, before the server's state is fixed (e.g. to free a claim). Best effort. */
  abandonTask?(task: TaskRow): Promise<void>;
}

/** What a task loop works with. */
export interface TaskLoopOptions {
  db: ComputeDb;
  /** The SQL dialect: SQLite and PostgreSQL claim a task and read it back in one statement. */
  dialect: DialectName;
  bus: MessageBus;
  log: Logger;
  sweepIntervalMs: number;
  /** After this many claims of one task it is given up (the server goes to ERROR, or its task state is cleared). */
  maxAttempts: number;
}

interface LaneState extends Lane {
  pending: string[];
  running: number;
}

/** Backoff before a retried task runs again: 0.5 s, 1 s, 2 s … up to 30 s. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000, 500 * 2 ** Math.max(0, attempts - 1));
}

/**
 * One loop per engine, with a lane per worker it runs here.
 *
 * @example
 * const loop = new TaskLoop({ db, dialect, bus, log, sweepIntervalMs: 1000, maxAttempts: 10 });
 * loop.addLane({ host: 'compute1', concurrency: 10, handle: (task) => agent.handle(task) });
 * loop.start();
 */
export class TaskLoop {
  private readonly lanes = new Map<string, LaneState>();
  /** `lane key:task id` of tasks queued or running here. */
  private readonly known = new Set<string>();
  private readonly notBefore = new Map<string, number>();
  private readonly chains = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping = false;
  private unsubscribe: (() => void) | undefined;
  private stopped = true;

  constructor(private readonly options: TaskLoopOptions) {}

  private keyOf(host: string | null): string {
    return host ?? '\u0000conductor';
  }

  addLane(lane: Lane): void {
    this.lanes.set(this.keyOf(lane.host), { ...lane, pending: [], running: 0 });
  }

  /** Whose tasks this loop takes. */
  get owner(): TaskOwner {
    const hosts = [...this.lanes.values()].map((l) => l.host).filter((h): h is string => h !== null);
    return { conductor: this.lanes.has(this.keyOf(null)), hosts };
  }

  /** Listens to the bus and sweeps the table every sweepIntervalMs (and once now). */
  start(): void {
    this.stopped = false;
    const unsubscribe = this.options.bus.subscribe<{ taskId: string; host: string | null }>(TASK_TOPIC, (message) => {
      this.enqueue(message.payload.host ?? null, message.payload.taskId);
    });
    const unwake = wakeLocally(this.options.bus, (host, taskId) => this.enqueue(host, taskId));
    this.unsubscribe = () => {
      unsubscribe();
      unwake();
    };
    this.sweepTimer = setInterval(() => void this.sweep(), this.options.sweepIntervalMs);
    this.sweepTimer.unref();
    void this.sweep();
  }

  /** Stops taking work and waits for what runs (up to `waitMs`). */
  async stop(waitMs = 10_000): Promise<void> {
    this.abandon();
    const all = Promise.allSettled([...this.inFlight]);
    await Promise.race([all, new Promise((resolve) => setTimeout(resolve, waitMs).unref())]);
  }

  /** Stops taking work at once, leaving what runs to itself (what a crash does). */
  abandon(): void {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const lane of this.lanes.values()) lane.pending.length = 0;
  }

  /** Whether nothing is queued or running here. */
  get idle(): boolean {
    return [...this.lanes.values()].every((l) => l.running === 0 && l.pending.length === 0);
  }

  /**
   * Queues a task for the lane of `host` when that lane is here (a task queued twice runs once); returns whether
   * the lane is here.
   */
  enqueue(host: string | null, taskId: string): boolean {
    const lane = this.lanes.get(this.keyOf(host));
    if (!lane || this.stopped) return false;
    const key = `${this.keyOf(host)}:${taskId}`;
    if (this.known.has(key) || (this.notBefore.get(taskId) ?? 0) > Date.now()) return true;
    this.known.add(key);
    lane.pending.push(taskId);
    this.pump(lane);
    return true;
  }

  /** Queues every pending task this loop owns (the level-triggered half: lost messages only delay work). */
  async sweep(): Promise<void> {
    if (this.sweeping || this.stopped) return;
    this.sweeping = true;
    try {
      for (const task of await listTasks(this.options.db, this.owner, 'pending', 2000))
        this.enqueue(task.host, task.id);
    } catch (err) {
      this.options.log.warn({ err: String(err) }, 'task sweep failed');
    } finally {
      this.sweeping = false;
    }
  }

  private pump(lane: LaneState): void {
    while (!this.stopped && lane.running < lane.concurrency && lane.pending.length > 0) {
      const taskId = lane.pending.shift()!;
      this.launch(lane, taskId, () => claimTask(this.options.db, taskId, lane.host, this.options.dialect !== 'mysql'));
    }
  }

  /** Runs a task in `lane` once `claim` has made it ours (undefined: someone else has it). */
  private launch(lane: LaneState, taskId: string, claim: () => Promise<TaskRow | undefined>): void {
    lane.running++;
    const run = this.run(lane, claim)
      .catch((err) => this.options.log.warn({ err: String(err), task: taskId }, 'task loop step failed'))
      .finally(() => {
        lane.running--;
        this.known.delete(`${this.keyOf(lane.host)}:${taskId}`);
        this.inFlight.delete(run);
        this.pump(lane);
      });
    this.inFlight.add(run);
  }

  private async run(lane: LaneState, claim: () => Promise<TaskRow | undefined>): Promise<void> {
    const task = await claim();
    if (!task) return;
    await this.serialize(task.instance_id, async () => {
      let outcome: TaskOutcome;
      try {
        outcome = await lane.handle(task);
      } catch (err) {
        outcome = { outcome: 'retry', message: err instanceof Error ? err.message : String(err) };
      }
      await this.apply(task, outcome);
    });
  }

  /** Runs `fn` after the earlier work on the same key (a server, or a server group) has finished. */
  serialize<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(key) ?? Promise.resolve();
    const result = previous.then(fn);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.chains.set(key, settled);
    void settled.then(() => {
      if (this.chains.get(key) === settled) this.chains.delete(key);
    });
    return result;
  }

  private async apply(task: TaskRow, outcome: TaskOutcome): Promise<void> {
    const { db } = this.options;
    switch (outcome.outcome) {
      // The instance action is finished before the task, so whoever waits on the task sees both finished.
      case 'done':
        await finishInstanceAction(db, task.instance_id, task.request_id, null);
        await finishTask(db, task.id, 'done');
        return;
      case 'error':
        await finishInstanceAction(db, task.instance_id, task.request_id, 'Error');
        await finishTask(db, task.id, 'error', outcome.message);
        return;
      case 'hand-over': {
        const { host, params } = outcome;
        const next = this.lanes.get(this.keyOf(host));
        const key = `${this.keyOf(host)}:${task.id}`;
        if (next && !this.stopped && next.running < next.concurrency && !this.known.has(key)) {
          // The next worker is here and has room: it takes the task already claimed (one write, no queueing).
          this.known.add(key);
          this.launch(next, task.id, async () =>
            (await handOverTask(db, task.id, { host, params, claimed: true }))
              ? { ...task, host, params: JSON.stringify(params), state: 'running', attempts: 1 }
              : undefined,
          );
          return;
        }
        if (!(await handOverTask(db, task.id, { host, params }))) return;
        await wakeWorker(this.options.bus, host, task.id);
        return;
      }
      case 'retry': {
        this.options.log.warn(
          { task: task.id, kind: task.kind, attempts: task.attempts, err: outcome.message },
          'task will be retried',
        );
        if (task.attempts >= this.options.maxAttempts) return this.giveUp(task, outcome.message);
        await requeueTask(db, task.id, outcome.message);
        const delay = backoffMs(task.attempts);
        this.notBefore.set(task.id, Date.now() + delay);
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.notBefore.delete(task.id);
          this.enqueue(task.host, task.id);
        }, delay);
        timer.unref();
        this.timers.add(timer);
        return;
      }
    }
  }

  /** A task that kept failing: it ends in error and its server does not stay in a transitional state. */
  private async giveUp(task: TaskRow, message: string): Promise<void> {
    const { db } = this.options;
    await this.lanes
      .get(this.keyOf(task.host))
      ?.abandonTask?.(task)
      .catch(() => undefined);
    // The server is settled before the task is marked finished, so whoever waits on the task sees the end state
    // (and a crash in between only makes the restart give up again, which is idempotent).
    const row = await findInstance(db, task.instance_id);
    if (row) {
      await saveInstance({ ctx: { db } }, row.id, {
        task_state: null,
        fault: faultJson(message),
        ...(row.vm_state === 'building' ? { vm_state: 'error' as const } : {}),
      });
    }
    await finishInstanceAction(db, task.instance_id, task.request_id, 'Error');
    await finishTask(db, task.id, 'error', message);
  }
}
