// The review service with the real git and Debian's git-review against a running nubo: set up, upload, amend,
// vote, submit, a conflict, a push without Change-Id, and the REST API's bad-input answers. Loopback only.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { accessSync, constants, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { createGitWorkspace, gitEnv } from './lib/git-workspace.js';
import { type NuboServer, startNubo } from './lib/nubo-server.js';

const run = promisify(execFile);

type Info = Record<string, any>;
interface Result {
  code: number;
  stdout: string;
  stderr: string;
}
interface User {
  username: string;
  password: string;
}

describe('code review with git and git-review', () => {
  let server: NuboServer;
  let admin: User;
  let demo: User;
  let work: string;
  const project = 'e2e-project';

  before(async () => {
    server = await startNubo();
    admin = { username: 'admin', password: server.credentials.admin.password };
    demo = { username: 'demo', password: server.credentials.demo.password };
    work = createGitWorkspace('nubo-e2e-review-');
  });
  after(async () => {
    await server?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const env = () => gitEnv(work);

  /** Runs a command in `cwd`; never throws, so failures can be asserted on. */
  async function sh(cwd: string, command: string, ...args: string[]): Promise<Result> {
    try {
      const { stdout, stderr } = await run(command, args, { cwd, env: env(), timeout: 60_000 });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  }

  /** A REST call under /review/a/ with HTTP Basic; the answer's JSON without Gerrit's `)]}'` line. */
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

  /** The clone URL with the user's credentials in it: loopback only. */
  const cloneUrl = (who: User) =>
    `http://${who.username}:${encodeURIComponent(who.password)}@127.0.0.1:${server.port}/review/${project}`;

  let repo: string;
  let first: Info;

  it('an admin creates the project; a member may not', async () => {
    const denied = await rest(demo, 'PUT', '/projects/not-mine', {});
    assert.equal(denied.status, 403);
    assert.equal(denied.text, 'create project not permitted\n');
    const created = await rest(admin, 'PUT', `/projects/${project}`, { create_empty_commit: true, description: 'e2e' });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.data.name, project);
  });

  it('clones over HTTP and `git review -s` installs the commit-msg hook', async () => {
    const cloned = await sh(work, 'git', 'clone', cloneUrl(demo), 'repo');
    assert.equal(cloned.code, 0, cloned.stderr);
    repo = join(work, 'repo');
    // No .gitreview in the project: tell git-review which remote and project (nubo serves under /review).
    await sh(repo, 'git', 'config', 'gitreview.remote', 'origin');
    await sh(repo, 'git', 'config', 'gitreview.project', project);
    const setup = await sh(repo, 'git', 'review', '-s');
    assert.equal(setup.code, 0, `${setup.stdout}\n${setup.stderr}`);
    accessSync(join(repo, '.git', 'hooks', 'commit-msg'), constants.X_OK);
  });

  it('`git review` creates a change, and amending makes patch set 2 of the same change', async () => {
    writeFileSync(join(repo, 'README'), 'first version\n');
    await sh(repo, 'git', 'add', 'README');
    assert.equal((await sh(repo, 'git', 'commit', '-q', '-m', 'Add a README')).code, 0);
    const message = (await sh(repo, 'git', 'log', '-1', '--format=%B')).stdout;
    const changeId = /^Change-Id: (I[0-9a-f]{40})$/m.exec(message)?.[1];
    assert.ok(changeId, `the hook added a Change-Id: ${message}`);

    const uploaded = await sh(repo, 'git', 'review');
    assert.equal(uploaded.code, 0, `${uploaded.stdout}\n${uploaded.stderr}`);
    assert.match(uploaded.stdout + uploaded.stderr, /\/review\/c\/e2e-project\/\+\/\d+ Add a README \[NEW\]/);
    const [change] = (await rest(demo, 'GET', `/changes/?q=project:${project}+status:open`)).data as Info[];
    assert.equal(change!.change_id, changeId);
    assert.equal(change!.owner.username, 'demo');
    const listed = await sh(repo, 'git', 'review', '-l');
    assert.match(listed.stdout, new RegExp(`${change!._number}\\s+master\\s+Add a README`), listed.stdout);

    writeFileSync(join(repo, 'README'), 'second version\n');
    await sh(repo, 'git', 'add', 'README');
    assert.equal((await sh(repo, 'git', 'commit', '-q', '--amend', '--no-edit')).code, 0);
    const again = await sh(repo, 'git', 'review');
    assert.equal(again.code, 0, `${again.stdout}\n${again.stderr}`);
    first = (await rest(demo, 'GET', `/changes/${change!._number}?o=ALL_REVISIONS`)).data as Info;
    assert.equal(first._number, change!._number, 'the same change');
    assert.equal(first.current_revision_number, 2);
    assert.equal(Object.keys(first.revisions).length, 2);
    assert.equal(
      first.revisions[first.current_revision].ref,
      `refs/changes/${String(first._number % 100).padStart(2, '0')}/${first._number}/2`,
    );
  });

  let second: Info;
  it('a second change on the same file, from the old base, is uploaded', async () => {
    assert.equal((await sh(repo, 'git', 'checkout', '-q', '-b', 'other', 'origin/master')).code, 0);
    writeFileSync(join(repo, 'README'), 'a different first version\n');
    await sh(repo, 'git', 'add', 'README');
    await sh(repo, 'git', 'commit', '-q', '-m', 'Another README');
    const uploaded = await sh(repo, 'git', 'review', 'master');
    assert.equal(uploaded.code, 0, `${uploaded.stdout}\n${uploaded.stderr}`);
    second = ((await rest(demo, 'GET', `/changes/?q=project:${project}+message:Another`)).data as Info[])[0]!;
    assert.equal(second.topic, 'other', 'git-review names the topic after the local branch');
  });

  it('bad input: unknown change 404, vote out of range 400, submit without approvals 409', async () => {
    const missing = await rest(admin, 'GET', '/changes/987654');
    assert.equal(missing.status, 404);
    assert.equal(missing.text, 'Not found: 987654\n');
    const range = await rest(admin, 'POST', `/changes/${first._number}/revisions/current/review`, {
      labels: { 'Code-Review': 5 },
    });
    assert.equal(range.status, 400);
    assert.equal(range.text, 'label "Code-Review": 5 is not a valid value\n');
    const early = await rest(admin, 'POST', `/changes/${first._number}/submit`, {});
    assert.equal(early.status, 409);
    assert.match(
      early.text,
      /^Failed to submit 1 change due to the following problems:\nChange \d+: submit requirement 'Code-Review' is unsatisfied\.\n$/,
    );
  });

  it('+2/+1/+1 and submit: the branch has the commit', async () => {
    const voted = await rest(admin, 'POST', `/changes/${first._number}/revisions/current/review`, {
      message: 'Approved in e2e',
      labels: { 'Code-Review': 2, Verified: 1, Workflow: 1 },
    });
    assert.equal(voted.status, 200, voted.text);
    const submitted = await rest(admin, 'POST', `/changes/${first._number}/submit`, {});
    assert.equal(submitted.status, 200, submitted.text);
    assert.equal(submitted.data.status, 'MERGED');
    assert.equal((await sh(repo, 'git', 'fetch', '-q', 'origin')).code, 0);
    const tip = (await sh(repo, 'git', 'rev-parse', 'origin/master')).stdout.trim();
    assert.equal(tip, first.current_revision, 'a fast-forward to patch set 2');
    const branch = await rest(demo, 'GET', `/projects/${project}/branches/master`);
    assert.equal(branch.data.revision, tip);
  });

  it('the conflicting change cannot be submitted: 409', async () => {
    await rest(admin, 'POST', `/changes/${second._number}/revisions/current/review`, {
      labels: { 'Code-Review': 2, Verified: 1, Workflow: 1 },
    });
    const conflict = await rest(admin, 'POST', `/changes/${second._number}/submit`, {});
    assert.equal(conflict.status, 409);
    assert.match(conflict.text, /Change could not be merged due to a path conflict\. Please rebase the change locally/);
    assert.equal((await rest(admin, 'GET', `/changes/${second._number}`)).data.status, 'NEW');
  });

  it('a push without Change-Id is refused with the hook hint; a direct push by a member too', async () => {
    const plain = join(work, 'plain');
    assert.equal((await sh(work, 'git', 'clone', '-q', cloneUrl(demo), 'plain')).code, 0);
    writeFileSync(join(plain, 'NOTES'), 'no change id\n');
    await sh(plain, 'git', 'add', 'NOTES');
    await sh(plain, 'git', 'commit', '-q', '-m', 'Commit without hook');
    const refused = await sh(plain, 'git', 'push', 'origin', 'HEAD:refs/for/master');
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /ERROR: commit [0-9a-f]{7}: missing Change-Id in message footer/);
    assert.match(refused.stderr, /Hint: to automatically insert a Change-Id, install the hook:/);
    assert.match(refused.stderr, /\/review\/tools\/hooks\/commit-msg ; chmod \+x/);
    assert.match(
      refused.stderr,
      /! \[remote rejected\] HEAD -> refs\/for\/master \(commit [0-9a-f]{7}: missing Change-Id in message footer\)/,
    );
    const direct = await sh(plain, 'git', 'push', 'origin', 'HEAD:refs/heads/master');
    assert.match(direct.stderr, /prohibited by Gerrit: not permitted: update/);
  });
});
