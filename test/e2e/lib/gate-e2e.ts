// What the gate's end-to-end tests share: git and git-review in a workspace, the review REST API as a user, the
// gate's REST API, waiting for a state, and the moves of a developer (push a config, upload a change with
// `git review`, approve, read the branch history).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gitEnv } from './git-workspace.js';
import type { NuboServer } from './nubo-server.js';

const run = promisify(execFile);
export type Info = Record<string, any>;
export interface ReviewUser {
  username: string;
  password: string;
}

/** The helpers over one running nubo (`server()`, read at each call: tests restart it) and a git workspace. */
export function gateE2e(server: () => NuboServer, work: string, tenant = 'example') {
  const repos: Record<string, string> = {};
  const admin = (): ReviewUser => ({ username: 'admin', password: server().credentials.admin.password });
  const demo = (): ReviewUser => ({ username: 'demo', password: server().credentials.demo.password });

  async function sh(cwd: string, command: string, ...args: string[]): Promise<string> {
    try {
      const { stdout, stderr } = await run(command, args, { cwd, env: gitEnv(work), timeout: 60_000 });
      return stdout + stderr;
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      throw new Error(`${command} ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
    }
  }
  async function rest(who: ReviewUser, method: string, path: string, body?: unknown) {
    const response = await fetch(`${server().url}/review/a${path}`, {
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
  const cloneUrl = (who: ReviewUser, project: string) =>
    `http://${who.username}:${encodeURIComponent(who.password)}@127.0.0.1:${server().port}/review/${project}`;
  const change = async (n: number): Promise<Info> =>
    (await rest(admin(), 'GET', `/changes/${n}?o=MESSAGES&o=DETAILED_LABELS`)).data as Info;
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
    const response = await fetch(`${server().url}/zuul/api/tenant/${tenant}${path}`);
    return (await response.json()) as Info;
  }

  /** Pushes files straight to master as the admin (configuration set-up). */
  async function pushDirect(project: string, files: Record<string, string>) {
    const dir = join(work, `direct-${project}`);
    rmSync(dir, { recursive: true, force: true });
    await sh(work, 'git', 'clone', '-q', cloneUrl(admin(), project), dir);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    await sh(dir, 'git', 'add', '-A');
    await sh(dir, 'git', 'commit', '-q', '-m', `Configure ${project}`);
    await sh(dir, 'git', 'push', '-q', 'origin', 'HEAD:refs/heads/master');
  }

  /** Creates the projects, pushes their configuration, waits for the layout, clones each as demo for git-review. */
  async function setUpProjects(config: Record<string, string>, projects: Record<string, Record<string, string>>) {
    for (const p of ['config', ...Object.keys(projects)]) {
      const created = await rest(admin(), 'PUT', `/projects/${p}`, { create_empty_commit: true });
      assert.equal(created.status, 201, created.text);
    }
    await pushDirect('config', config);
    for (const [p, files] of Object.entries(projects)) await pushDirect(p, files);
    await waitFor('the projects in the layout', async () => {
      const listed = (await gateApi('/projects')) as unknown as Info[];
      return Array.isArray(listed) && Object.keys(projects).every((p) => listed.some((x) => x.name === p));
    });
    assert.deepEqual(await gateApi('/config-errors'), []);
    for (const p of Object.keys(projects)) {
      repos[p] = join(work, `repo-${p}`);
      await sh(work, 'git', 'clone', '-q', cloneUrl(demo(), p), repos[p]!);
      await sh(repos[p]!, 'git', 'config', 'gitreview.remote', 'origin');
      await sh(repos[p]!, 'git', 'config', 'gitreview.project', p);
      await sh(repos[p]!, 'git', 'review', '-s');
    }
  }

  /** A change uploaded with `git review` from a fresh branch off origin/master; returns its number. */
  async function upload(project: string, files: Record<string, string>, subject: string, dependsOn: number[] = []) {
    const dir = repos[project]!;
    await sh(dir, 'git', 'fetch', '-q', 'origin');
    const branch = `topic-${subject.replace(/\W+/g, '-').toLowerCase()}`;
    await sh(dir, 'git', 'checkout', '-q', '-B', branch, 'origin/master');
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    await sh(dir, 'git', 'add', '-A');
    const footers = dependsOn.map((n) => `Depends-On: ${server().url}/review/c/x/+/${n}`).join('\n');
    await sh(dir, 'git', 'commit', '-q', '-m', footers ? `${subject}\n\n${footers}` : subject);
    const out = await sh(dir, 'git', 'review', 'master');
    const number = Number(/\/\+\/(\d+) /.exec(out)?.[1]);
    assert.ok(number > 0, out);
    return number;
  }
  const approve = (n: number) =>
    rest(admin(), 'POST', `/changes/${n}/revisions/current/review`, { labels: { 'Code-Review': 2, Workflow: 1 } });
  async function history(project: string): Promise<string[]> {
    const dir = repos[project]!;
    await sh(dir, 'git', 'fetch', '-q', 'origin');
    const out = await sh(dir, 'git', 'log', '--first-parent', '--reverse', '--format=%s', 'origin/master');
    return out
      .trim()
      .split('\n')
      .map((s) => s.replace(/^Merge "(.*)"$/, '$1'));
  }

  return {
    admin,
    demo,
    repos,
    sh,
    rest,
    change,
    zuulMessages,
    verified,
    waitFor,
    gateApi,
    pushDirect,
    setUpProjects,
    upload,
    approve,
    history,
  };
}
