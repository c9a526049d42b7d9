// The scheduler with the real executor: the Ansible executor on the local node provider runs the playbooks of the
// exact state the merger built (a file the change adds decides the result), and the gate votes and merges by it.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AnsibleExecutor } from '../executor/ansible-executor.js';
import { LocalNodeProvider } from '../nodes/local-node-provider.js';
import type { GateScheduler } from './gate-scheduler.js';
import { MemoryReview, schedulerOverMemoryReview } from './memory-review.js';
import { TEST_PIPELINES_LOCAL_NODE, TEST_UNIT_PROJECT_CONFIG, testTenantFile } from './test-tenant.js';

const skip = existsSync('/usr/bin/ansible-playbook') ? false : 'needs /usr/bin/ansible-playbook (Debian ansible-core)';

const UNIT = `- hosts: all
  tasks:
    - name: The change must bring its marker
      command: test -f {{ ansible_user_dir }}/{{ zuul.project.src_dir }}/marker
`;

describe('the gate with the Ansible executor', { skip }, () => {
  let work: string;
  let review: MemoryReview;
  let scheduler: GateScheduler;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'nubo-gate-ansible-'));
    review = new MemoryReview(join(work, 'review'));
    await review.createProject('config', {
      'zuul.d/pipelines.yaml': TEST_PIPELINES_LOCAL_NODE,
      'playbooks/base.yaml': '- hosts: all\n  tasks:\n    - command: echo base\n',
    });
    await review.createProject('p', { '.zuul.yaml': TEST_UNIT_PROJECT_CONFIG, 'playbooks/unit.yaml': UNIT });
    scheduler = schedulerOverMemoryReview(review, work, {
      executor: new AnsibleExecutor({
        provider: new LocalNodeProvider({ root: join(work, 'nodes') }),
        buildRoot: join(work, 'builds'),
        repoPath: (p) => review.repositoryPath(p),
      }),
    });
    await scheduler.load(testTenantFile(['p']));
    assert.deepEqual(scheduler.configErrors('example'), []);
  });
  after(() => {
    scheduler?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('runs the playbook on the merged state; the passing change merges, the other is voted down', async () => {
    const good = await review.upload('p', { marker: 'here\n' }, 'Bring the marker');
    const bad = await review.upload('p', { other: 'x\n' }, 'Forget the marker');
    await scheduler.whenIdle();
    const last = (n: number) => review.messages.filter((m) => m.number === n).at(-1)!;
    // The job's console, to explain a wrong vote.
    const output = (n: number) => {
      const uuid = /build\/([0-9a-f-]+)/.exec(last(n).message)?.[1] ?? '';
      const file = join(work, 'logs', uuid, 'job-output.txt');
      return existsSync(file) ? readFileSync(file, 'utf8').slice(-3000) : '(no output)';
    };
    assert.equal(last(good.number).labels.Verified, 1, output(good.number));
    assert.equal(last(bad.number).labels.Verified, -1, last(bad.number).message);
    review.approve(good.number);
    await scheduler.whenIdle();
    assert.equal((await review.getChange(good.number))?.status, 'MERGED', last(good.number).message);
    assert.match(last(good.number).message, /- unit \S+ : SUCCESS/);
  });
});
