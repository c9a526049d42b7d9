// Image on every database backend under test (NUBO_TEST_DB): migrations, create, upload, list with filters, members.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { testBackends } from '@nubo/core/testing';
import { startHarness } from './harness.js';

for (const backend of testBackends()) {
  describe(`image on ${backend.name}`, () => {
    test('stores, pages, filters, shares and deletes images', async () => {
      const h = await startHarness({ backend });
      try {
        const ids: string[] = [];
        for (const name of ['b', 'a', 'c']) {
          ids.push(
            String(
              (await h.create('alice', { name, disk_format: 'raw', container_format: 'bare', os_distro: name })).id,
            ),
          );
        }
        const data = Buffer.alloc(5000, 7);
        assert.equal((await h.upload('alice', ids[0]!, data)).statusCode, 204);
        const shown = await h.call('alice', 'GET', `/v2/images/${ids[0]}`);
        assert.equal(shown.data.size, 5000, 'bigint sizes come back as numbers');
        assert.equal(shown.data.checksum, createHash('md5').update(data).digest('hex'));
        const page1 = await h.call('alice', 'GET', '/v2/images?sort=name:asc&limit=2');
        assert.deepEqual(
          (page1.data.images as { name: string }[]).map((i) => i.name),
          ['a', 'b'],
        );
        const page2 = await h.call('alice', 'GET', String(page1.data.next).replace(/^/, ''));
        assert.deepEqual(
          (page2.data.images as { name: string }[]).map((i) => i.name),
          ['c'],
        );
        const bySize = await h.call('alice', 'GET', '/v2/images?sort_key=size&sort_dir=desc&limit=1');
        assert.equal((bySize.data.images as { name: string }[])[0]!.name, 'b');
        const filtered = await h.call('alice', 'GET', '/v2/images?os_distro=c&size_max=10');
        assert.deepEqual(filtered.data.images, []);
        const sized = await h.call('alice', 'GET', '/v2/images?size_min=4000&name=in:a,b');
        assert.deepEqual(
          (sized.data.images as { name: string }[]).map((i) => i.name),
          ['b'],
        );
        assert.equal(
          (await h.call('alice', 'POST', `/v2/images/${ids[1]}/members`, { member: 'p-bob' })).statusCode,
          200,
        );
        assert.equal(
          (await h.call('bob', 'PUT', `/v2/images/${ids[1]}/members/p-bob`, { status: 'accepted' })).statusCode,
          200,
        );
        const bobs = await h.call('bob', 'GET', '/v2/images');
        assert.deepEqual(
          (bobs.data.images as { name: string }[]).map((i) => i.name),
          ['a'],
        );
        const usage = await h.call('alice', 'GET', '/v2/info/usage');
        assert.equal((usage.data.usage as Record<string, { usage: number }>).image_count_total!.usage, 3);
        assert.equal((await h.call('alice', 'DELETE', `/v2/images/${ids[0]}`)).statusCode, 204);
        assert.equal((await h.call('alice', 'POST', '/v2/images', { id: ids[0] })).statusCode, 409);
      } finally {
        await h.close();
      }
    });
  });
}
