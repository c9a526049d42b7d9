// Version discovery at /image/, /image/versions, and under versions nubo does not serve.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Harness, startHarness } from '../../test/harness.js';

describe('image versions', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('answers 300 with the v2 versions at the root, without a token', async () => {
    const r = await h.call(null, 'GET', '/');
    assert.equal(r.statusCode, 300);
    const versions = r.data.versions as { id: string; status: string; links: { rel: string; href: string }[] }[];
    assert.deepEqual(versions[0], {
      id: 'v2.9',
      status: 'CURRENT',
      links: [{ rel: 'self', href: 'http://127.0.0.1:5000/image/v2/' }],
    });
    assert.deepEqual(
      versions.map((v) => v.id),
      ['v2.9', 'v2.8', 'v2.7', 'v2.6', 'v2.5', 'v2.4', 'v2.3', 'v2.2', 'v2.1', 'v2.0'],
    );
    assert.equal(versions.filter((v) => v.status === 'CURRENT').length, 1);
  });

  it('answers 200 at /versions and 300 under an unknown version', async () => {
    const explicit = await h.call(null, 'GET', '/versions');
    assert.equal(explicit.statusCode, 200);
    for (const path of ['/v1/images', '/v3', '/v1']) {
      const r = await h.call(null, 'GET', path);
      assert.equal(r.statusCode, 300, path);
      assert.deepEqual(r.data, explicit.data);
    }
    assert.equal((await h.call(null, 'GET', '/v2/nothing/here')).statusCode, 404);
  });
});
