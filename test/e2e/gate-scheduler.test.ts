// The gate end to end against a running nubo: the review service with real git and Debian's git-review, the gate
// scheduler reading its configuration from the review service's repositories, voting and submitting through the
// review REST API. Jobs run on the fake executor, chosen explicitly (a job fails when `.fake-job-results` in the merged
// tree says so): this test is about queues, votes and merges; real Ansible jobs are proven in ansible-gate.test.ts.
// Three projects share the `integrated` gate queue; ten changes, some with Depends-On across projects; the fourth
// fails; recheck; a job added in .zuul.yaml; a merge conflict; a kill -9 and restart mid-run. Loopback only.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { TEST_PIPELINES, TEST_PROJECT_CONFIG, testTenantFile } from '@nubo/gate';
import { createGitWorkspace, gitEnv } from './lib/git-workspace.js';
import { type NuboServer, repoRoot, startNubo } from './lib/nubo-server.js';

const run = promisify(execFile);
type Info = Record<string, any>;
interface User {
  username: string;
  password: string;
}
const PROJECTS = ['gate-a', 'gate-b', 'gate-c'];

describe('the gate with the review service, git and git-review', () => {
  let server: NuboServer;
  let admin: User;
  let demo: User;
  let work: string;

  before(async () => {
    work = createGitWorkspace('nubo-e2e-gate-');
    writeFileSync(join(work, 'main.yaml'), testTenantFile(PROJECTS));
    server = await startNubo({
      NUBO_GATE_TENANT_CONFIG: join(work, 'main.yaml'),
      NUBO_GATE_EXECUTOR: 'fake',
      NUBO_GATE_FAKE_EXECUTOR_DELAY_MS: '500',
    });
    admin = { username: 'admin', password: server.credentials.admin.password };
    demo = { username: 'demo', password: server.credentials.demo.password };
  });
  after(async () => {
    await server?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const env = () => gitEnv(work);
  async function sh(cwd: string, command: string, ...args: string[]): Promise<string> {
    try {
      const { stdout, stderr } = await run(command, args, { cwd, env: env(), timeout: 60_000 });
      return stdout + stderr;
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      throw new Error(`${command} ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
    }
  }
  async function rest(who: User, method: string, path: string, body?: unknown) {
    const response = await fetch(`${server.url}/review/a${path}`, {
      method,
      headers: {
        authorization: `Basic ${Buffer.from(`${who.username}:${who.password}`).toString('base64')}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, text, data: text.startsWith(")]}'\n") ? JSON.parse(text.slice(5)) : undefined };
  }
  const cloneUrl = (who: User, project: string) =>
    `http://${who.username}:${encodeURIComponent(who.password)}@127.0.0.1:${server.port}/review/${project}`;
  const change = async (n: number): Promise<Info> =>
    (await rest(admin, 'GET', `/changes/${n}?o=MESSAGES&o=DETAILED_LABELS`)).data as Info;
  const zuulMessages = (c: Info) => (c.messages as Info[]).filter((m) => m.author?.username === 'zuul');
  const verified = (c: Info) =>
    ((c.labels?.Verified?.all ?? []) as Info[]).find((v) => v.username === 'zuul')?.value ?? 0;
  async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, seconds = 120): Promise<T> {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  async function gateApi(path: string): Promise<Info> {
    const response = await fetch(`${server.url}/zuul/api/tenant/example${path}`);
    return (await response.json()) as Info;
  }

  /** Pushes files straight to master as the admin (configuration set-up). */
  async function pushDirect(project: string, files: Record<string, string>) {
    const dir = join(work, `direct-${project}`);
    rmSync(dir, { recursive: true, force: true });
    await sh(work, 'git', 'clone', '-q', cloneUrl(admin, project), dir);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    await sh(dir, 'git', 'add', '-A');
    await sh(dir, 'git', 'commit', '-q', '-m', `Configure ${project}`);
    await sh(dir, 'git', 'push', '-q', 'origin', 'HEAD:refs/heads/master');
  }

  const repos: Record<string, string> = {};
  /** A change uploaded with `git review` from a fresh branch off origin/master; returns its number. */
  async function upload(project: string, files: Record<string, string>, subject: string, dependsOn: number[] = []) {
    const dir = repos[project]!;
    await sh(dir, 'git', 'fetch', '-q', 'origin');
    const branch = `topic-${subject.replace(/\W+/g, '-').toLowerCase()}`;
    await sh(dir, 'git', 'checkout', '-q', '-B', branch, 'origin/master');
    for (const [path, content] of Object.entries(files)) writeFileSync(join(dir, path), content);
    await sh(dir, 'git', 'add', '-A');
    const footers = dependsOn.map((n) => `Depends-On: ${server.url}/review/c/x/+/${n}`).join('\n');
    await sh(dir, 'git', 'commit', '-q', '-m', footers ? `${subject}\n\n${footers}` : subject);
    const out = await sh(dir, 'git', 'review', 'master');
    const number = Number(/\/\+\/(\d+) /.exec(out)?.[1]);
    assert.ok(number > 0, out);
    return number;
  }
  const approve = (n: number) =>
    rest(admin, 'POST', `/changes/${n}/revisions/current/review`, { labels: { 'Code-Review': 2, Workflow: 1 } });
  async function history(project: string): Promise<string[]> {
    const dir = repos[project]!;
    await sh(dir, 'git', 'fetch', '-q', 'origin');
    const out = await sh(dir, 'git', 'log', '--first-parent', '--reverse', '--format=%s', 'origin/master');
    return out
      .trim()
      .split('\n')
      .map((s) => s.replace(/^Merge "(.*)"$/, '$1'));
  }

  it('loads its configuration from the review service', async () => {
    for (const p of ['config', ...PROJECTS]) {
      const created = await rest(admin, 'PUT', `/projects/${p}`, { create_empty_commit: true });
      assert.equal(created.status, 201, created.text);
    }
    await pushDirect('config', { 'zuul.d/pipelines.yaml': TEST_PIPELINES });
    for (const p of PROJECTS) await pushDirect(p, { '.zuul.yaml': TEST_PROJECT_CONFIG });
    await waitFor('the projects in the layout', async () => {
      const projects = (await gateApi('/projects')) as unknown as Info[];
      return Array.isArray(projects) && PROJECTS.every((p) => projects.some((x) => x.name === p));
    });
    assert.deepEqual(await gateApi('/config-errors'), []);
    for (const p of PROJECTS) {
      repos[p] = join(work, `repo-${p}`);
      await sh(work, 'git', 'clone', '-q', cloneUrl(demo, p), repos[p]!);
      await sh(repos[p]!, 'git', 'config', 'gitreview.remote', 'origin');
      await sh(repos[p]!, 'git', 'config', 'gitreview.project', p);
      await sh(repos[p]!, 'git', 'review', '-s');
    }
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
    await rest(demo, 'POST', `/changes/${n}/revisions/current/review`, { message: 'recheck' });
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
