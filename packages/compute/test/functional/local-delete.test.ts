// Nova's local delete: deleting a server whose host's compute service is down, or that never got a host, is done
// without the host — its allocations are freed and it is gone — on every backend of NUBO_TEST_DB.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newRequestId } from '@nubo/core';
import { testBackends } from '@nubo/core/testing';
import type { Caller } from '../../src/caller.js';
import { deleteServer } from '../../src/servers.js';
import { type EngineHarness, placementMatchesServers, startEngine, TINY } from './harness.js';

const caller = (): Caller => ({ userId: 'user-1', projectId: 'project-1', isAdmin: false, requestId: newRequestId() });

for (const backend of testBackends()) {
  describe(`local delete (${backend.name}, real placement)`, () => {
    let h: EngineHarness;
    before(async () => {
      h = await startEngine({ backend, placement: 'real', config: { hostCount: 2 } });
    });
    after(() => h.close());

    /** Waits until the server's row is soft-deleted. */
    async function gone(id: string) {
      for (let i = 0; i < 500; i++) {
        const row = await h.instance(id);
        if (row?.deleted === 1) return row;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`server ${id} was not deleted`);
    }

    test('a server on a host that is down is deleted by the conductor: allocation freed, server gone', async () => {
      const server = await h.createServer();
      const row = await h.waitFor(server.id, ['active']);
      assert.notDeepEqual(await h.placement.allocations(server.id), {});
      // Nova's force-down: the service is down however recent its heartbeat.
      await h.db.updateTable('compute_services').set({ forced_down: 1 }).where('host', '=', row.host!).execute();
      try {
        await deleteServer(h.ctx, caller(), row);
        const deleted = await gone(server.id);
        assert.equal(deleted.vm_state, 'deleted');
        assert.deepEqual(await h.placement.allocations(server.id), {});
        const task = await h.db
          .selectFrom('compute_tasks')
          .selectAll()
          .where('instance_id', '=', server.id)
          .where('kind', '=', 'delete')
          .executeTakeFirstOrThrow();
        assert.equal(task.host, null, 'run by the conductor, not the down host');
        const { usages, expected } = await placementMatchesServers(h);
        assert.deepEqual(usages, expected);
      } finally {
        await h.db.updateTable('compute_services').set({ forced_down: 0 }).where('host', '=', row.host!).execute();
      }
    });

    test('a delete stuck in `deleting` on a host that went down is finished by asking again', async () => {
      const server = await h.createServer();
      const row = await h.waitFor(server.id, ['active']);
      // As if the host took the delete and died: the server stays `deleting` with its allocation.
      await h.db.updateTable('compute_instances').set({ task_state: 'deleting' }).where('id', '=', row.id).execute();
      await h.db.updateTable('compute_services').set({ forced_down: 1 }).where('host', '=', row.host!).execute();
      try {
        await deleteServer(h.ctx, caller(), { ...row, task_state: 'deleting' });
        await gone(server.id);
        assert.deepEqual(await h.placement.allocations(server.id), {});
      } finally {
        await h.db.updateTable('compute_services').set({ forced_down: 0 }).where('host', '=', row.host!).execute();
      }
    });

    test('a server that never got a host (NoValidHost) is gone at once and holds nothing', async () => {
      const huge = { ...TINY, id: 'huge', name: 'huge', ram: 10_000_000 };
      const server = await h.createServer({ flavor: huge });
      const row = await h.waitFor(server.id, ['error']);
      assert.equal(row.host, null);
      await deleteServer(h.ctx, caller(), row);
      assert.equal((await h.instance(server.id))?.deleted, 1, 'deleted before the answer');
      assert.deepEqual(await h.placement.allocations(server.id), {});
      const { usages, expected } = await placementMatchesServers(h);
      assert.deepEqual(usages, expected);
    });

    test('a server on a host that is up is still deleted by its host', async () => {
      const server = await h.createServer();
      const row = await h.waitFor(server.id, ['active']);
      await deleteServer(h.ctx, caller(), row);
      await gone(server.id);
      const task = await h.db
        .selectFrom('compute_tasks')
        .selectAll()
        .where('instance_id', '=', server.id)
        .where('kind', '=', 'delete')
        .executeTakeFirstOrThrow();
      assert.equal(task.host, row.host);
      assert.deepEqual(await h.placement.allocations(server.id), {});
    });
  });
}
