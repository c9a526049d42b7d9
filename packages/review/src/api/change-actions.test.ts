// Votes (ranges, permissions), submit (requirements, conflicts), abandon and restore, vote copying.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Harness, startHarness, type WorkingCopy } from '../../test/harness.js';

type Info = Record<string, any>;

const APPROVE = { labels: { 'Code-Review': 2, Verified: 1, Workflow: 1 } };

describe('votes, submit, abandon and restore', () => {
  let h: Harness;
  let wc: WorkingCopy;
  const upload = async (path: string, content: string, subject: string, base = 'origin/master') => {
    await wc.git('fetch', '--quiet', 'origin');
    await wc.git('checkout', '--quiet', '-B', `work-${path}`, base);
    await wc.commitFile(path, content, subject);
    const pushed = await wc.git('push', 'origin', 'HEAD:refs/for/master');
    assert.equal(pushed.code, 0, pushed.stderr);
    const found = (await h.call(h.demo, 'GET', `/changes/?q=${encodeURIComponent(`message:"${subject}"`)}`))
      .data as Info[];
    return found[0]!._number as number;
  };
  before(async () => {
    h = await startHarness();
    await h.createProject('glance');
    wc = await h.clone('glance', h.demo);
  });
  after(() => h.close());

  test('votes: out of range and unknown labels are 400, values the caller may not give 403', async () => {
    const n = await upload('a.txt', 'a\n', 'Change A');
    const range = await h.call(h.admin, 'POST', `/changes/${n}/revisions/current/review`, {
      labels: { 'Code-Review': 3 },
    });
    assert.equal(range.statusCode, 400);
    assert.equal(range.body, 'label "Code-Review": 3 is not a valid value\n');
    const unknown = await h.call(h.admin, 'POST', `/changes/${n}/revisions/current/review`, { labels: { Frob: 1 } });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.body, 'label "Frob" is not a configured label\n');
    const typed = await h.call(h.admin, 'POST', `/changes/${n}/revisions/current/review`, {
      labels: { 'Code-Review': '+2' },
    });
    assert.equal(typed.statusCode, 400);
    const restricted = await h.call(h.demo, 'POST', `/changes/${n}/revisions/current/review`, {
      labels: { 'Code-Review': 2 },
    });
    assert.equal(restricted.statusCode, 403);
    assert.equal(restricted.body, 'Applying label "Code-Review": 2 is restricted\n');
    const verified = await h.call(h.demo, 'POST', `/changes/${n}/revisions/current/review`, {
      labels: { Verified: 1 },
    });
    assert.equal(verified.statusCode, 403);
    const info = (await h.call(h.demo, 'GET', `/changes/${n}/detail`)).data as Info;
    assert.deepEqual(info.labels['Code-Review'].all, [], 'nothing was recorded');
  });

  test('submit without the approvals is 409; with +2/+1/+1 the branch gets the commit', async () => {
    const n = ((await h.call(h.demo, 'GET', '/changes/?q=status:open')).data as Info[])[0]!._number as number;
    const early = await h.call(h.admin, 'POST', `/changes/${n}/submit`, {});
    assert.equal(early.statusCode, 409);
    assert.equal(
      early.body,
      `Failed to submit 1 change due to the following problems:\nChange ${n}: submit requirement 'Code-Review' is unsatisfied.\n`,
    );
    const ok = await h.call(h.demo, 'POST', `/changes/${n}/revisions/current/review`, {
      message: 'looks fine',
      labels: { 'Code-Review': 1 },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.data, { labels: { 'Code-Review': 1 } });
    const comment = h.events.filter((e) => e.type === 'comment-added').at(-1)!;
    assert.equal(comment.comment, 'Patch Set 1: Code-Review+1\n\nlooks fine');
    assert.deepEqual(comment.approvals, [
      { type: 'Code-Review', description: 'Code-Review', value: '1', oldValue: '0' },
    ]);

    const forbidden = await h.call(h.demo, 'POST', `/changes/${n}/submit`, {});
    assert.equal(forbidden.statusCode, 403);
    assert.equal(forbidden.body, 'submit not permitted\n');

    const approved = await h.call(h.admin, 'POST', `/changes/${n}/revisions/current/review`, APPROVE);
    assert.deepEqual(approved.data, { labels: APPROVE.labels });
    const detail = (await h.call(h.admin, 'GET', `/changes/${n}/detail?o=SUBMITTABLE&o=SUBMIT_REQUIREMENTS`))
      .data as Info;
    assert.equal(detail.submittable, true);
    assert.equal(detail.labels['Code-Review'].approved.username, 'admin');
    assert.deepEqual(
      detail.submit_requirements.map((r: Info) => `${r.name}:${r.status}`),
      ['Code-Review:SATISFIED', 'Verified:SATISFIED', 'Workflow:SATISFIED'],
    );
    const revision = ((await h.call(h.admin, 'GET', `/changes/${n}?o=CURRENT_REVISION`)).data as Info).current_revision;

    const submitted = await h.call(h.admin, 'POST', `/changes/${n}/submit`, {});
    assert.equal(submitted.statusCode, 200, submitted.body);
    assert.equal((submitted.data as Info).status, 'MERGED');
    const branch = (await h.call(h.admin, 'GET', '/projects/glance/branches/master')).data as Info;
    assert.equal(branch.revision, revision, 'a fast-forward: the branch is the patch set');
    const again = await h.call(h.admin, 'POST', `/changes/${n}/submit`, {});
    assert.equal(again.statusCode, 409);
    assert.equal(again.body, 'change is merged\n');
    const types = h.events.slice(-2).map((e) => e.type);
    assert.deepEqual(types, ['ref-updated', 'change-merged']);
    assert.equal(h.events.at(-1)!.newRev, revision);
  });

  test('a -2 blocks submit even with every other approval', async () => {
    const n = await upload('b.txt', 'b\n', 'Change B');
    await h.call(h.admin, 'POST', `/changes/${n}/revisions/current/review`, { labels: { Verified: 1, Workflow: 1 } });
    await h.call(h.admin, 'POST', `/changes/${n}/revisions/current/review`, { labels: { 'Code-Review': -2 } });
    const blocked = await h.call(h.admin, 'POST', `/changes/${n}/submit`, {});
    assert.equal(blocked.statusCode, 409);
    const labels = ((await h.call(h.admin, 'GET', `/changes/${n}?o=LABELS`)).data as Info).labels;
    assert.equal(labels['Code-Review'].blocking, true);
    assert.equal(labels['Code-Review'].rejected.username, 'admin');
    const removed = await h.call(h.admin, 'POST', `/changes/${n}/revisions/current/review`, {
      labels: { 'Code-Review': 0 },
    });
    assert.equal(removed.statusCode, 200);
    const messages = ((await h.call(h.admin, 'GET', `/changes/${n}/messages`)).data as Info[]).map((m) => m.message);
    assert.equal(messages.at(-1), 'Patch Set 1: -Code-Review');
  });

  test('a conflicting change merges with a merge commit or is refused with 409', async () => {
    const first = await upload('c.txt', 'first\n', 'Conflict one');
    const second = await upload('c.txt', 'second\n', 'Conflict two');
    const independent = await upload('d.txt', 'd\n', 'Independent');
    for (const n of [first, second, independent]) {
      assert.equal((await h.call(h.admin, 'POST', `/changes/${n}/revisions/current/review`, APPROVE)).statusCode, 200);
    }
    assert.equal((await h.call(h.admin, 'POST', `/changes/${first}/submit`, {})).statusCode, 200);
    const conflict = await h.call(h.admin, 'POST', `/changes/${second}/submit`, {});
    assert.equal(conflict.statusCode, 409);
    assert.equal(
      conflict.body,
      `Failed to submit 1 change due to the following problems:\nChange ${second}: Change could not be merged due to a path conflict. Please rebase the change locally and upload the rebased commit for review.\n`,
    );
    assert.equal(((await h.call(h.admin, 'GET', `/changes/${second}`)).data as Info).status, 'NEW');
    const merged = await h.call(h.admin, 'POST', `/changes/${independent}/submit`, {});
    assert.equal(merged.statusCode, 200, merged.body);
    await wc.git('fetch', '--quiet', 'origin');
    const subject = (await wc.git('log', '-1', '--format=%s', 'origin/master')).stdout.trim();
    assert.equal(subject, 'Merge "Independent"', 'merge-if-necessary makes a merge commit when it must');
    const messages = ((await h.call(h.admin, 'GET', `/changes/${independent}/messages`)).data as Info[]).map(
      (m) => m.message,
    );
    assert.equal(messages.at(-1), 'Change has been successfully merged');
  });

  test('abandon and restore, with their permissions and conflicts', async () => {
    const n = await upload('e.txt', 'e\n', 'To abandon');
    const other = await h.call(h.admin, 'POST', `/changes/${n}/restore`, {});
    assert.equal(other.statusCode, 409);
    assert.equal(other.body, 'change is new\n');
    const abandoned = await h.call(h.demo, 'POST', `/changes/${n}/abandon`, { message: 'not needed' });
    assert.equal(abandoned.statusCode, 200, abandoned.body);
    assert.equal((abandoned.data as Info).status, 'ABANDONED');
    const event = h.events.at(-1)!;
    assert.equal(event.type, 'change-abandoned');
    assert.equal(event.reason, 'not needed');
    assert.equal((await h.call(h.demo, 'POST', `/changes/${n}/abandon`, {})).statusCode, 409);
    const submit = await h.call(h.admin, 'POST', `/changes/${n}/submit`, {});
    assert.equal(submit.statusCode, 409);
    assert.equal(submit.body, 'change is abandoned\n');
    const restored = await h.call(h.demo, 'POST', `/changes/${n}/restore`, {});
    assert.equal((restored.data as Info).status, 'NEW');
    const messages = ((await h.call(h.demo, 'GET', `/changes/${n}/messages`)).data as Info[]).map((m) => m.message);
    assert.deepEqual(messages.slice(-2), ['Abandoned\n\nnot needed', 'Restored']);
  });

  test('votes survive a new patch set only by their copy rules', async () => {
    const n = await upload('f.txt', 'f\n', 'Sticky votes');
    await h.call(h.admin, 'POST', `/changes/${n}/revisions/current/review`, {
      labels: { 'Code-Review': -2, Verified: 1 },
    });
    const key = ((await h.call(h.admin, 'GET', `/changes/${n}`)).data as Info).change_id;
    await wc.commitFile('f.txt', 'f2\n', `Sticky votes\n\nChange-Id: ${key}`);
    await wc.git('reset', '--quiet', '--soft', 'HEAD~2');
    await wc.git('commit', '--quiet', '-m', `Sticky votes\n\nChange-Id: ${key}`);
    assert.equal((await wc.git('push', 'origin', 'HEAD:refs/for/master')).code, 0);
    const all = ((await h.call(h.admin, 'GET', `/changes/${n}/detail`)).data as Info).labels;
    assert.equal(all['Code-Review'].all[0].value, -2, 'a -2 sticks (copyCondition is:MIN)');
    assert.equal(all.Verified.all?.[0]?.value ?? 0, 0, 'Verified does not survive a rework');
  });
});
