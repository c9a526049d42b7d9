// Crash safety: an engine killed in the middle of a burst of creates and deletes (its database connection cut, its
// Placement answers lost) and a new engine started on the same database leave every server ACTIVE or ERROR — none
// stuck building — with allocations that match the servers and Placement usages equal to their sum.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testBackends } from '@nubo/core/testing';
import type { InstanceRow } from '../../src/db/tables.js';
import { type EngineHarness, placementMatchesServers, startEngine } from './harness.js';

const BURST = 60;

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function rows(h: EngineHarness): Promise<InstanceRow[]> {
  return h.db.selectFrom('compute_instances').selectAll().execute();
}

async function checkConsistent(h: EngineHarness): Promise<void> {
  const all = await rows(h);
  for (const row of all) {
    if (row.deleted === 1) {
      assert.equal(row.vm_state, 'deleted');
      assert.deepEqual(await h.placement.allocations(row.id), {}, `deleted ${row.id} still holds an allocation`);
      continue;
    }
    assert.ok(['active', 'error'].includes(row.vm_state), `${row.id} is ${row.vm_state}/${row.task_state}`);
    assert.equal(row.task_state, null, `${row.id} kept task state ${row.task_state}`);
    const held = await h.placement.allocations(row.id);
    if (row.vm_state === 'active') {
      const node = await h.db
        .selectFrom('compute_nodes')
        .selectAll()
        .where('host', '=', row.host!)
        .executeTakeFirstOrThrow();
      assert.deepEqual(Object.keys(held), [node.uuid], `${row.id} is on ${row.host} but holds ${JSON.stringify(held)}`);
      assert.ok(
        (await h.engine.agents.get(row.host!)!.a.driver.listInstances()).includes(row.id),
        `${row.id} is ACTIVE but its driver does not know it`,
      );
    } else if (row.host === null) {
      assert.deepEqual(held, {}, `ERROR ${row.id} without a host holds an allocation`);
    }
  }
  const { usages, expected } = await placementMatchesServers(h);
  assert.deepEqual(usages, expected);
  const live = await h.db
    .selectFrom('compute_tasks')
    .selectAll()
    .where('state', 'in', ['pending', 'running'])
    .execute();
  assert.deepEqual(live, []);
}

for (const backend of testBackends()) {
  for (const placement of ['real', 'fake'] as const) {
    describe(`crash in a burst (${backend.name}, ${placement} placement)`, () => {
      test('a new engine finishes or fails every server and nothing leaks', { timeout: 120_000 }, async () => {
        const h = await startEngine({
          backend,
          placement,
          autoStart: false,
          config: { hostCount: 4, fakeSpawnDelayMs: 15 },
          engine: { agentConcurrency: 4, conductorConcurrency: 8 },
        });
        try {
          const first = await h.startCrashable();
          const servers: InstanceRow[] = [];
          for (let i = 0; i < BURST; i++) {
            // Some fail their spawn, a quarter take long enough to be cut off by the crash.
            const metadata: Record<string, string> =
              i % 15 === 7 ? { 'fake:spawnError': 'injected' } : i % 4 === 1 ? { 'fake:buildDelayMs': '400' } : {};
            servers.push(await h.createServer({ metadata }));
          }
          // Wait until the burst is well under way, then delete a few ACTIVE ones and crash at once.
          await until(
            'a third of the burst to be active',
            async () => (await rows(h)).filter((r) => r.vm_state === 'active').length >= BURST / 3,
          );
          const active = (await rows(h)).filter((r) => r.vm_state === 'active' && r.task_state === null).slice(0, 5);
          for (const row of active) {
            await h.db
              .updateTable('compute_instances')
              .set({ task_state: 'deleting' })
              .where('id', '=', row.id)
              .execute();
            await h.act(row.id, 'delete');
          }
          await first.crash();
          const building = (await rows(h)).filter((r) => r.vm_state === 'building').length;
          assert.ok(building > 0, 'the crash should cut off some builds');

          // While nothing runs, the API keeps accepting: one server even lost its task (the API died too).
          await h.createServer();
          await h.createServer({ withoutTask: true });

          await h.restart();
          await until('every server to settle', async () =>
            (await rows(h)).every(
              (r) => r.deleted === 1 || (['active', 'error'].includes(r.vm_state) && r.task_state === null),
            ),
          );
          await until(
            'every task to finish',
            async () =>
              (
                await h.db
                  .selectFrom('compute_tasks')
                  .select('id')
                  .where('state', 'in', ['pending', 'running'])
                  .execute()
              ).length === 0,
          );
          await checkConsistent(h);
          const final = await rows(h);
          assert.equal(final.filter((r) => r.deleted === 1).length, active.length);
          assert.equal(
            final.filter((r) => r.vm_state === 'error').length,
            servers.filter((_, i) => i % 15 === 7).length,
          );
        } finally {
          await h.close();
        }
      });
    });
  }
}
