// The review service on every database backend under test (NUBO_TEST_DB): push, vote, submit, query.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testBackends } from '@nubo/core/testing';
import { startHarness } from './harness.js';

type Info = Record<string, any>;

for (const backend of testBackends()) {
  describe(`review on ${backend.name}`, () => {
    test('a change goes from push to merged, and its numbers, votes and messages are stored', async () => {
      const h = await startHarness({ backend });
      try {
        await h.createProject('ironic');
        const wc = await h.clone('ironic', h.demo);
        await wc.commitFile('one.txt', '1\n', 'First');
        await wc.git('checkout', '--quiet', '-B', 'other', 'origin/master');
        await wc.commitFile('two.txt', '2\n', 'Second');
        await wc.git('checkout', '--quiet', 'master');
        assert.equal((await wc.git('push', 'origin', 'HEAD:refs/for/master')).code, 0);
        assert.equal((await wc.git('push', 'origin', 'other:refs/for/master')).code, 0);
        const open = (await h.call(h.admin, 'GET', '/changes/?q=status:open')).data as Info[];
        assert.deepEqual(open.map((c) => c._number).sort(), [1, 2]);
        const approve = { labels: { 'Code-Review': 2, Verified: 1, Workflow: 1 }, message: 'ship it' };
        assert.equal((await h.call(h.admin, 'POST', '/changes/1/revisions/1/review', approve)).statusCode, 200);
        const submitted = await h.call(h.admin, 'POST', '/changes/1/submit', {});
        assert.equal(submitted.statusCode, 200, submitted.body);
        const detail = (await h.call(h.demo, 'GET', '/changes/ironic~1/detail')).data as Info;
        assert.equal(detail.status, 'MERGED');
        assert.equal(detail.owner.username, 'demo');
        assert.equal(detail.submitter.username, 'admin');
        assert.deepEqual(
          detail.messages.map((m: Info) => m.message),
          [
            'Uploaded patch set 1.',
            'Patch Set 1: Code-Review+2 Verified+1 Workflow+1\n\nship it',
            'Change has been successfully merged',
          ],
        );
        assert.deepEqual(
          ((await h.call(h.demo, 'GET', '/changes/?q=label:Workflow%2B1')).data as Info[]).map((c) => c._number),
          [1],
        );
      } finally {
        await h.close();
      }
    });
  });
}
