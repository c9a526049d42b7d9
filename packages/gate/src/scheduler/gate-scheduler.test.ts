// The scheduler end to end over real git: three projects sharing a gate queue, ten changes (some with
// Depends-On across projects), a failing change in the middle, recheck, a job added in .zuul.yaml, a merge
// conflict, and a restart mid-run. The review service is MemoryReview (real bare repositories, real merges).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FakeExecutor, resultFileRule } from '../executor/fake-executor.js';
import { GitMerger } from '../merger/merger.js';
import { MemoryQueueStore } from '../state/queue-store.js';
import { GateScheduler } from './gate-scheduler.js';
import { MemoryReview, schedulerOverMemoryReview } from './memory-review.js';
import { TEST_PIPELINES, TEST_PROJECT_CONFIG, testTenantFile } from './test-tenant.js';

const PROJECTS = ['a', 'b', 'c'];

describe('the gate scheduler over real git', () => {
  let work: string;
  let review: MemoryReview;
  let executor: FakeExecutor;
  let store: MemoryQueueStore;
  let scheduler: GateScheduler;

  const makeScheduler = (mergerDir: string) => schedulerOverMemoryReview(review, work, { executor, store }, mergerDir);

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'nubo-gate-sched-'));
    review = new MemoryReview(join(work, 'review'));
    await review.createProject('config', { 'zuul.d/pipelines.yaml': TEST_PIPELINES });
    for (const p of PROJECTS) await review.createProject(p, { '.zuul.yaml': TEST_PROJECT_CONFIG, README: `${p}\n` });
    executor = new FakeExecutor({ rule: resultFileRule() });
    store = new MemoryQueueStore();
    scheduler = makeScheduler('merger');
    await scheduler.load(testTenantFile(PROJECTS));
    assert.deepEqual(scheduler.configErrors('example'), []);
  });
  after(async () => {
    scheduler?.stop();
    // Stopped schedulers (the restart and admin tests) may still finish a git fetch into the workspace: let them.
    await new Promise((r) => setTimeout(r, 1500));
    rmSync(work, { recursive: true, force: true });
  });

  const messagesOf = (n: number) => review.messages.filter((m) => m.number === n);

  it('ten changes gate through a shared queue; the failing fourth is reported and left out', async () => {
    const subjects: string[] = [];
    const numbers: number[] = [];
    for (let i = 1; i <= 10; i++) {
      const project = PROJECTS[(i - 1) % 3]!;
      const files: Record<string, string> = { [`file-${i}`]: `change ${i}\n` };
      if (i === 4) files['.fake-job-results'] = 'test FAILURE\n';
      // Change 6 needs 5 and change 9 needs 8, across projects.
      const dependsOn = i === 6 ? [numbers[4]!] : i === 9 ? [numbers[7]!] : [];
      const change = await review.upload(project, files, `Change ${i}`, dependsOn);
      numbers.push(change.number);
      subjects.push(`Change ${i}`);
    }
    await scheduler.whenIdle();
    for (const n of numbers) {
      const check = messagesOf(n).at(-1);
      assert.equal(check?.labels.Verified, n === numbers[3] ? -1 : 1, `check voted on ${n}`);
      assert.match(check!.message, /- test http:\/\/zuul\/t\/example\/build\/[0-9a-f-]+ : (SUCCESS|FAILURE) in \d+s/);
    }
    const gateRuns = executor.requests.length;
    for (const n of numbers) review.approve(n);
    await scheduler.whenIdle();
    assert.ok(executor.requests.length >= gateRuns + 10, `the gate ran jobs (${executor.requests.length - gateRuns})`);
    const fourth = messagesOf(numbers[3]!).at(-1)!;
    assert.equal(fourth.labels.Verified, -2);
    assert.match(fourth.message, /Build failed/);
    assert.equal((await review.getChange(numbers[3]!))?.status, 'NEW');
    for (const [i, n] of numbers.entries()) {
      if (i !== 3) assert.equal((await review.getChange(n))?.status, 'MERGED', `change ${i + 1} merged`);
    }
    for (const [pi, p] of PROJECTS.entries()) {
      const expected = subjects.filter((_, i) => i % 3 === pi && i !== 3);
      assert.deepEqual((await review.history(p)).slice(1), expected, `history of ${p}`);
    }
    const status = scheduler.status('example')!;
    assert.deepEqual(
      status.pipelines.flatMap((p) => p.change_queues.flatMap((q) => q.heads)),
      [],
      'every queue drained',
    );
  });

  it('a recheck comment runs check again', async () => {
    const change = await review.upload('a', { 'file-r': 'r\n' }, 'Recheck me');
    await scheduler.whenIdle();
    const before = executor.requests.filter((r) => r.item.change === change.number).length;
    review.comment(change.number, 'recheck');
    await scheduler.whenIdle();
    const afterCount = executor.requests.filter((r) => r.item.change === change.number).length;
    assert.equal(afterCount, before + 1);
    assert.equal(messagesOf(change.number).length, 2);
    review.comment(change.number, 'looks fine');
    await scheduler.whenIdle();
    assert.equal(messagesOf(change.number).length, 2, 'other comments trigger nothing');
  });

  it('a change adding a job in .zuul.yaml runs that job before it merges', async () => {
    const config = `${TEST_PROJECT_CONFIG.replace('jobs: [test]\n', 'jobs: [test, extra]\n').replace(
      '    gate:\n      jobs: [test]\n',
      '    gate:\n      jobs: [test, extra]\n',
    )}- job:\n    name: extra\n    run: playbooks/extra.yaml\n`;
    const change = await review.upload('b', { '.zuul.yaml': config }, 'Add the extra job');
    await scheduler.whenIdle();
    review.approve(change.number);
    await scheduler.whenIdle();
    const ran = executor.requests
      .filter((r) => r.item.change === change.number && r.pipeline === 'gate')
      .map((r) => r.job.name);
    assert.deepEqual(ran.sort(), ['extra', 'test']);
    assert.equal((await review.getChange(change.number))?.status, 'MERGED');
  });

  it('a config error is reported with file and line, without running jobs', async () => {
    const change = await review.upload(
      'c',
      { '.zuul.yaml': '- project:\n    check:\n      jobs: [no-such-job]\n' },
      'Broken',
    );
    await scheduler.whenIdle();
    const report = messagesOf(change.number).at(-1)!;
    assert.equal(report.labels.Verified, -1);
    assert.match(report.message, /\.zuul\.yaml:\d+:\d+: .*no-such-job/);
    assert.equal(executor.requests.filter((r) => r.item.change === change.number).length, 0);
  });

  it('a merge conflict is reported without running jobs', async () => {
    const one = await review.upload('a', { conflict: 'one\n' }, 'Conflict one');
    const two = await review.upload('a', { conflict: 'two\n' }, 'Conflict two');
    await scheduler.whenIdle();
    review.approve(one.number);
    review.approve(two.number);
    await scheduler.whenIdle();
    assert.equal((await review.getChange(one.number))?.status, 'MERGED');
    const report = messagesOf(two.number).at(-1)!;
    assert.equal(report.labels.Verified, -2);
    assert.match(report.message, /merge/i);
    const gateRuns = executor.requests.filter((r) => r.item.change === two.number && r.pipeline === 'gate');
    assert.equal(gateRuns.length, 0, 'no gate job ran for the conflicting change');
  });

  it('a restarted scheduler resumes its queues and merges what was in flight', async () => {
    const slow = new FakeExecutor({ delayMs: 60_000 });
    const first = new GateScheduler({
      ...scheduler.deps,
      executor: slow,
      merger: new GitMerger(join(work, 'm2'), (p) => review.repositoryPath(p)),
    });
    scheduler.stop();
    review.listener = (event) => first.onEvent(event);
    await first.load(testTenantFile(PROJECTS));
    const a = await review.upload('a', { 'resume-a': 'a\n' }, 'Resume A');
    const b = await review.upload('b', { 'resume-b': 'b\n' }, 'Resume B');
    review.approve(a.number);
    review.approve(b.number);
    // Wait until the gate's builds run, then "kill" the scheduler.
    for (let i = 0; i < 200 && slow.requests.filter((r) => r.pipeline === 'gate').length < 2; i++)
      await new Promise((r) => setTimeout(r, 25));
    assert.ok(slow.requests.filter((r) => r.pipeline === 'gate').length >= 2);
    first.stop();
    const saved = (await store.load('example')).get('gate');
    assert.deepEqual(
      saved?.queues.flatMap((q) => q.items.map((i) => i.change.number)),
      [a.number, b.number],
    );
    scheduler = makeScheduler('m3');
    await scheduler.load(testTenantFile(PROJECTS));
    await scheduler.whenIdle();
    assert.equal((await review.getChange(a.number))?.status, 'MERGED');
    assert.equal((await review.getChange(b.number))?.status, 'MERGED');
  });

  it('admin: enqueue, promote and dequeue; unknown items are 404s', async () => {
    const slow = new FakeExecutor({ delayMs: 60_000 });
    const admin = new GateScheduler({
      ...scheduler.deps,
      executor: slow,
      store: new MemoryQueueStore(),
      merger: new GitMerger(join(work, 'm4'), (p) => review.repositoryPath(p)),
    });
    scheduler.stop();
    scheduler = admin;
    review.listener = () => {}; // only the admin calls act
    await admin.load(testTenantFile(PROJECTS));
    const changes = [];
    for (const p of PROJECTS) changes.push(await review.upload(p, { [`admin-${p}`]: 'x\n' }, `Admin ${p}`));
    for (const c of changes)
      await admin.enqueue('example', { pipeline: 'gate', project: c.project, change: `${c.number},1` });
    const order = () =>
      admin
        .status('example')!
        .pipelines.find((p) => p.name === 'gate')!
        .change_queues.flatMap((q) => q.heads.flat().map((i) => i.change));
    assert.deepEqual(
      order(),
      changes.map((c) => c.number),
    );
    const last = changes[2]!;
    await admin.promote('example', 'gate', [`${last.number},1`]);
    assert.deepEqual(order(), [last.number, changes[0]!.number, changes[1]!.number]);
    await admin.dequeue('example', { pipeline: 'gate', project: last.project, change: `${last.number},1` });
    assert.deepEqual(order(), [changes[0]!.number, changes[1]!.number]);
    await assert.rejects(admin.dequeue('example', { pipeline: 'gate', project: 'a', change: '9999,1' }), {
      status: 404,
    });
    await assert.rejects(
      admin.enqueue('example', { pipeline: 'nope', project: 'a', change: `${changes[0]!.number},1` }),
      {
        status: 404,
      },
    );
    await assert.rejects(admin.enqueue('nope', { pipeline: 'gate', project: 'a', change: '1,1' }), { status: 404 });
  });
});
