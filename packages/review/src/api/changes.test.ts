// Pushes for review (changes, patch sets, refusals, direct pushes) and reading changes through the REST API.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Harness, startHarness, type WorkingCopy } from '../../test/harness.js';

type Info = Record<string, any>;

describe('pushing for review and reading changes', () => {
  let h: Harness;
  let wc: WorkingCopy;
  before(async () => {
    h = await startHarness();
    await h.createProject('nova');
    wc = await h.clone('nova', h.demo);
  });
  after(() => h.close());

  test('a push to refs/for/master makes a change; amending and pushing again makes patch set 2', async () => {
    await wc.commitFile('a.txt', 'one\n', 'Add a\n\nDepends-On: https://example.com/c/other/+/5');
    const first = await wc.git('push', 'origin', 'HEAD:refs/for/master%topic=feature-a');
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /remote: +http:\/\/127\.0\.0\.1:\d+\/review\/c\/nova\/\+\/1 Add a \[NEW\]/);
    const changeId = /Change-Id: (I[0-9a-f]{40})/.exec((await wc.git('log', '-1', '--format=%B')).stdout)![1];

    await wc.git('commit', '--amend', '--quiet', '-m', `Add a, better\n\nChange-Id: ${changeId}`);
    const second = await wc.git('push', 'origin', 'HEAD:refs/for/master');
    assert.equal(second.code, 0, second.stderr);
    assert.doesNotMatch(second.stderr, /\[NEW\]/);

    const detail = await h.call(undefined, 'GET', `/changes/nova~1/detail?o=ALL_REVISIONS&o=CURRENT_COMMIT`);
    assert.equal(detail.statusCode, 200, detail.body);
    assert.ok(detail.body.startsWith(")]}'\n"), 'the XSSI prefix comes first');
    const info = detail.data as Info;
    assert.equal(info._number, 1);
    assert.equal(info.change_id, changeId);
    assert.equal(info.subject, 'Add a, better');
    assert.equal(info.topic, 'feature-a', 'the topic of patch set 1 stays');
    assert.equal(info.current_revision_number, 2);
    assert.equal(Object.keys(info.revisions).length, 2);
    const current = info.revisions[info.current_revision];
    assert.equal(current._number, 2);
    assert.equal(current.ref, 'refs/changes/01/1/2');
    assert.equal(current.kind, 'NO_CODE_CHANGE');
    assert.equal(current.commit.subject, 'Add a, better');
    assert.deepEqual(info.depends_on, [], 'the Depends-On footer went with the amended message');
    assert.deepEqual(
      info.messages.map((m: Info) => m.message),
      ['Uploaded patch set 1.', 'Uploaded patch set 2: Commit message was updated.'],
    );
    const fetched = await wc.git('fetch', 'origin', 'refs/changes/01/1/2');
    assert.equal(fetched.code, 0, 'patch set refs can be fetched');
    assert.deepEqual(
      h.events.filter((e) => e.type === 'patchset-created').map((e) => (e.patchSet as Info).number),
      [1, 2],
    );
  });

  test('the Depends-On footers are parsed and exposed', async () => {
    await wc.git('checkout', '--quiet', '-B', 'dep', 'origin/master');
    await wc.commitFile(
      'dep.txt',
      'x\n',
      'Needs another change\n\nDepends-On: https://review.example.com/c/other/+/42',
    );
    assert.equal((await wc.git('push', 'origin', 'HEAD:refs/for/master')).code, 0);
    const info = (await h.call(h.demo, 'GET', '/changes/2')).data as Info;
    assert.deepEqual(info.depends_on, ['https://review.example.com/c/other/+/42']);
    const event = h.events.filter((e) => e.type === 'patchset-created').at(-1)!;
    assert.deepEqual((event.change as Info).dependsOn, ['https://review.example.com/c/other/+/42']);
  });

  test('pushing the same commit again is "no new changes"', async () => {
    const again = await wc.git('push', 'origin', 'HEAD:refs/for/master');
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /\[remote rejected\] HEAD -> refs\/for\/master \(no new changes\)/);
  });

  test('a commit without Change-Id is refused with the hook hint', async () => {
    const bare = await h.clone('nova', h.demo, { noHook: true });
    await bare.commitFile('b.txt', 'b\n', 'No change id');
    const push = await bare.git('push', 'origin', 'HEAD:refs/for/master');
    assert.notEqual(push.code, 0);
    assert.match(push.stderr, /remote: ERROR: commit [0-9a-f]{7}: missing Change-Id in message footer/);
    assert.match(push.stderr, /Hint: to automatically insert a Change-Id, install the hook:/);
    assert.match(push.stderr, /curl -o "\$f" http:\/\/127\.0\.0\.1:\d+\/review\/tools\/hooks\/commit-msg/);
    assert.match(
      push.stderr,
      /\[remote rejected\] HEAD -> refs\/for\/master \(commit [0-9a-f]{7}: missing Change-Id in message footer\)/,
    );
  });

  test('a push to an unknown branch or with an unknown option is refused', async () => {
    const unknown = await wc.git('push', 'origin', 'HEAD:refs/for/nope');
    assert.match(unknown.stderr, /\(branch nope not found\)/);
    const option = await wc.git('push', 'origin', 'HEAD:refs/for/master%frobnicate');
    assert.match(option.stderr, /"--frobnicate" is not a valid option/);
  });

  test('direct pushes to branches are refused for non-admins and done for admins', async () => {
    const refused = await wc.git('push', 'origin', 'HEAD:refs/heads/master');
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /\[remote rejected\] HEAD -> master \(prohibited by Gerrit: not permitted: update\)/);
    const tag = await wc.git('push', 'origin', 'HEAD:refs/tags/v1');
    assert.match(tag.stderr, /prohibited by Gerrit: not permitted: create/);

    const adminCopy = await h.clone('nova', h.admin);
    await adminCopy.git('fetch', '--quiet', 'origin', 'refs/changes/02/2/1');
    await adminCopy.git('reset', '--quiet', '--hard', 'FETCH_HEAD');
    const pushed = await adminCopy.git('push', 'origin', 'HEAD:refs/heads/master');
    assert.equal(pushed.code, 0, pushed.stderr);
    const change = (await h.call(h.admin, 'GET', '/changes/2?o=MESSAGES')).data as Info;
    assert.equal(change.status, 'MERGED', 'a change whose commit is pushed directly is closed');
    assert.equal(change.messages.at(-1).message, 'Change has been successfully pushed.');
    const updated = h.events.filter((e) => e.type === 'ref-updated').at(-1)!;
    assert.equal((updated.refUpdate as Info).refName, 'refs/heads/master');
    assert.ok(h.events.some((e) => e.type === 'change-merged' && (e.change as Info).number === 2));
  });

  test('a closed change cannot get a new patch set', async () => {
    await wc.git('fetch', '--quiet', 'origin', 'refs/changes/02/2/1');
    await wc.git('reset', '--quiet', '--hard', 'FETCH_HEAD');
    await wc.git('commit', '--amend', '--quiet', '--no-edit', '--allow-empty', '--date=now');
    const push = await wc.git('push', 'origin', 'HEAD:refs/for/master');
    assert.match(push.stderr, /\(change http:\/\/127\.0\.0\.1:\d+\/review\/c\/nova\/\+\/2 closed\)/);
  });

  test('queries: operators, bare numbers and Change-Ids, paging, several q', async () => {
    const q = async (query: string) => {
      const r = await h.call(h.demo, 'GET', `/changes/?q=${encodeURIComponent(query)}`);
      assert.equal(r.statusCode, 200, r.body);
      return (r.data as Info[]).map((c) => c._number);
    };
    assert.deepEqual(await q('status:open'), [1]);
    assert.deepEqual(await q('status:merged'), [2]);
    assert.deepEqual((await q('is:closed')).sort(), [2]);
    assert.deepEqual(await q('project:nova status:open'), [1]);
    assert.deepEqual(await q('project:other'), []);
    assert.deepEqual(await q('branch:master topic:feature-a'), [1]);
    assert.deepEqual(await q('owner:demo -status:merged'), [1]);
    assert.deepEqual(await q('owner:self'), [2, 1]);
    assert.deepEqual(await q('change:2'), [2]);
    assert.deepEqual(await q('1'), [1]);
    assert.deepEqual(await q('status:open OR status:merged'), [2, 1]);
    assert.deepEqual(await q('(status:merged OR topic:feature-a) project:nova'), [2, 1]);
    assert.deepEqual(await q('label:Code-Review=0 status:open'), [1], 'label:X=0 is "no vote"');
    assert.deepEqual(await q('label:Code-Review+1'), []);
    const key = ((await h.call(h.demo, 'GET', '/changes/1')).data as Info).change_id;
    assert.deepEqual(await q(key), [1]);
    const paged = await h.call(h.demo, 'GET', '/changes/?q=project:nova&n=1');
    assert.equal((paged.data as Info[]).length, 1);
    assert.equal((paged.data as Info[])[0]!._more_changes, true);
    const two = await h.call(h.demo, 'GET', '/changes/?q=status:open&q=status:merged');
    assert.deepEqual(
      (two.data as Info[][]).map((l) => l.map((c) => c._number)),
      [[1], [2]],
    );
  });

  test('bad queries and options are 400s; unknown changes and revisions 404s', async () => {
    const op = await h.call(h.demo, 'GET', '/changes/?q=frobnicate:yes');
    assert.equal(op.statusCode, 400);
    assert.equal(op.body, 'Unsupported operator frobnicate:yes\n');
    assert.equal((await h.call(h.demo, 'GET', '/changes/?q=(status:open')).statusCode, 400);
    const option = await h.call(h.demo, 'GET', '/changes/?q=status:open&o=NOPE');
    assert.equal(option.statusCode, 400);
    assert.equal(option.body, '"NOPE" is not a valid value for "-o"\n');
    const missing = await h.call(h.demo, 'GET', '/changes/4242');
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.body, 'Not found: 4242\n');
    assert.equal((await h.call(h.demo, 'GET', '/changes/other~1')).statusCode, 404);
    assert.equal((await h.call(h.demo, 'GET', '/changes/1/revisions/9/commit')).statusCode, 404);
  });

  test('a change by every identifier; commit, files, messages, topic; related changes', async () => {
    const info = (await h.call(undefined, 'GET', '/changes/1')).data as Info;
    for (const id of ['1', 'nova~1', info.change_id, `nova~master~${info.change_id}`]) {
      assert.equal(
        ((await h.call(undefined, 'GET', `/changes/${encodeURIComponent(id)}`)).data as Info)._number,
        1,
        id,
      );
    }
    const commit = (await h.call(undefined, 'GET', '/changes/1/revisions/current/commit')).data as Info;
    assert.equal(commit.subject, 'Add a, better');
    assert.equal(commit.parents.length, 1);
    const files = (await h.call(undefined, 'GET', '/changes/1/revisions/current/files')).data as Info;
    assert.deepEqual(Object.keys(files), ['/COMMIT_MSG', 'a.txt']);
    assert.equal(files['a.txt'].status, 'A');
    assert.equal(files['a.txt'].lines_inserted, 1);
    const messages = (await h.call(undefined, 'GET', '/changes/1/messages')).data as Info[];
    assert.equal(messages.length, 2);
    assert.equal((await h.call(undefined, 'GET', '/changes/1/topic')).data, 'feature-a');
    assert.equal((await h.call(h.demo, 'PUT', '/changes/1/topic', { topic: 'renamed' })).data, 'renamed');
    assert.equal((await h.call(h.demo, 'DELETE', '/changes/1/topic')).statusCode, 204);
    assert.equal(((await h.call(undefined, 'GET', '/changes/1')).data as Info).topic, undefined);

    await wc.git('checkout', '--quiet', '-B', 'series', 'origin/master');
    await wc.commitFile('s1.txt', '1\n', 'Series one');
    await wc.commitFile('s2.txt', '2\n', 'Series two');
    assert.equal((await wc.git('push', 'origin', 'HEAD:refs/for/master')).code, 0);
    const series = (await h.call(h.demo, 'GET', '/changes/?q=message:Series')).data as Info[];
    const top = series.find((c) => c.subject === 'Series two')!;
    const related = (await h.call(h.demo, 'GET', `/changes/${top._number}/revisions/current/related`)).data as Info;
    assert.deepEqual(
      related.changes.map((c: Info) => c._change_number),
      [top._number, top._number - 1],
    );
  });

  test('anonymous reads are allowed, /a/ asks for credentials, writes need a user', async () => {
    assert.equal((await h.call(undefined, 'GET', '/changes/1')).statusCode, 200);
    const challenged = await h.call(undefined, 'GET', '/a/changes/1');
    assert.equal(challenged.statusCode, 401);
    assert.equal(challenged.headers['www-authenticate'], 'Basic realm="Gerrit Code Review"');
    assert.equal((await h.call(h.demo, 'GET', '/a/changes/1')).statusCode, 200);
    const wrong = await h.call({ username: 'demo', password: 'wrong' }, 'GET', '/a/changes/1');
    assert.equal(wrong.statusCode, 401);
    const write = await h.call(undefined, 'POST', '/changes/1/abandon', {});
    assert.equal(write.statusCode, 401);
    const self = await h.call(h.demo, 'GET', '/a/accounts/self');
    assert.equal((self.data as Info).username, 'demo');
    const token = await h.app.inject({
      method: 'POST',
      url: '/identity/v3/auth/tokens',
      payload: {
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: 'demo', domain: { id: 'default' }, password: h.demo.password } },
          },
        },
      },
    });
    const withToken = await h.app.inject({
      method: 'GET',
      url: '/review/a/accounts/self',
      headers: { 'x-auth-token': String(token.headers['x-subject-token']) },
    });
    assert.equal(withToken.statusCode, 200, 'a Keystone token works as well as Basic');
  });
});
