// /v2/info/*: import methods (none), the one store, its details for admins, and quota usage.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Harness, startHarness } from '../../test/harness.js';

describe('image discovery', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ config: { imageCountQuota: 3, imageSizeTotalQuotaBytes: 10 * 1024 * 1024 } });
  });
  after(() => h.close());

  it('lists no import method', async () => {
    const r = await h.call('alice', 'GET', '/v2/info/import');
    assert.deepEqual(r.data, {
      'import-methods': { description: 'Import methods available.', type: 'array', value: [] },
    });
  });

  it('lists the file store as the default, with details for admins only', async () => {
    assert.deepEqual((await h.call('alice', 'GET', '/v2/info/stores')).data, {
      stores: [{ id: 'file', default: 'true' }],
    });
    const detail = await h.call('admin', 'GET', '/v2/info/stores/detail');
    const store = (detail.data.stores as Record<string, any>[])[0]!;
    assert.equal(store.type, 'file');
    assert.equal(typeof store.properties.data_dir, 'string');
    assert.equal((await h.call('alice', 'GET', '/v2/info/stores/detail')).statusCode, 403);
  });

  it('reports usage, and refuses an image over the count quota with 413', async () => {
    for (let i = 0; i < 3; i++) await h.create('alice');
    const usage = await h.call('alice', 'GET', '/v2/info/usage');
    assert.deepEqual(usage.data, {
      usage: { image_size_total: { limit: 10, usage: 0 }, image_count_total: { limit: 3, usage: 3 } },
    });
    const before = (await h.call('alice', 'GET', '/v2/images')).data.images;
    const r = await h.call('alice', 'POST', '/v2/images', { name: 'one too many' });
    assert.equal(r.statusCode, 413);
    assert.match(String(r.data.message), /image_count_total is over limit of 3 due to current usage 3 and delta 1/);
    assert.deepEqual((await h.call('alice', 'GET', '/v2/images')).data.images, before);
    assert.equal((await h.call('bob', 'POST', '/v2/images', { name: 'bob has room' })).statusCode, 201);
  });
});
