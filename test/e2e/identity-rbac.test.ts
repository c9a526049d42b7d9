// Keystone's default policies through the `openstack` CLI: a project member cannot administer identity or see
// other projects, the admin can, and the demo cloud sees its own token and project.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertKeystoneError, keystoneCall, passwordToken } from './lib/keystone-http.js';
import { type NuboServer, startNubo } from './lib/nubo-server.js';
import { asCloud, asUser, type OpenstackAs } from './lib/openstack-as.js';
import type { CliResult } from './lib/openstack-cli.js';

type Row = Record<string, unknown>;

/** The CLI exited non-zero and printed Keystone's status: one of `statuses`. */
function assertRefused(result: CliResult, statuses: number[], what: string): void {
  assert.notEqual(result.code, 0, `${what} was allowed: ${result.stdout}`);
  assert.match(result.stderr, new RegExp(`HTTP (${statuses.join('|')})\\b`), `${what}: ${result.stderr}`);
}

describe('identity RBAC through the openstack CLI', () => {
  let server: NuboServer;
  let admin: OpenstackAs;
  let member: OpenstackAs;
  const ids = { projectA: '', projectB: '', user: '' };
  const memberLogin = { username: 'rbac-member', password: 'pw-rbac-1', projectName: 'rbac-project-a' };

  before(async () => {
    server = await startNubo();
    admin = asCloud(server, 'nubo-admin');
    const [a, b] = await Promise.all([
      admin.json(['project', 'create', '--domain', 'default', 'rbac-project-a']),
      admin.json(['project', 'create', '--domain', 'default', 'rbac-project-b']),
    ]);
    const user = await admin.json([
      ...['user', 'create', '--domain', 'default', '--project', String(a.id)],
      ...['--password', 'pw-rbac-1', 'rbac-member'],
    ]);
    await admin.ok(['role', 'add', '--user', String(user.id), '--project', String(a.id), 'member']);
    Object.assign(ids, { projectA: String(a.id), projectB: String(b.id), user: String(user.id) });
    member = asUser(server, memberLogin);
  });
  after(async () => {
    await server?.stop();
  });

  it('lets the member use its own project and token', async () => {
    const [token, own] = await Promise.all([
      member.json(['token', 'issue']),
      member.json(['project', 'show', ids.projectA]),
    ]);
    assert.equal(token.user_id, ids.user);
    assert.equal(token.project_id, ids.projectA);
    assert.equal(own.name, 'rbac-project-a');
  });

  it('refuses the member identity administration and other projects', async () => {
    const [users, otherProject, grant, newProject, adminRole, memberToken] = await Promise.all([
      member.run(['user', 'list']),
      member.run(['project', 'show', ids.projectB]),
      member.run(['role', 'add', '--user', ids.user, '--project', ids.projectA, 'admin']),
      member.run(['project', 'create', '--domain', 'default', 'rbac-by-member']),
      admin.json(['role', 'show', 'admin']),
      passwordToken(server, memberLogin),
    ]);
    assertRefused(users, [403], 'user list as a member');
    // osc falls back from GET /v3/projects/{id} to a name search, which a member may not do either.
    assertRefused(otherProject, [403, 404], 'project show B as a member of A');
    assertRefused(grant, [403], 'role add (admin on its own project) as a member');
    assertRefused(newProject, [403], 'project create as a member');
    // osc is refused at its role lookup already, so the grant API itself is asked directly too.
    const put = await keystoneCall(server, `/v3/projects/${ids.projectA}/users/${ids.user}/roles/${adminRole.id}`, {
      method: 'PUT',
      token: memberToken,
    });
    assertKeystoneError(put, 403, 'PUT grant as a member');

    // Nothing the member tried took effect.
    const [assignments, projects] = await Promise.all([
      admin.json<Row[]>(['role', 'assignment', 'list', '--user', ids.user]),
      admin.json<Row[]>(['project', 'list']),
    ]);
    assert.deepEqual(
      assignments.map((r) => r.Project),
      [ids.projectA],
    );
    assert.equal(
      projects.find((p) => p.Name === 'rbac-by-member'),
      undefined,
    );
  });

  it('lets the admin do what the member could not', async () => {
    const [users, otherProject] = await Promise.all([
      admin.json<Row[]>(['user', 'list']),
      admin.json(['project', 'show', ids.projectB]),
      admin.ok(['role', 'add', '--user', ids.user, '--project', ids.projectB, 'reader']),
    ]);
    assert.ok(
      users.some((u) => u.ID === ids.user),
      'the member is listed',
    );
    assert.equal(otherProject.name, 'rbac-project-b');
    const assignments = await admin.json<Row[]>(['role', 'assignment', 'list', '--user', ids.user, '--names']);
    assert.deepEqual(assignments.map((r) => `${r.Role} on ${r.Project}`).sort(), [
      'member on rbac-project-a@Default',
      'reader on rbac-project-b@Default',
    ]);
    // With the grant the member can now scope a token to project B.
    const toB = asUser(server, { ...memberLogin, projectName: 'rbac-project-b' });
    assert.equal((await toB.json(['token', 'issue'])).project_id, ids.projectB);
  });

  it('lets the demo cloud issue a token and show its own project only', async () => {
    const demo = asCloud(server, 'nubo-demo');
    const [token, own, users] = await Promise.all([
      demo.json(['token', 'issue']),
      demo.json(['project', 'show', 'demo']),
      demo.run(['user', 'list']),
    ]);
    assert.equal(token.project_id, own.id);
    assert.equal(own.name, 'demo');
    assertRefused(users, [403], 'user list as demo');
  });
});
