// The generation compare-and-swap and the provider locks, on every backend under test.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testBackends } from '@nubo/core/testing';
import { createProvider, startHarness } from '../../test/harness.js';
import { ProviderConcurrentUpdate } from '../errors.js';
import { bumpGeneration, inWriteTransaction, lockProviders } from './transaction.js';

for (const backend of testBackends()) {
  describe(`provider generation CAS on ${backend.name}`, () => {
    test('a swap from the current generation wins once; a stale one changes nothing', async () => {
      const h = await startHarness({ backend });
      try {
        const { ctx } = h.placement;
        const uuid = await createProvider(h, 'cas');
        const now = new Date().toISOString();
        const next = await inWriteTransaction(ctx.db, ctx.dialect, async (trx) => {
          const locked = await lockProviders(trx, ctx.dialect, [uuid, 'missing']);
          assert.deepEqual([...locked.keys()], [uuid]);
          return bumpGeneration(trx, uuid, locked.get(uuid)!.generation, now);
        });
        assert.equal(next, 1);
        await assert.rejects(
          inWriteTransaction(ctx.db, ctx.dialect, (trx) => bumpGeneration(trx, uuid, 0, now)),
          ProviderConcurrentUpdate,
        );
        const shown = await h.call('admin', 'GET', `/resource_providers/${uuid}`, undefined, { version: '1.39' });
        assert.equal(shown.data.generation, 1);
      } finally {
        await h.close();
      }
    });
  });
}
