// The task loop on a real database: bus wake-ups and sweeps, one claim per task, outcomes written back, hand-over
// between lanes, retries with backoff, giving up, and one task at a time per server.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createLogger, InProcessBus, migrate, newRequestId, newUuid } from '@nubo/core';
import { testBackends } from '@nubo/core/testing';
import type { ComputeContext } from './context.js';
import { computeMigrations } from './db/migrations/index.js';
import type { ComputeDb, TaskRow } from './db/tables.js';
import { findTask, type TaskOutcome } from './db/tasks.js';
import { backoffMs, TaskLoop } from './task-loop.js';
import { enqueueTask } from './tasks.js';

const log = createLogger({ level: 'silent', file: '' });

async function until(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

test('backoff doubles from 0.5 s up to 30 s', () => {
  assert.deepEqual([1, 2, 3, 4].map(backoffMs), [500, 1000, 2000, 4000]);
  assert.equal(backoffMs(20), 30_000);
});

for (const backend of testBackends()) {
  describe(`task loop (${backend.name})`, () => {
    let database: Awaited<ReturnType<typeof backend.create>>;
    let db: ComputeDb;
    let bus: InProcessBus;
    let loop: TaskLoop;
    const handled: string[] = [];
    const outcomes = new Map<string, (task: TaskRow) => Promise<TaskOutcome>>();
    const ctx = () => ({ db, bus }) as unknown as ComputeContext;
    const handle = async (task: TaskRow) => {
      handled.push(`${task.host ?? 'conductor'}:${task.kind}`);
      return (outcomes.get(task.kind) ?? (async () => ({ outcome: 'done' as const })))(task);
    };
    const insertInstance = async (id: string) => {
      const now = new Date().toISOString();
      await db
        .insertInto('compute_instances')
        .values({
          id,
          name: 'x',
          project_id: 'p',
          user_id: 'u',
          flavor: '{}',
          old_flavor: null,
          image_id: null,
          key_name: null,
          key_data: null,
          vm_state: 'building',
          task_state: 'scheduling',
          power_state: 0,
          host: null,
          node: null,
          requested_az: null,
          availability_zone: null,
          user_data: null,
          config_drive: '',
          access_ip_v4: null,
          access_ip_v6: null,
          description: null,
          hostname: 'x',
          locked: 0,
          locked_reason: null,
          locked_by: null,
          reservation_id: 'r',
          launch_index: 0,
          progress: 0,
          fault: null,
          driver_state: null,
          request_spec: '{}',
          launched_at: null,
          terminated_at: null,
          created_at: now,
          updated_at: now,
          deleted: 0,
          deleted_at: null,
        })
        .execute();
    };

    before(async () => {
      database = await backend.create();
      db = database.db as ComputeDb;
      await migrate(db, 'compute', computeMigrations);
      bus = new InProcessBus();
      loop = new TaskLoop({ db, dialect: backend.dialect, bus, log, sweepIntervalMs: 50, maxAttempts: 3 });
      loop.addLane({ host: null, concurrency: 4, handle });
      loop.addLane({ host: 'h1', concurrency: 4, handle });
      loop.start();
    });
    after(async () => {
      await loop.stop();
      await database.drop();
    });

    test('a task is run once, finished, and its instance action gets a finish time', async () => {
      const instanceId = newUuid();
      const requestId = newRequestId();
      await db
        .insertInto('compute_instance_actions')
        .values({
          id: newUuid(),
          instance_id: instanceId,
          action: 'stop',
          request_id: requestId,
          user_id: 'u',
          project_id: 'p',
          start_time: new Date().toISOString(),
          finish_time: null,
          message: null,
        })
        .execute();
      const task = await enqueueTask(ctx(), { instanceId, kind: 'stop', host: 'h1', requestId });
      await until(async () => (await findTask(db, task.id))?.state === 'done');
      const action = await db
        .selectFrom('compute_instance_actions')
        .selectAll()
        .where('request_id', '=', requestId)
        .executeTakeFirstOrThrow();
      assert.ok(action.finish_time);
      assert.equal(action.message, null);
      assert.equal(handled.filter((h) => h === 'h1:stop').length, 1);
    });

    test('a task without a bus message is found by the sweep; one for another host is left alone', async () => {
      const now = new Date().toISOString();
      const base = {
        instance_id: newUuid(),
        params: '{}',
        state: 'pending' as const,
        attempts: 0,
        request_id: null,
        message: null,
        created_at: now,
        updated_at: now,
      };
      await db
        .insertInto('compute_tasks')
        .values({ ...base, id: newUuid(), kind: 'swept', host: 'h1' })
        .execute();
      const foreign = newUuid();
      await db
        .insertInto('compute_tasks')
        .values({ ...base, id: foreign, kind: 'foreign', host: 'elsewhere' })
        .execute();
      await until(async () => handled.includes('h1:swept'));
      assert.equal((await findTask(db, foreign))?.state, 'pending');
    });

    test('hand-over moves the task to the host lane with new parameters', async () => {
      outcomes.set('build', async (task) =>
        task.host === null ? { outcome: 'hand-over', host: 'h1', params: { phase: 'spawn' } } : { outcome: 'done' },
      );
      const task = await enqueueTask(ctx(), { instanceId: newUuid(), kind: 'build', host: null });
      await until(async () => (await findTask(db, task.id))?.state === 'done');
      const row = (await findTask(db, task.id))!;
      assert.equal(row.host, 'h1');
      assert.deepEqual(JSON.parse(row.params), { phase: 'spawn' });
      // Attempts count the claims of the worker it was handed to.
      assert.equal(row.attempts, 1);
    });

    test('an error outcome is recorded with its message', async () => {
      outcomes.set('broken', async () => ({ outcome: 'error', message: 'no luck' }));
      const task = await enqueueTask(ctx(), { instanceId: newUuid(), kind: 'broken', host: 'h1' });
      await until(async () => (await findTask(db, task.id))?.state === 'error');
      assert.equal((await findTask(db, task.id))?.message, 'no luck');
    });

    test('a transient failure is retried after a backoff, then succeeds', async () => {
      let calls = 0;
      outcomes.set('flaky', async () =>
        ++calls === 1 ? { outcome: 'retry', message: 'placement down' } : { outcome: 'done' },
      );
      const task = await enqueueTask(ctx(), { instanceId: newUuid(), kind: 'flaky', host: 'h1' });
      const t0 = Date.now();
      await until(async () => (await findTask(db, task.id))?.state === 'done');
      assert.equal(calls, 2);
      assert.ok(Date.now() - t0 >= 400, 'retried after the backoff');
    });

    test('a task that keeps failing is given up and its building server goes to ERROR', async () => {
      outcomes.set('hopeless', async () => {
        throw new Error('always');
      });
      const instanceId = newUuid();
      await insertInstance(instanceId);
      const task = await enqueueTask(ctx(), { instanceId, kind: 'hopeless', host: 'h1' });
      await until(async () => (await findTask(db, task.id))?.state === 'error', 10_000);
      const row = await db
        .selectFrom('compute_instances')
        .selectAll()
        .where('id', '=', instanceId)
        .executeTakeFirstOrThrow();
      assert.equal(row.vm_state, 'error');
      assert.equal(row.task_state, null);
      assert.equal(JSON.parse(row.fault!).message, 'always');
    });

    test('tasks of one server never run at the same time', async () => {
      let running = 0;
      let overlap = false;
      outcomes.set('slow', async () => {
        running++;
        if (running > 1) overlap = true;
        await new Promise((resolve) => setTimeout(resolve, 20));
        running--;
        return { outcome: 'done' };
      });
      const instanceId = newUuid();
      const tasks = await Promise.all(
        [1, 2, 3].map(() => enqueueTask(ctx(), { instanceId, kind: 'slow', host: 'h1' })),
      );
      await until(async () =>
        (await Promise.all(tasks.map((t) => findTask(db, t.id)))).every((t) => t?.state === 'done'),
      );
      assert.equal(overlap, false);
    });
  });
}
