// Keystone v3 through the real `openstack` CLI: tokens, projects, users, groups, domains, roles, grants, the
// catalog, application credentials, token revocation and password change, each asserted on what the CLI prints.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type NuboServer, startNubo } from './lib/nubo-server.js';
import { asAppCredential, asCloud, asToken, asUser, type OpenstackAs } from './lib/openstack-as.js';
import type { CliResult } from './lib/openstack-cli.js';

type Row = Record<string, unknown>;

/** The row of a `-f json` listing whose `key` column equals `value`, if any. */
const rowWith = (rows: Row[], key: string, value: unknown): Row | undefined => rows.find((r) => r[key] === value);

/** A show of something deleted fails, and the CLI says why (a 404, or osc's own "No <thing> with a name or ID"). */
function assertGone(result: CliResult, what: string): void {
  assert.notEqual(result.code, 0, `${what} is still shown: ${result.stdout}`);
  assert.match(result.stderr, /HTTP 404|No \w+ with a name or ID/, what);
}

/** Refused for want of a valid token (the CLI prints Keystone's status). */
function assertUnauthorized(result: CliResult, what: string): void {
  assert.notEqual(result.code, 0, `${what} succeeded: ${result.stdout}`);
  assert.match(result.stderr, /HTTP 401/, what);
}

// The cases share no resources, so two run at a time: each CLI call is ~1 s of Python start-up on one core.
describe('identity through the openstack CLI', { concurrency: 2 }, () => {
  let server: NuboServer;
  let admin: OpenstackAs;

  before(async () => {
    server = await startNubo();
    admin = asCloud(server, 'nubo-admin');
  });
  after(async () => {
    await server?.stop();
  });

  /** A fresh user with a password and the member role on a fresh project of its own. */
  async function memberUser(name: string, password: string) {
    const project = await admin.json(['project', 'create', '--domain', 'default', `${name}-home`]);
    const user = await admin.json([
      ...['user', 'create', '--domain', 'default', '--project', String(project.id)],
      ...['--password', password, name],
    ]);
    await admin.ok(['role', 'add', '--user', String(user.id), '--project', String(project.id), 'member']);
    return { project, user, login: { username: name, password, projectName: String(project.name) } };
  }

  it('issues a project-scoped token for the admin cloud', async () => {
    const [token, project, user] = await Promise.all([
      admin.json(['token', 'issue']),
      admin.json(['project', 'show', 'admin']),
      admin.json(['user', 'show', 'admin']),
    ]);
    assert.deepEqual(Object.keys(token).sort(), ['expires', 'id', 'project_id', 'user_id']);
    assert.equal(typeof token.id, 'string');
    assert.ok(String(token.id).length > 32, 'a real token id');
    assert.ok(Date.parse(String(token.expires)) > Date.now(), `expires in the future: ${token.expires}`);
    assert.equal(token.project_id, project.id);
    assert.equal(token.user_id, user.id);
  });

  it('creates, lists, shows, updates and deletes a project', async () => {
    const created = await admin.json([
      ...['project', 'create', '--domain', 'default', '--description', 'first', '--property', 'tier=gold'],
      'cli-project',
    ]);
    assert.equal(created.name, 'cli-project');
    assert.equal(created.domain_id, 'default');
    assert.equal(created.description, 'first');
    assert.equal(created.enabled, true);
    assert.equal(created.tier, 'gold', 'an extra property is kept');
    const id = String(created.id);

    const [listed, shown] = await Promise.all([
      admin.json<Row[]>(['project', 'list']),
      admin.json(['project', 'show', 'cli-project']),
    ]);
    assert.deepEqual(rowWith(listed, 'ID', id), { ID: id, Name: 'cli-project' });
    assert.equal(shown.id, id);
    assert.equal(shown.description, 'first');

    await admin.ok(['project', 'set', '--name', 'cli-project-2', '--description', 'second', '--disable', id]);
    const updated = await admin.json(['project', 'show', id]);
    assert.equal(updated.name, 'cli-project-2');
    assert.equal(updated.description, 'second');
    assert.equal(updated.enabled, false);

    await admin.ok(['project', 'delete', id]);
    const [after, show] = await Promise.all([
      admin.json<Row[]>(['project', 'list']),
      admin.run(['project', 'show', id]),
    ]);
    assert.equal(rowWith(after, 'ID', id), undefined);
    assertGone(show, 'deleted project');
  });

  it('creates, lists, shows, updates and deletes a user', async () => {
    const home = await admin.json(['project', 'create', '--domain', 'default', 'cli-user-home']);
    const created = await admin.json([
      ...['user', 'create', '--domain', 'default', '--project', String(home.id), '--password', 'pw-one-1'],
      ...['--email', 'one@example.org', '--description', 'made by the cli test', 'cli-user'],
    ]);
    assert.equal(created.name, 'cli-user');
    assert.equal(created.domain_id, 'default');
    assert.equal(created.default_project_id, home.id);
    assert.equal(created.email, 'one@example.org');
    assert.equal(created.enabled, true);
    assert.equal(created.password, undefined, 'the password is never shown');
    const id = String(created.id);

    const [listed, shown] = await Promise.all([
      admin.json<Row[]>(['user', 'list']),
      admin.json(['user', 'show', 'cli-user']),
    ]);
    assert.deepEqual(rowWith(listed, 'ID', id), { ID: id, Name: 'cli-user' });
    assert.equal(shown.id, id);
    assert.equal(shown.email, 'one@example.org');

    await admin.ok(['user', 'set', '--email', 'two@example.org', '--disable', id]);
    const disabled = await admin.json(['user', 'show', id]);
    assert.equal(disabled.email, 'two@example.org');
    assert.equal(disabled.enabled, false);
    await admin.ok(['user', 'set', '--enable', id]);
    assert.equal((await admin.json(['user', 'show', id])).enabled, true);

    await admin.ok(['user', 'delete', id]);
    const [after, show] = await Promise.all([admin.json<Row[]>(['user', 'list']), admin.run(['user', 'show', id])]);
    assert.equal(rowWith(after, 'ID', id), undefined);
    assertGone(show, 'deleted user');
  });

  it('manages a group and its members', async () => {
    const [created, member] = await Promise.all([
      admin.json(['group', 'create', '--domain', 'default', '--description', 'first', 'cli-group']),
      admin.json(['user', 'create', '--domain', 'default', '--password', 'pw-member-1', 'cli-group-member']),
    ]);
    assert.equal(created.name, 'cli-group');
    assert.equal(created.domain_id, 'default');
    assert.equal(created.description, 'first');
    const id = String(created.id);

    const [listed, shown] = await Promise.all([
      admin.json<Row[]>(['group', 'list']),
      admin.json(['group', 'show', 'cli-group']),
    ]);
    assert.deepEqual(rowWith(listed, 'ID', id), { ID: id, Name: 'cli-group' });
    assert.equal(shown.id, id);
    await admin.ok(['group', 'set', '--description', 'second', id]);
    assert.equal((await admin.json(['group', 'show', id])).description, 'second');

    await admin.ok(['group', 'add', 'user', 'cli-group', 'cli-group-member']);
    const [contains, members] = await Promise.all([
      admin.ok(['group', 'contains', 'user', 'cli-group', 'cli-group-member']),
      admin.json<Row[]>(['user', 'list', '--group', 'cli-group']),
    ]);
    assert.match(contains.stdout, /cli-group-member in group cli-group/);
    assert.deepEqual(
      members.map((m) => m.ID),
      [member.id],
    );

    await admin.ok(['group', 'remove', 'user', 'cli-group', 'cli-group-member']);
    const notContained = await admin.ok(['group', 'contains', 'user', 'cli-group', 'cli-group-member']);
    assert.match(notContained.stderr, /cli-group-member not in group cli-group/);

    await Promise.all([admin.ok(['group', 'delete', id]), admin.ok(['user', 'delete', String(member.id)])]);
    const [after, show] = await Promise.all([admin.json<Row[]>(['group', 'list']), admin.run(['group', 'show', id])]);
    assert.equal(rowWith(after, 'ID', id), undefined);
    assertGone(show, 'deleted group');
  });

  it('creates, lists, shows, disables and deletes a domain', async () => {
    const created = await admin.json(['domain', 'create', '--description', 'first', 'cli-domain']);
    assert.equal(created.name, 'cli-domain');
    assert.equal(created.description, 'first');
    assert.equal(created.enabled, true);
    const id = String(created.id);

    const [listed, shown, deleteEnabled] = await Promise.all([
      admin.json<Row[]>(['domain', 'list']),
      admin.json(['domain', 'show', 'cli-domain']),
      admin.run(['domain', 'delete', id]),
    ]);
    assert.deepEqual(rowWith(listed, 'ID', id), { ID: id, Name: 'cli-domain', Enabled: true, Description: 'first' });
    assert.equal(shown.id, id);
    // Keystone refuses to delete an enabled domain (403) until it is disabled.
    assert.notEqual(deleteEnabled.code, 0, 'an enabled domain was deleted');
    assert.match(deleteEnabled.stderr, /HTTP 403|disable/);

    await admin.ok(['domain', 'set', '--disable', id]);
    assert.equal((await admin.json(['domain', 'show', id])).enabled, false);
    await admin.ok(['domain', 'delete', id]);
    const [after, show] = await Promise.all([admin.json<Row[]>(['domain', 'list']), admin.run(['domain', 'show', id])]);
    assert.equal(rowWith(after, 'ID', id), undefined);
    assertGone(show, 'deleted domain');
  });

  it('creates, lists, shows, updates and deletes a role', async () => {
    const created = await admin.json(['role', 'create', '--description', 'first', 'cli-role']);
    assert.equal(created.name, 'cli-role');
    assert.equal(created.description, 'first');
    assert.equal(created.domain_id ?? null, null, 'a global role');
    const id = String(created.id);

    const [listed, shown] = await Promise.all([
      admin.json<Row[]>(['role', 'list']),
      admin.json(['role', 'show', 'cli-role']),
    ]);
    assert.deepEqual(rowWith(listed, 'ID', id), { ID: id, Name: 'cli-role' });
    for (const builtin of ['admin', 'member', 'reader']) assert.ok(rowWith(listed, 'Name', builtin), builtin);
    assert.equal(shown.id, id);

    await admin.ok(['role', 'set', '--name', 'cli-role-2', '--description', 'second', id]);
    const updated = await admin.json(['role', 'show', id]);
    assert.equal(updated.name, 'cli-role-2');
    assert.equal(updated.description, 'second');

    await admin.ok(['role', 'delete', id]);
    const [after, show] = await Promise.all([admin.json<Row[]>(['role', 'list']), admin.run(['role', 'show', id])]);
    assert.equal(rowWith(after, 'ID', id), undefined);
    assertGone(show, 'deleted role');
  });

  it('grants and revokes roles to users and groups, and lists the assignments', async () => {
    const [project, user, group, roles] = await Promise.all([
      admin.json(['project', 'create', '--domain', 'default', 'cli-grant-project']),
      admin.json(['user', 'create', '--domain', 'default', '--password', 'pw-grantee-1', 'cli-grantee']),
      admin.json(['group', 'create', '--domain', 'default', 'cli-grant-group']),
      admin.json<Row[]>(['role', 'list']),
    ]);
    const roleId = (name: string) => rowWith(roles, 'Name', name)?.ID;
    const [projectId, userId, groupId] = [String(project.id), String(user.id), String(group.id)];
    await Promise.all([
      admin.ok(['group', 'add', 'user', groupId, userId]),
      admin.ok(['role', 'add', '--user', userId, '--project', projectId, 'member']),
      admin.ok(['role', 'add', '--group', groupId, '--domain', 'default', 'reader']),
      admin.ok(['role', 'add', '--group', groupId, '--project', projectId, 'reader']),
    ]);

    const [direct, named, effective, onProject] = await Promise.all([
      admin.json<Row[]>(['role', 'assignment', 'list', '--user', userId, '--project', projectId]),
      admin.json<Row[]>(['role', 'assignment', 'list', '--user', userId, '--project', projectId, '--names']),
      admin.json<Row[]>(['role', 'assignment', 'list', '--user', userId, '--effective', '--names']),
      admin.json<Row[]>(['role', 'assignment', 'list', '--project', projectId]),
    ]);
    assert.deepEqual(direct, [
      { Role: roleId('member'), User: userId, Group: '', Project: projectId, Domain: '', System: '', Inherited: false },
    ]);
    assert.deepEqual(named, [
      {
        ...{ Role: 'member', User: 'cli-grantee@Default', Group: '' },
        ...{ Project: 'cli-grant-project@Default', Domain: '', System: '', Inherited: false },
      },
    ]);
    // Effective: group grants become the user's, and member implies reader; every row names the user.
    const effectiveTargets = new Set(effective.map((r) => `${r.Role} on ${r.Project || r.Domain}`));
    for (const expected of ['member on cli-grant-project@Default', 'reader on cli-grant-project@Default']) {
      assert.ok(effectiveTargets.has(expected), `${expected} in ${[...effectiveTargets].join(', ')}`);
    }
    assert.ok(effectiveTargets.has('reader on Default'), 'the group domain grant is effective for the member');
    assert.ok(
      effective.every((r) => r.User === 'cli-grantee@Default' && r.Group === ''),
      JSON.stringify(effective),
    );
    assert.deepEqual(
      onProject.map((r) => `${r.Role} ${r.User || r.Group}`).sort(),
      [`${roleId('member')} ${userId}`, `${roleId('reader')} ${groupId}`].sort(),
    );

    await Promise.all([
      admin.ok(['role', 'remove', '--user', userId, '--project', projectId, 'member']),
      admin.ok(['role', 'remove', '--group', groupId, '--domain', 'default', 'reader']),
    ]);
    const [userLeft, groupLeft] = await Promise.all([
      admin.json<Row[]>(['role', 'assignment', 'list', '--user', userId]),
      admin.json<Row[]>(['role', 'assignment', 'list', '--group', groupId]),
    ]);
    assert.deepEqual(userLeft, []);
    assert.deepEqual(
      groupLeft.map((r) => [r.Role, r.Project, r.Domain]),
      [[roleId('reader'), projectId, '']],
    );
  });

  it('lists the catalog, services, endpoints and regions with the identity service', async () => {
    const [services, endpoints, regions, catalog] = await Promise.all([
      admin.json<Row[]>(['service', 'list']),
      admin.json<Row[]>(['endpoint', 'list']),
      admin.json<Row[]>(['region', 'list']),
      admin.json<Row[]>(['catalog', 'list']),
    ]);
    const identity = rowWith(services, 'Type', 'identity');
    assert.ok(identity, `an identity service in ${JSON.stringify(services)}`);
    assert.equal(identity.Name, 'keystone');

    const identityEndpoints = endpoints.filter((e) => e['Service Type'] === 'identity');
    assert.deepEqual(identityEndpoints.map((e) => e.Interface).sort(), ['admin', 'internal', 'public']);
    for (const endpoint of identityEndpoints) {
      assert.equal(endpoint.Region, 'RegionOne');
      assert.equal(endpoint.Enabled, true);
      assert.ok(String(endpoint.URL).startsWith(server.url), `endpoint URL ${endpoint.URL}`);
    }
    assert.ok(rowWith(regions, 'Region', 'RegionOne'), `RegionOne in ${JSON.stringify(regions)}`);

    const entry = rowWith(catalog, 'Type', 'identity');
    assert.ok(entry, `identity in the catalog ${JSON.stringify(catalog)}`);
    const urls = (entry.Endpoints as Row[]).filter((e) => e.interface === 'public').map((e) => e.url);
    assert.equal(urls.length, 1);
    assert.ok(String(urls[0]).startsWith(server.url));
  });

  it('authenticates with an application credential scoped to its project, until it is deleted', async () => {
    const { project, user, login } = await memberUser('cli-appcred-owner', 'pw-owner-1');
    const owner = asUser(server, login);
    const credential = await owner.json(['application', 'credential', 'create', '--description', 'e2e', 'cli-ac']);
    assert.equal(credential.name, 'cli-ac');
    assert.equal(credential.project_id, project.id);
    assert.equal(typeof credential.secret, 'string');
    assert.match(String(credential.roles), /\bmember\b/);

    const viaCredential = asAppCredential(server, String(credential.id), String(credential.secret));
    const token = await viaCredential.json(['token', 'issue']);
    assert.equal(token.project_id, project.id);
    assert.equal(token.user_id, user.id);

    await owner.ok(['application', 'credential', 'delete', 'cli-ac']);
    assertUnauthorized(await viaCredential.run(['token', 'issue']), 'a deleted application credential');
  });

  it('refuses a revoked token', async () => {
    const token = await admin.json(['token', 'issue']);
    const holder = asToken(server, String(token.id));
    const before = await holder.json(['token', 'issue']);
    assert.equal(before.user_id, token.user_id, 'the token works before it is revoked');

    await admin.ok(['token', 'revoke', String(token.id)]);
    assertUnauthorized(await holder.run(['token', 'issue']), 'a revoked token');
  });

  it('changes a password: the new one works and the old one stops working', async () => {
    const { user, login } = await memberUser('cli-password-user', 'pw-old-1');
    const oldLogin = asUser(server, login);
    assert.equal((await oldLogin.json(['token', 'issue'])).user_id, user.id);

    await oldLogin.ok(['user', 'password', 'set', '--original-password', 'pw-old-1', '--password', 'pw-new-2']);
    const [withOld, withNew] = await Promise.all([
      oldLogin.run(['token', 'issue']),
      asUser(server, { ...login, password: 'pw-new-2' }).json(['token', 'issue']),
    ]);
    assertUnauthorized(withOld, 'the old password');
    assert.equal(withNew.user_id, user.id);
  });
});
