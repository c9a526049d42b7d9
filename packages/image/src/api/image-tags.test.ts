// PUT/DELETE /v2/images/{id}/tags/{tag}: one tag at a time, with the tag quota and Glance's refusals.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Harness, startHarness } from '../../test/harness.js';

describe('image tags', () => {
  let h: Harness;
  let id: string;
  before(async () => {
    h = await startHarness({ config: { imageTagQuota: 2 } });
    id = String((await h.create('alice', { name: 't', visibility: 'community' })).id);
  });
  after(() => h.close());

  const tags = async () => (await h.call('alice', 'GET', `/v2/images/${id}`)).data.tags;

  it('adds a tag (idempotently), and removes it', async () => {
    assert.equal((await h.call('alice', 'PUT', `/v2/images/${id}/tags/blue`)).statusCode, 204);
    assert.equal((await h.call('alice', 'PUT', `/v2/images/${id}/tags/blue`)).statusCode, 204);
    assert.equal((await h.call('alice', 'PUT', `/v2/images/${id}/tags/with%20space`)).statusCode, 204);
    assert.deepEqual(await tags(), ['blue', 'with space']);
    assert.equal((await h.call('alice', 'DELETE', `/v2/images/${id}/tags/with%20space`)).statusCode, 204);
    assert.deepEqual(await tags(), ['blue']);
  });

  const refusals: {
    name: string;
    as: 'alice' | 'bob' | 'aliceReader' | 'dave';
    method: 'PUT' | 'DELETE';
    path: string;
    body?: unknown;
    status: number;
    message: RegExp;
  }[] = [
    {
      name: 'a tag over 255 characters',
      as: 'alice',
      method: 'PUT',
      path: `/tags/${'t'.repeat(256)}`,
      status: 400,
      message: /is too long/,
    },
    {
      name: 'a body',
      as: 'alice',
      method: 'PUT',
      path: '/tags/x',
      body: { a: 1 },
      status: 400,
      message: /A body is not expected/,
    },
    {
      name: 'removing a missing tag',
      as: 'alice',
      method: 'DELETE',
      path: '/tags/none',
      status: 404,
      message: /could not be found/,
    },
    { name: 'a reader', as: 'aliceReader', method: 'PUT', path: '/tags/r', status: 403, message: /modify_image/ },
    {
      name: "another project's member",
      as: 'bob',
      method: 'DELETE',
      path: '/tags/blue',
      status: 403,
      message: /modify_image/,
    },
    { name: 'a second tag, within the quota', as: 'alice', method: 'PUT', path: '/tags/b', status: 204, message: /./ },
    {
      name: 'a third tag',
      as: 'alice',
      method: 'PUT',
      path: '/tags/c',
      status: 413,
      message: /Attempted: 3, Maximum: 2/,
    },
  ];
  for (const c of refusals) {
    it(`answers ${c.name} with ${c.status}`, async () => {
      const before = await tags();
      const r = await h.call(c.as, c.method, `/v2/images/${id}${c.path}`, c.body);
      assert.equal(r.statusCode, c.status, r.body);
      if (c.status === 204) return;
      assert.match(String(r.data.message), c.message);
      assert.deepEqual(await tags(), before);
    });
  }

  it('hides private images of other projects (404)', async () => {
    const priv = await h.create('alice', { name: 'p', visibility: 'private' });
    const r = await h.call('bob', 'PUT', `/v2/images/${priv.id}/tags/x`);
    assert.equal(r.statusCode, 404);
    assert.match(String(r.data.message), /Image .* not found/);
  });
});
