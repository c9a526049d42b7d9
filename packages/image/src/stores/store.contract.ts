// The contract suite every ImageStore runs from its own test: add/get/delete, ranges, failures, idempotency.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { NotFound } from '@nubo/core';
import type { ImageStore } from './store.js';

/** How a store implementation plugs into the contract suite. */
export interface StoreContractOptions {
  /** A fresh, empty store; `cleanup` runs after each test. */
  create(): Promise<{ store: ImageStore; cleanup(): Promise<void> }>;
  /** Tests this store cannot run, each with the reason. */
  skip?: { reason: string; tests: string[] }[];
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A stream of `total` bytes in chunks of `chunk`, built lazily (the data is never held whole). */
function chunked(data: Buffer, chunk: number): Readable {
  let offset = 0;
  return new Readable({
    read() {
      if (offset >= data.length) return this.push(null);
      this.push(data.subarray(offset, offset + chunk));
      offset += chunk;
    },
  });
}

/** A stream that yields some bytes, then fails. */
function failing(after: Buffer, error: Error): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(after);
      } else this.destroy(error);
    },
  });
}

/**
 * Runs the store contract against `options.create()`.
 *
 * @example runStoreContract({ create: async () => ({ store: new FileStore(dir), cleanup: async () => rm(dir) }) });
 */
export function runStoreContract(name: string, options: StoreContractOptions): void {
  const skipped = new Map<string, string>();
  for (const s of options.skip ?? []) for (const t of s.tests) skipped.set(t, s.reason);
  const test = (title: string, fn: (store: ImageStore) => Promise<void>) =>
    it(title, { skip: skipped.get(title) ?? false }, async () => {
      const { store, cleanup } = await options.create();
      try {
        await fn(store);
      } finally {
        await cleanup();
      }
    });

  describe(`image store contract: ${name}`, () => {
    test('add then get returns the same bytes and size', async (store) => {
      const data = randomBytes(3 * 1024 * 1024 + 17);
      const stored = await store.add(randomUUID(), chunked(data, 64 * 1024));
      assert.equal(stored.size, data.length);
      assert.equal(typeof stored.location, 'string');
      assert.deepEqual(await collect(await store.get(stored.location)), data);
    });

    test('an empty stream stores zero bytes', async (store) => {
      const stored = await store.add(randomUUID(), Readable.from([]));
      assert.equal(stored.size, 0);
      assert.equal((await collect(await store.get(stored.location))).length, 0);
    });

    test('get honours a range with and without a length', async (store) => {
      const data = randomBytes(100_000);
      const { location } = await store.add(randomUUID(), chunked(data, 4096));
      assert.deepEqual(await collect(await store.get(location, { offset: 10, length: 90 })), data.subarray(10, 100));
      assert.deepEqual(await collect(await store.get(location, { offset: 99_990 })), data.subarray(99_990));
    });

    test('a failing data stream rejects add with its error and leaves nothing behind', async (store) => {
      const id = randomUUID();
      const boom = new Error('client went away');
      await assert.rejects(store.add(id, failing(randomBytes(1000), boom)), (err) => err === boom);
      // Nothing at the location the id would have had: a later add for the same id starts clean.
      const stored = await store.add(id, Readable.from([Buffer.from('ok')]));
      assert.equal((await collect(await store.get(stored.location))).toString(), 'ok');
    });

    test('adding again for the same image replaces the data', async (store) => {
      const id = randomUUID();
      await store.add(id, Readable.from([Buffer.from('first version')]));
      const second = await store.add(id, Readable.from([Buffer.from('v2')]));
      assert.equal((await collect(await store.get(second.location))).toString(), 'v2');
    });

    test('delete removes the data and is idempotent', async (store) => {
      const { location } = await store.add(randomUUID(), Readable.from([Buffer.from('bytes')]));
      await store.delete(location);
      await assert.rejects(store.get(location), NotFound);
      await store.delete(location);
    });

    test('get of a location the store never wrote is NotFound', async (store) => {
      const { location } = await store.add(randomUUID(), Readable.from([Buffer.from('x')]));
      const other = location.replace(/[0-9a-f-]{36}$/, randomUUID());
      await assert.rejects(store.get(other), NotFound);
      await assert.rejects(store.get('bogus://nowhere'), NotFound);
    });

    test('describes itself', async (store) => {
      assert.match(store.id, /^[a-z0-9_-]+$/);
      assert.equal(typeof store.properties(), 'object');
    });
  });
}
