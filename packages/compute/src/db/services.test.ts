// Service and compute node registration: idempotent, ids and uuids stable, an admin's flags kept, heartbeats set.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { migrate } from '@nubo/core';
import { testBackends } from '@nubo/core/testing';
import { computeMigrations } from './migrations/index.js';
import { listComputeNodes, type NodeReport, upsertComputeNodes } from './nodes.js';
import { heartbeatServices, listComputeServices, registerServices } from './services.js';
import type { ComputeDb } from './tables.js';

const node = (host: string, vcpus = 8): NodeReport => ({
  host,
  hypervisor_hostname: host,
  hypervisor_type: 'fake',
  vcpus,
  memory_mb: 16384,
  local_gb: 200,
  cpu_allocation_ratio: 4,
  ram_allocation_ratio: 1,
  disk_allocation_ratio: 1,
  traits: '[]',
});

for (const backend of testBackends()) {
  describe(`services and nodes (${backend.name})`, () => {
    let database: Awaited<ReturnType<typeof backend.create>>;
    let db: ComputeDb;
    before(async () => {
      database = await backend.create();
      db = database.db as ComputeDb;
      await migrate(db, 'compute', computeMigrations);
    });
    after(() => database.drop());

    test('registering twice keeps ids, uuids and a disabled flag', async () => {
      const services = [
        { host: 'c1', binary: 'nova-compute', topic: 'compute' },
        { host: 'c2', binary: 'nova-compute', topic: 'compute' },
      ];
      const first = await registerServices(db, services);
      assert.deepEqual(
        first.map((s) => s.id),
        [1, 2],
      );
      await db
        .updateTable('compute_services')
        .set({ disabled: 1, disabled_reason: 'maintenance' })
        .where('id', '=', 2)
        .execute();
      const again = await registerServices(db, [...services, { host: 'c3', binary: 'nova-compute', topic: 'compute' }]);
      assert.deepEqual(
        again.map((s) => s.uuid).slice(0, 2),
        first.map((s) => s.uuid),
      );
      assert.equal(again[2]!.id, 3);
      const rows = await listComputeServices(db);
      assert.equal(rows.find((r) => r.id === 2)?.disabled, 1);
    });

    test('a heartbeat sets last_seen_up', async () => {
      await heartbeatServices(db, [1, 3], '2030-01-01T00:00:00.000Z');
      const rows = await listComputeServices(db);
      assert.equal(rows.find((r) => r.id === 1)?.last_seen_up, '2030-01-01T00:00:00.000Z');
      assert.notEqual(rows.find((r) => r.id === 2)?.last_seen_up, '2030-01-01T00:00:00.000Z');
    });

    test('nodes keep their uuid across restarts and follow the reported size', async () => {
      const first = await upsertComputeNodes(db, [node('c1'), node('c2')]);
      const again = await upsertComputeNodes(db, [node('c1', 16), node('c2')]);
      assert.deepEqual(
        again.map((n) => n.uuid),
        first.map((n) => n.uuid),
      );
      assert.equal((await listComputeNodes(db)).find((n) => n.host === 'c1')?.vcpus, 16);
    });
  });
}
