// The file store runs the store contract, plus what only a directory-backed store can show.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { NotFound } from '@nubo/core';
import { FileStore } from './file-store.js';
import { runStoreContract } from './store.contract.js';

runStoreContract('file', {
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'nubo-file-store-'));
    return { store: new FileStore(dir), cleanup: () => rm(dir, { recursive: true, force: true }) };
  },
});

describe('file store', () => {
  it('keeps one file per image, named by id, and no partial file after a failed write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nubo-file-store-'));
    try {
      const store = new FileStore(dir);
      const id = randomUUID();
      const { location } = await store.add(id, Readable.from([Buffer.from('abc')]));
      assert.equal(location, `file://${dir}/${id}`);
      const broken = new Readable({
        read() {
          this.destroy(new Error('cut'));
        },
      });
      await assert.rejects(store.add(randomUUID(), broken));
      assert.deepEqual(readdirSync(dir), [id]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses locations outside its directory and ids that are not plain names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nubo-file-store-'));
    try {
      const store = new FileStore(dir);
      await assert.rejects(store.get('file:///etc/passwd'), NotFound);
      await assert.rejects(store.get(`file://${dir}/../x`), NotFound);
      await assert.rejects(store.add('../escape', Readable.from([])), /unsafe image id/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
