// POST /v2/images/{id}/actions/deactivate|reactivate: the allowed status changes and the refusals.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Harness, startHarness } from '../../test/harness.js';

describe('image actions', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  const status = async (id: unknown) => (await h.call('admin', 'GET', `/v2/images/${id}`)).data.status;

  it('deactivates and reactivates an active image, idempotently', async () => {
    const image = await h.create('alice');
    await h.upload('alice', String(image.id), Buffer.from('x'));
    for (const action of ['deactivate', 'deactivate']) {
      assert.equal((await h.call('alice', 'POST', `/v2/images/${image.id}/actions/${action}`)).statusCode, 204);
      assert.equal(await status(image.id), 'deactivated');
    }
    for (const action of ['reactivate', 'reactivate']) {
      assert.equal((await h.call('alice', 'POST', `/v2/images/${image.id}/actions/${action}`)).statusCode, 204);
      assert.equal(await status(image.id), 'active');
    }
  });

  it('refuses actions on a queued image (403), by readers and other projects, and with a body', async () => {
    const queued = await h.create('alice', { name: 'q', visibility: 'community' });
    const cases: [string, string, unknown, number, RegExp][] = [
      ['alice', 'deactivate', undefined, 403, /Not allowed to deactivate image in status 'queued'/],
      ['alice', 'reactivate', undefined, 403, /Not allowed to reactivate image in status 'queued'/],
      ['aliceReader', 'deactivate', undefined, 403, /You are not authorized to complete deactivate action/],
      ['bob', 'deactivate', undefined, 403, /deactivate action/],
      ['alice', 'deactivate', { now: true }, 400, /A body is not expected/],
      ['alice', 'explode', undefined, 404, /./],
    ];
    for (const [as, action, body, code, message] of cases) {
      const r = await h.call(as as 'alice', 'POST', `/v2/images/${queued.id}/actions/${action}`, body);
      assert.equal(r.statusCode, code, `${as} ${action}: ${r.body}`);
      assert.match(String(r.data.message), message);
      assert.equal(await status(queued.id), 'queued');
    }
    const priv = await h.create('alice', { name: 'p', visibility: 'private' });
    assert.equal((await h.call('bob', 'POST', `/v2/images/${priv.id}/actions/deactivate`)).statusCode, 404);
    const get = await h.call('alice', 'GET', `/v2/images/${priv.id}/actions/deactivate`);
    assert.equal(get.statusCode, 405);
    assert.equal(get.headers.allow, 'POST');
  });
});
