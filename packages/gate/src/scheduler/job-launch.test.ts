// Job launching inside an item: attempts and RETRY_LIMIT, the job DAG (a failed dependency skips what follows),
// and semaphores, through the scheduler with the fake executor over real git.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MemoryBuildsRecorder } from '../builds/memory-builds-recorder.js';
import type { BuildRequest } from '../executor/executor.js';
import { type FakeDecision, FakeExecutor } from '../executor/fake-executor.js';
import type { GateScheduler } from './gate-scheduler.js';
import { MemoryReview, schedulerOverMemoryReview } from './memory-review.js';
import { testTenantFile } from './test-tenant.js';

const CONFIG = `- pipeline:
    name: check
    manager: independent
    trigger:
      gerrit:
        - event: patchset-created
    success:
      gerrit: {Verified: 1}
    failure:
      gerrit: {Verified: -1}
- semaphore:
    name: lock
    max: 1
- job:
    name: base
    parent: null
    run: base.yaml
- job: {name: flaky, attempts: 3}
- job: {name: broken, attempts: 2}
- job: {name: first}
- job: {name: second, dependencies: [first]}
- job: {name: locked-1, semaphores: [lock]}
- job: {name: locked-2, semaphores: [lock]}
`;

describe('job launching', () => {
  let work: string;
  let review: MemoryReview;
  let scheduler: GateScheduler;
  let rule: (r: BuildRequest) => FakeDecision = () => ({ result: 'SUCCESS' });
  const executor = new FakeExecutor({ rule: (r) => rule(r), delayMs: 20 });
  const recorder = new MemoryBuildsRecorder();

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'nubo-gate-jobs-'));
    review = new MemoryReview(join(work, 'review'));
    await review.createProject('config', { 'zuul.yaml': CONFIG });
    await review.createProject('p', { '.zuul.yaml': '- project:\n    check:\n      jobs: [flaky]\n' });
    scheduler = schedulerOverMemoryReview(review, work, { executor, recorder });
    await scheduler.load(testTenantFile(['p']));
    assert.deepEqual(scheduler.configErrors('example'), []);
  });
  after(() => {
    scheduler?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const jobs = (list: string) => ({ '.zuul.yaml': `- project:\n    check:\n      jobs: [${list}]\n` });
  const lastReport = (n: number) => review.messages.filter((m) => m.number === n).at(-1)!;

  it('retries a retryable failure up to attempts, then reports RETRY_LIMIT', async () => {
    const tries = new Map<string, number>();
    rule = (r) => {
      const n = (tries.get(r.job.name) ?? 0) + 1;
      tries.set(r.job.name, n);
      if (r.job.name === 'flaky' && n < 3) return { result: 'NODE_FAILURE', retryable: true };
      if (r.job.name === 'broken') return { result: 'FAILURE', retryable: true };
      return { result: 'SUCCESS' };
    };
    const c = await review.upload('p', jobs('flaky, broken'), 'Retries');
    await scheduler.whenIdle();
    assert.equal(tries.get('flaky'), 3);
    assert.equal(tries.get('broken'), 2);
    const report = lastReport(c.number);
    assert.match(report.message, /- flaky \S+ : SUCCESS/);
    assert.match(report.message, /- broken \S+ : RETRY_LIMIT/);
    assert.equal(report.labels.Verified, -1);
    assert.equal([...recorder.builds.values()].filter((b) => b.retried).length, 3, 'three attempts kept as retried');
  });

  it('a failed dependency skips the jobs after it', async () => {
    rule = (r) => ({ result: r.job.name === 'first' ? 'FAILURE' : 'SUCCESS' });
    const before = executor.requests.length;
    const c = await review.upload('p', jobs('first, second'), 'Dependencies');
    await scheduler.whenIdle();
    assert.deepEqual(
      executor.requests.slice(before).map((r) => r.job.name),
      ['first'],
    );
    assert.match(lastReport(c.number).message, /- second : SKIPPED/);
  });

  it('a semaphore of max 1 keeps its jobs apart', async () => {
    let running = 0;
    let most = 0;
    rule = () => ({ result: 'SUCCESS' });
    const watch = setInterval(() => {
      running = executor.requests.length > 0 ? executor.running : 0;
      most = Math.max(most, running);
    }, 2);
    const c = await review.upload('p', jobs('locked-1, locked-2'), 'Semaphores');
    await scheduler.whenIdle();
    clearInterval(watch);
    assert.equal(most, 1);
    assert.equal(lastReport(c.number).labels.Verified, 1);
  });
});
