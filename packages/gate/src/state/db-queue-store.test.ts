// The queue store on every backend in NUBO_TEST_DB: a snapshot survives, the latest replaces the previous.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testBackends } from '@nubo/core/testing';
import type { GateChange } from '../scheduler/gate-change.js';
import { DbQueueStore, migrateGateQueue } from './db-queue-store.js';

const change = { number: 7, patchset: 2, project: 'org/a', branch: 'master' } as GateChange;

for (const backend of testBackends()) {
  describe(`gate queue store on ${backend.name}`, () => {
    test('saves and reloads pipeline snapshots per tenant', async () => {
      const database = await backend.create();
      try {
        assert.deepEqual(await migrateGateQueue(database.db), ['0001_queue_state']);
        const store = new DbQueueStore(database.db);
        const item = { change, live: true, enqueueTime: 5, buildsetUuid: 'bs' };
        await store.save('t', 'gate', { queues: [{ name: 'integrated', window: 20, items: [item] }] });
        await store.save('t', 'gate', { queues: [{ name: 'integrated', window: 10, items: [item, item] }] });
        await store.save('other', 'check', { queues: [] });
        const loaded = await store.load('t');
        assert.deepEqual([...loaded.keys()], ['gate']);
        assert.equal(loaded.get('gate')!.queues[0]!.window, 10);
        assert.equal(loaded.get('gate')!.queues[0]!.items.length, 2);
        assert.deepEqual(loaded.get('gate')!.queues[0]!.items[0]!.change, change);
      } finally {
        await database.drop();
      }
    });
  });
}
