// The gate end to end against a running nubo: the review service with real git and Debian's git-review, the gate
// scheduler reading its configuration from the review service's repositories, voting and submitting through the
// review REST API. Jobs run on the fake executor, chosen explicitly (a job fails when `.fake-job-results` in the merged
// tree says so): this test is about queues, votes and merges; real Ansible jobs are proven in ansible-gate.test.ts.
// Three projects share the `integrated` gate queue; ten changes, some with Depends-On across projects; the fourth
// fails; recheck; a job added in .zuul.yaml; a merge conflict; a kill -9 and restart mid-run. Loopback only.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { TEST_PIPELINES, TEST_PROJECT_CONFIG, testTenantFile } from '@nubo/gate';
import { gateE2e, type Info } from './lib/gate-e2e.js';
import { createGitWorkspace } from './lib/git-workspace.js';
import { type NuboServer, repoRoot, startNubo } from './lib/nubo-server.js';

const run = promisify(execFile);
const PROJECTS = ['gate-a', 'gate-b', 'gate-c'];

describe('the gate with the review service, git and git-review', () => {
  let server: NuboServer;
  let work: string;
  let g: ReturnType<typeof gateE2e>;

  before(async () => {
    work = createGitWorkspace('nubo-e2e-gate-');
    writeFileSync(join(work, 'main.yaml'), testTenantFile(PROJECTS));
    server = await startNubo({
      NUBO_GATE_TENANT_CONFIG: join(work, 'main.yaml'),
      NUBO_GATE_EXECUTOR: 'fake',
      NUBO_GATE_FAKE_EXECUTOR_DELAY_MS: '500',
    });
    g = gateE2e(() => server, work);
  });
  after(async () => {
    await server?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const change = (n: number) => g.change(n);
  const verified = (c: Info) => g.verified(c);
  const zuulMessages = (c: Info) => g.zuulMessages(c);
  const waitFor = <T>(what: string, probe: () => Promise<T | undefined | false>, seconds?: number) =>
    g.waitFor(what, probe, seconds);
  const gateApi = (path: string) => g.gateApi(path);
  const upload = (project: string, files: Record<string, string>, subject: string, dependsOn: number[] = []) =>
    g.upload(project, files, subject, dependsOn);
  const approve = (n: number) => g.approve(n);
  const history = (project: string) => g.history(project);
  const rest = (...args: Parameters<ReturnType<typeof gateE2e>['rest']>) => g.rest(...args);

  it('loads its configuration from the review service', async () => {
    await g.setUpProjects(
      { 'zuul.d/pipelines.yaml': TEST_PIPELINES },
      Object.fromEntries(PROJECTS.map((p) => [p, { '.zuul.yaml': TEST_PROJECT_CONFIG }])),
    );
  });

  const numbers: number[] = [];
  const subjects: string[] = [];
  it('ten changes: check votes; approved, the fourth fails, the rest merge in order without it', async () => {
    for (let i = 1; i <= 10; i++) {
      const project = PROJECTS[(i - 1) % 3]!;
      const files: Record<string, string> = { [`file-${i}`]: `change ${i}\n` };
      if (i === 4) files['.fake-job-results'] = 'test FAILURE\n';
      const dependsOn = i === 6 ? [numbers[4]!] : i === 9 ? [numbers[7]!] : [];
      numbers.push(await upload(project, files, `Change ${i}`, dependsOn));
      subjects.push(`Change ${i}`);
    }
    for (const [i, n] of numbers.entries()) {
      const c = await waitFor(`check on change ${i + 1}`, async () => {
        const info = await change(n);
        return verified(info) !== 0 && info;
      });
      assert.equal(verified(c), i === 3 ? -1 : 1, `check vote on change ${i + 1}`);
    }
    for (const n of numbers) assert.equal((await approve(n)).status, 200);
    for (const [i, n] of numbers.entries()) {
      if (i === 3) continue;
      await waitFor(`change ${i + 1} merged`, async () => (await change(n)).status === 'MERGED', 240);
    }
    const fourth = await waitFor('the fourth reported', async () => {
      const info = await change(numbers[3]!);
      return verified(info) === -2 && info;
    });
    assert.equal(fourth.status, 'NEW');
    assert.match(zuulMessages(fourth).at(-1)?.message ?? '', /Verified-2\n\nBuild failed\.[\s\S]*- test \S+ : FAILURE/);
    // Every change merged on a successful gate buildset; those behind the fourth were tested again without it.
    for (const [i, n] of numbers.entries()) {
      const buildsets = (await gateApi(`/buildsets?change=${n}&pipeline=gate`)) as unknown as Info[];
      const results = buildsets.map((b) => b.result);
      if (i === 3) assert.ok(results.includes('FAILURE'), `change 4: ${results}`);
      else assert.ok(results.includes('SUCCESS'), `change ${i + 1}: ${results}`);
      if (i === 4) assert.ok(results.includes('ABORTED'), `change 5 was tested again without the fourth: ${results}`);
    }
    for (const [pi, p] of PROJECTS.entries()) {
      const expected = subjects.filter((_, i) => i % 3 === pi && i !== 3);
      assert.deepEqual((await history(p)).slice(2), expected, `history of ${p}`);
    }
  });

  it('a recheck comment runs check again', async () => {
    const n = numbers[3]!;
    const before = zuulMessages(await change(n)).length;
    await rest(g.demo(), 'POST', `/changes/${n}/revisions/current/review`, { message: 'recheck' });
    const after = await waitFor('the recheck report', async () => {
      const info = await change(n);
      return zuulMessages(info).length > before && info;
    });
    assert.match(zuulMessages(after).at(-1)?.message ?? '', /Verified-1\n\nBuild failed\./);
  });

  it('a change adding a job in .zuul.yaml runs that job before it merges', async () => {
    const config = `${TEST_PROJECT_CONFIG.replaceAll('jobs: [test]', 'jobs: [test, extra]')}- job:\n    name: extra\n    run: playbooks/extra.yaml\n`;
    const n = await upload('gate-b', { '.zuul.yaml': config }, 'Add the extra job');
    await waitFor('check on the extra job change', async () => verified(await change(n)) === 1);
    await approve(n);
    const merged = await waitFor('the extra job change merged', async () => {
      const info = await change(n);
      return info.status === 'MERGED' && info;
    });
    const gateReport = zuulMessages(merged).find((m: Info) => /Verified\+2/.test(m.message));
    assert.match(gateReport?.message ?? '', /- extra \S+ : SUCCESS/);
    const builds = (await gateApi(`/builds?change=${n}&pipeline=gate`)) as unknown as Info[];
    assert.deepEqual(builds.map((b) => b.job_name).sort(), ['extra', 'test']);
  });

  it('a merge conflict is reported without running jobs', async () => {
    const one = await upload('gate-c', { conflict: 'one\n' }, 'Conflict one');
    const two = await upload('gate-c', { conflict: 'two\n' }, 'Conflict two');
    await waitFor('check on both', async () => verified(await change(one)) === 1 && verified(await change(two)) === 1);
    await approve(one);
    await approve(two);
    await waitFor('the first merged', async () => (await change(one)).status === 'MERGED');
    const report = await waitFor('the conflict reported', async () => {
      const info = await change(two);
      return verified(info) === -2 && info;
    });
    assert.match(
      zuulMessages(report).at(-1)?.message ?? '',
      /Verified-2\n\nMerge Failed\.\n\nThis change or one of its cross-repo dependencies was unable to be automatically merged/,
    );
    const builds = (await gateApi(`/builds?change=${two}&pipeline=gate`)) as unknown as Info[];
    assert.deepEqual(builds, [], 'no gate build for the conflicting change');
  });

  it('killing the gate mid-run and starting it again resumes the queue', async () => {
    const a = await upload('gate-a', { 'resume-a': 'a\n' }, 'Resume A');
    const b = await upload('gate-b', { 'resume-b': 'b\n' }, 'Resume B');
    await waitFor('check on both', async () => verified(await change(a)) === 1 && verified(await change(b)) === 1);
    await approve(a);
    await approve(b);
    await waitFor('gate builds running', async () => {
      const status = await gateApi('/status');
      const gate = (status.pipelines as Info[]).find((p) => p.name === 'gate');
      const items = (gate?.change_queues ?? []).flatMap((q: Info) => q.heads.flat());
      return items.length === 2 && items.every((i: Info) => i.jobs.some((j: Info) => j.start_time && !j.result));
    });
    const pid = Number(readFileSync(join(server.dataDir, 'nubo.pid'), 'utf8').trim());
    process.kill(pid, 'SIGKILL');
    await waitFor('the process gone', async () => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    });
    rmSync(join(server.dataDir, 'nubo.pid'), { force: true });
    const args = [
      'up',
      '--detach',
      '--data-dir',
      server.dataDir,
      '--port',
      String(server.port),
      '--clouds-yaml',
      server.cloudsYaml,
    ];
    await run(join(repoRoot, 'bin', 'nubo'), args, {
      env: {
        ...process.env,
        NUBO_IDENTITY_BCRYPT_COST: '4',
        NUBO_GATE_TENANT_CONFIG: join(work, 'main.yaml'),
        NUBO_GATE_EXECUTOR: 'fake',
        NUBO_GATE_FAKE_EXECUTOR_DELAY_MS: '500',
      },
      timeout: 90_000,
    });
    await waitFor(
      'both merged after the restart',
      async () => (await change(a)).status === 'MERGED' && (await change(b)).status === 'MERGED',
    );
    assert.deepEqual((await history('gate-a')).slice(-1), ['Resume A']);
    assert.deepEqual((await history('gate-b')).slice(-1), ['Resume B']);
  });
});
