// Every submit type with the real git CLI, and the dependency check.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Harness, startHarness, type WorkingCopy } from '../test/harness.js';

type Info = Record<string, any>;

const APPROVE = { labels: { 'Code-Review': 2, Verified: 1, Workflow: 1 } };

describe('submit types', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  /** Two approved changes on the initial commit, touching different files; A is submitted first. */
  async function twoChanges(submitType: string): Promise<{ wc: WorkingCopy; a: number; b: number; project: string }> {
    const project = `p-${submitType.toLowerCase().replaceAll('_', '-')}`;
    await h.createProject(project, { submit_type: submitType });
    const wc = await h.clone(project, h.demo);
    const numbers: number[] = [];
    for (const name of ['a', 'b']) {
      await wc.git('checkout', '--quiet', '-B', name, 'origin/master');
      await wc.commitFile(`${name}.txt`, `${name}\n`, `Change ${name.toUpperCase()}`);
      const pushed = await wc.git('push', 'origin', 'HEAD:refs/for/master');
      assert.equal(pushed.code, 0, pushed.stderr);
      const [change] = (await h.call(h.admin, 'GET', `/changes/?q=project:${project}+message:${name.toUpperCase()}`))
        .data as Info[];
      numbers.push(change!._number);
      await h.call(h.admin, 'POST', `/changes/${change!._number}/revisions/current/review`, APPROVE);
    }
    return { wc, a: numbers[0]!, b: numbers[1]!, project };
  }

  async function submit(n: number) {
    const response = await h.call(h.admin, 'POST', `/changes/${n}/submit`, {});
    return response;
  }

  async function tip(wc: WorkingCopy) {
    await wc.git('fetch', '--quiet', 'origin');
    const [commit, parents, subject] = (await wc.git('log', '-1', '--format=%H%n%P%n%s', 'origin/master')).stdout
      .trim()
      .split('\n');
    return {
      commit: commit!,
      parents: parents!.split(' '),
      subject: subject!,
      body: (await wc.git('log', '-1', '--format=%B', 'origin/master')).stdout,
    };
  }

  async function revisionOf(n: number): Promise<{ revision: string; number: number }> {
    const info = (await h.call(h.admin, 'GET', `/changes/${n}?o=CURRENT_REVISION`)).data as Info;
    return { revision: info.current_revision, number: info.current_revision_number };
  }

  test('MERGE_IF_NECESSARY: fast-forward when it can, a merge commit when it must', async () => {
    const { wc, a, b } = await twoChanges('MERGE_IF_NECESSARY');
    const aRev = (await revisionOf(a)).revision;
    assert.equal((await submit(a)).statusCode, 200);
    assert.equal((await tip(wc)).commit, aRev);
    assert.equal((await submit(b)).statusCode, 200);
    const merged = await tip(wc);
    assert.equal(merged.subject, 'Merge "Change B"');
    assert.deepEqual(merged.parents, [aRev, (await revisionOf(b)).revision]);
  });

  test('MERGE_ALWAYS: a merge commit even for a fast-forward', async () => {
    const { wc, a } = await twoChanges('MERGE_ALWAYS');
    assert.equal((await submit(a)).statusCode, 200);
    const merged = await tip(wc);
    assert.equal(merged.parents.length, 2);
    assert.equal(merged.subject, 'Merge "Change A"');
  });

  test('REBASE_IF_NECESSARY: rebased onto the tip as a new patch set', async () => {
    const { wc, a, b } = await twoChanges('REBASE_IF_NECESSARY');
    const aRev = (await revisionOf(a)).revision;
    assert.equal((await submit(a)).statusCode, 200);
    const submitted = await submit(b);
    assert.equal(submitted.statusCode, 200, submitted.body);
    const rebased = await tip(wc);
    assert.deepEqual(rebased.parents, [aRev]);
    assert.equal(rebased.subject, 'Change B');
    const after = await revisionOf(b);
    assert.equal(after.number, 2, 'the rebased commit is patch set 2');
    assert.equal(after.revision, rebased.commit);
    const messages = ((await h.call(h.admin, 'GET', `/changes/${b}/messages`)).data as Info[]).map((m) => m.message);
    assert.equal(messages.at(-1), `Change has been successfully rebased and submitted as ${rebased.commit}`);
    const labels = ((await h.call(h.admin, 'GET', `/changes/${b}?o=LABELS`)).data as Info).labels;
    assert.equal(labels['Code-Review'].approved.username, 'admin', 'the votes moved to the new patch set');
  });

  test('REBASE_ALWAYS and CHERRY_PICK: new commits with Reviewed-on and vote footers', async () => {
    for (const type of ['REBASE_ALWAYS', 'CHERRY_PICK']) {
      const { wc, a, project } = await twoChanges(type);
      const before = (await revisionOf(a)).revision;
      assert.equal((await submit(a)).statusCode, 200);
      const picked = await tip(wc);
      assert.notEqual(picked.commit, before, `${type} writes a new commit`);
      assert.match(picked.body, new RegExp(`Reviewed-on: http://127\\.0\\.0\\.1:\\d+/review/c/${project}/\\+/${a}`));
      assert.match(picked.body, /Reviewed-by: admin <admin@nubo\.invalid>/);
      assert.match(picked.body, /Tested-by: admin <admin@nubo\.invalid>/);
      assert.match(picked.body, /Change-Id: I[0-9a-f]{40}/);
    }
  });

  test('SQUASH: one new commit with the change message', async () => {
    const { wc, a, b } = await twoChanges('SQUASH');
    assert.equal((await submit(a)).statusCode, 200);
    assert.equal((await submit(b)).statusCode, 200);
    const squashed = await tip(wc);
    assert.equal(squashed.parents.length, 1);
    assert.equal(squashed.subject, 'Change B');
    const files = (await wc.git('ls-tree', '--name-only', 'origin/master')).stdout.trim().split('\n');
    assert.deepEqual(files, ['a.txt', 'b.txt']);
  });

  test('FAST_FORWARD_ONLY: a change that is not a fast-forward is refused', async () => {
    const { a, b } = await twoChanges('FAST_FORWARD_ONLY');
    assert.equal((await submit(a)).statusCode, 200);
    const refused = await submit(b);
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /Project policy requires all submissions to be a fast-forward/);
  });

  test('a change on top of an unsubmitted change cannot be submitted first', async () => {
    await h.createProject('stacked');
    const wc = await h.clone('stacked', h.demo);
    await wc.commitFile('one.txt', '1\n', 'Bottom');
    await wc.commitFile('two.txt', '2\n', 'Top');
    assert.equal((await wc.git('push', 'origin', 'HEAD:refs/for/master')).code, 0);
    const changes = (await h.call(h.admin, 'GET', '/changes/?q=project:stacked')).data as Info[];
    const top = changes.find((c) => c.subject === 'Top')!._number;
    const bottom = changes.find((c) => c.subject === 'Bottom')!._number;
    for (const n of [top, bottom]) await h.call(h.admin, 'POST', `/changes/${n}/revisions/current/review`, APPROVE);
    const early = await submit(top);
    assert.equal(early.statusCode, 409);
    assert.match(
      early.body,
      new RegExp(
        `Change ${top}: Depends on change that was not submitted\\..* of change ${bottom} which cannot be merged\\.`,
      ),
    );
    assert.equal((await submit(bottom)).statusCode, 200);
    assert.equal((await submit(top)).statusCode, 200);
  });
});
