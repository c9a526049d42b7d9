// Reconciliation at start: a new engine re-attaches its drivers to every server from the stored driver state,
// finishes deletes whose task was lost, clears task states nothing will finish, and keeps hosts' registrations.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testBackends } from '@nubo/core/testing';
import { startEngine } from './harness.js';

for (const backend of testBackends()) {
  describe(`engine restart (${backend.name})`, () => {
    test('drivers recover their servers, lost work is finished or cleared', async () => {
      const h = await startEngine({ backend, config: { hostCount: 2 } });
      try {
        const running = await h.waitFor((await h.createServer()).id, ['active']);
        let stopped = await h.waitFor((await h.createServer()).id, ['active']);
        await h.act(stopped.id, 'stop', { taskState: 'powering-off' });
        stopped = await h.waitFor(stopped.id, ['stopped']);
        const doomed = await h.waitFor((await h.createServer()).id, ['active']);
        const confused = await h.waitFor((await h.createServer()).id, ['active']);
        const services = await h.db.selectFrom('compute_services').selectAll().orderBy('id').execute();
        const nodes = await h.db.selectFrom('compute_nodes').selectAll().orderBy('id').execute();
        await h.engine.stop();

        // While it was down the API marked one server deleting and one pausing, and died before queueing either task.
        await h.db
          .updateTable('compute_instances')
          .set({ task_state: 'deleting' })
          .where('id', '=', doomed.id)
          .execute();
        await h.db
          .updateTable('compute_instances')
          .set({ task_state: 'pausing' })
          .where('id', '=', confused.id)
          .execute();
        await new Promise((resolve) => setTimeout(resolve, 5));

        const engine = await h.restart();
        assert.deepEqual(
          await h.db
            .selectFrom('compute_services')
            .selectAll()
            .orderBy('id')
            .execute()
            .then((r) => r.map((s) => s.uuid)),
          services.map((s) => s.uuid),
        );
        assert.deepEqual(
          await h.db
            .selectFrom('compute_nodes')
            .selectAll()
            .orderBy('id')
            .execute()
            .then((r) => r.map((n) => n.uuid)),
          nodes.map((n) => n.uuid),
        );
        // The new drivers know the servers again, from their stored state.
        const driver = (host: string) => engine.agents.get(host)!.a.driver;
        assert.ok((await driver(running.host!).listInstances()).includes(running.id));
        const di = { uuid: stopped.id } as Parameters<ReturnType<typeof driver>['getPowerState']>[0];
        assert.equal(await driver(stopped.host!).getPowerState(di), 4);
        await h.act(stopped.id, 'start', { taskState: 'powering-on' });
        assert.equal((await h.waitFor(stopped.id, ['active'])).power_state, 1);

        const deadline = Date.now() + 5000;
        while ((await h.instance(doomed.id))?.deleted !== 1) {
          assert.ok(Date.now() < deadline, 'the lost delete was not finished');
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        assert.deepEqual(await h.placement.allocations(doomed.id), {});
        const cleared = (await h.instance(confused.id))!;
        assert.equal(cleared.task_state, null);
        assert.equal(cleared.vm_state, 'active');
      } finally {
        await h.close();
      }
    });
  });
}
