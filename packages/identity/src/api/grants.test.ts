// Role grants on projects, domains and the system, for users and groups, plain and OS-INHERIT; and their effect
// on tokens: a revoked grant invalidates the token, a group grant reaches members, an inherited one the projects below.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newHexId } from '@nubo/core';
import { type Harness, startHarness } from '../../test/harness.js';
import { addMember, insertGroup } from '../db/groups.js';
import { insertUser } from '../db/users.js';

type Role = { id: string; name: string };
type ErrorBody = { error: { code: number; message: string } };
type Method = 'GET' | 'HEAD' | 'PUT' | 'DELETE';

const PASSWORD = 'grant-pass-1';

describe('role grants', () => {
  let h: Harness;
  let admin: string;
  let demo: string;
  const roles: Record<string, string> = {};
  let demoProject: string;

  async function addUser(name: string, domainId = 'default'): Promise<string> {
    const ctx = h.identity.ctx;
    const id = newHexId();
    await insertUser(ctx.db, {
      id,
      name,
      domain_id: domainId,
      enabled: 1,
      default_project_id: null,
      password_hash: await ctx.passwords.hash(PASSWORD),
      password_created_at: null,
      password_expires_at: null,
      extra: '{}',
      created_at: new Date().toISOString(),
    });
    return id;
  }
  async function addGroup(name: string, members: string[] = []): Promise<string> {
    const id = newHexId();
    await insertGroup(h.identity.ctx.db, { id, name, domain_id: 'default', description: '', extra: '{}' });
    for (const userId of members) await addMember(h.identity.ctx.db, id, userId);
    return id;
  }
  async function addProject(name: string, extra: Record<string, unknown> = {}): Promise<string> {
    const response = await h.call(admin, 'POST', '/v3/projects', { project: { name, ...extra } });
    assert.equal(response.statusCode, 201, response.body);
    return (response.data.project as { id: string }).id;
  }
  async function addDomain(name: string): Promise<string> {
    const response = await h.call(admin, 'POST', '/v3/domains', { domain: { name } });
    assert.equal(response.statusCode, 201, response.body);
    return (response.data.domain as { id: string }).id;
  }
  /** A project-scoped token, or the status the attempt was refused with. */
  async function tryToken(name: string, project: string): Promise<string | number> {
    const response = await h.call(undefined, 'POST', '/v3/auth/tokens', {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name, domain: { id: 'default' }, password: PASSWORD } },
        },
        scope: { project: { id: project } },
      },
    });
    return response.statusCode === 201 ? String(response.headers['x-subject-token']) : response.statusCode;
  }

  before(async () => {
    h = await startHarness();
    admin = await h.adminToken();
    demo = await h.token('demo', h.credentials.demo.password, 'demo');
    for (const role of (await h.call(admin, 'GET', '/v3/roles')).data.roles as Role[]) roles[role.name] = role.id;
    demoProject = ((await h.call(admin, 'GET', '/v3/projects?name=demo')).data.projects as { id: string }[])[0]!.id;
  });
  after(() => h.close());

  test('every grant family: PUT, HEAD, GET, list, DELETE, then 404 once revoked', async () => {
    const user = await addUser('family-user');
    const group = await addGroup('family-group');
    const project = await addProject('family-project');
    const families: [string, string][] = [
      [`/v3/projects/${project}/users/${user}/roles`, project],
      [`/v3/projects/${project}/groups/${group}/roles`, project],
      [`/v3/domains/default/users/${user}/roles`, 'default'],
      [`/v3/domains/default/groups/${group}/roles`, 'default'],
      [`/v3/system/users/${user}/roles`, 'system'],
      [`/v3/system/groups/${group}/roles`, 'system'],
    ];
    for (const [base, targetId] of families) {
      const grant = `${base}/${roles.reader}`;
      assert.equal((await h.call(admin, 'HEAD', grant)).statusCode, 404, grant);
      assert.equal((await h.call(admin, 'PUT', grant)).statusCode, 204, grant);
      assert.equal((await h.call(admin, 'PUT', grant)).statusCode, 204, `${grant} again (idempotent)`);
      assert.equal((await h.call(admin, 'HEAD', grant)).statusCode, 204, grant);
      assert.equal((await h.call(admin, 'GET', grant)).statusCode, 204, grant);
      const listed = await h.call(admin, 'GET', base);
      assert.equal(listed.statusCode, 200, base);
      assert.deepEqual(
        (listed.data.roles as Role[]).map((r) => r.name),
        ['reader'],
        base,
      );
      assert.match(String((listed.data.links as { self: string }).self), new RegExp(`${base}$`));
      assert.equal((await h.call(admin, 'DELETE', grant)).statusCode, 204, grant);
      const missing = await h.call(admin, 'DELETE', grant);
      assert.equal(missing.statusCode, 404, grant);
      const actor = base.includes('/users/') ? user : group;
      assert.equal(
        (missing.data as ErrorBody).error.message,
        `Could not find role assignment with role: ${roles.reader}, user or group: ${actor}, project, domain, or system: ${targetId}.`,
      );
      assert.deepEqual((await h.call(admin, 'GET', base)).data.roles, [], base);
    }
  });

  test('OS-INHERIT grants on domains and projects, kept apart from plain grants', async () => {
    const user = await addUser('inherit-user');
    const group = await addGroup('inherit-group');
    const project = await addProject('inherit-project');
    const grants = [
      `/v3/OS-INHERIT/domains/default/users/${user}/roles/${roles.member}/inherited_to_projects`,
      `/v3/OS-INHERIT/domains/default/groups/${group}/roles/${roles.member}/inherited_to_projects`,
      `/v3/OS-INHERIT/projects/${project}/users/${user}/roles/${roles.member}/inherited_to_projects`,
      `/v3/OS-INHERIT/projects/${project}/groups/${group}/roles/${roles.member}/inherited_to_projects`,
    ];
    for (const grant of grants) {
      assert.equal((await h.call(admin, 'PUT', grant)).statusCode, 204, grant);
      assert.equal((await h.call(admin, 'HEAD', grant)).statusCode, 204, grant);
      // The plain grant on the same target is another assignment.
      const plain = grant.replace('/OS-INHERIT', '').replace('/inherited_to_projects', '');
      assert.equal((await h.call(admin, 'HEAD', plain)).statusCode, 404, plain);
    }
    for (const actor of [`users/${user}`, `groups/${group}`]) {
      const listed = await h.call(admin, 'GET', `/v3/OS-INHERIT/domains/default/${actor}/roles/inherited_to_projects`);
      assert.equal(listed.statusCode, 200);
      assert.deepEqual(
        (listed.data.roles as Role[]).map((r) => r.name),
        ['member'],
      );
      assert.deepEqual((await h.call(admin, 'GET', `/v3/domains/default/${actor}/roles`)).data.roles, []);
    }
    for (const grant of grants) {
      assert.equal((await h.call(admin, 'DELETE', grant)).statusCode, 204, grant);
      assert.equal((await h.call(admin, 'HEAD', grant)).statusCode, 404, grant);
    }
  });

  test('a missing user, group, project, domain or role is a 404 naming it, and nothing is granted', async () => {
    const user = await addUser('missing-cases');
    const group = await addGroup('missing-cases');
    const cases: [Method, string, string][] = [
      ['PUT', `/v3/projects/${demoProject}/users/nope/roles/${roles.reader}`, 'Could not find user: nope.'],
      ['PUT', `/v3/projects/${demoProject}/groups/nope/roles/${roles.reader}`, 'Could not find group: nope.'],
      ['PUT', `/v3/projects/nope/users/${user}/roles/${roles.reader}`, 'Could not find project: nope.'],
      ['PUT', `/v3/domains/nope/groups/${group}/roles/${roles.reader}`, 'Could not find domain: nope.'],
      ['PUT', `/v3/projects/${demoProject}/users/${user}/roles/nope`, 'Could not find role: nope.'],
      ['PUT', `/v3/system/users/nope/roles/${roles.reader}`, 'Could not find user: nope.'],
      ['PUT', `/v3/system/groups/${group}/roles/nope`, 'Could not find role: nope.'],
      ['GET', `/v3/projects/nope/users/${user}/roles`, 'Could not find project: nope.'],
      ['GET', `/v3/domains/default/users/nope/roles`, 'Could not find user: nope.'],
      [
        'GET',
        `/v3/projects/${demoProject}/users/${user}/roles/${roles.reader}`,
        `Could not find role assignment with role: ${roles.reader}, user or group: ${user}, project, domain, or system: ${demoProject}.`,
      ],
      ['DELETE', `/v3/projects/${demoProject}/users/${user}/roles/nope`, 'Could not find role: nope.'],
      [
        'PUT',
        `/v3/OS-INHERIT/domains/nope/users/${user}/roles/${roles.reader}/inherited_to_projects`,
        'Could not find domain: nope.',
      ],
      [
        'PUT',
        `/v3/OS-INHERIT/projects/${demoProject}/users/${user}/roles/nope/inherited_to_projects`,
        'Could not find role: nope.',
      ],
      [
        'GET',
        `/v3/OS-INHERIT/domains/nope/groups/${group}/roles/inherited_to_projects`,
        'Could not find domain: nope.',
      ],
    ];
    for (const [method, path, message] of cases) {
      const response = await h.call(admin, method, path);
      assert.equal(response.statusCode, 404, `${method} ${path}: ${response.body}`);
      assert.equal((response.data as ErrorBody).error.message, message, `${method} ${path}`);
    }
    const all = await h.call(admin, 'GET', `/v3/role_assignments?user.id=${user}`);
    assert.deepEqual(all.data.role_assignments, []);
  });

  test('domain-specific roles: only on projects of their domain, never on the system', async () => {
    const user = await addUser('local-user');
    const other = await addDomain('elsewhere');
    const local = await h.call(admin, 'POST', '/v3/roles', { role: { name: 'local-editor', domain_id: other } });
    const localId = (local.data.role as Role).id;
    const mismatch = await h.call(admin, 'PUT', `/v3/projects/${demoProject}/users/${user}/roles/${localId}`);
    assert.equal(mismatch.statusCode, 403);
    assert.equal(
      (mismatch.data as ErrorBody).error.message,
      `Project ${demoProject} must be in the same domain as the role ${localId} being assigned.`,
    );
    const system = await h.call(admin, 'PUT', `/v3/system/users/${user}/roles/${localId}`);
    assert.equal(system.statusCode, 400);
    assert.equal(
      (system.data as ErrorBody).error.message,
      `Role ${localId} is a domain-specific role. Unable to use a domain-specific role in a system assignment.`,
    );
    const inOther = await addProject('in-elsewhere', { domain_id: other });
    assert.equal(
      (await h.call(admin, 'PUT', `/v3/projects/${inOther}/users/${user}/roles/${localId}`)).statusCode,
      204,
    );
  });

  test('a member may not grant, check, list or revoke, and nothing changes', async () => {
    const user = await addUser('would-be-admin');
    const demoId = await findUserId('demo');
    const cases: [string | undefined, Method, string, number][] = [
      [undefined, 'PUT', `/v3/projects/${demoProject}/users/${user}/roles/${roles.admin}`, 401],
      [demo, 'PUT', `/v3/projects/${demoProject}/users/${user}/roles/${roles.admin}`, 403],
      [demo, 'PUT', `/v3/projects/${demoProject}/users/${demoId}/roles/${roles.admin}`, 403],
      [demo, 'PUT', `/v3/domains/default/users/${demoId}/roles/${roles.admin}`, 403],
      [demo, 'PUT', `/v3/system/users/${demoId}/roles/${roles.admin}`, 403],
      [demo, 'PUT', `/v3/OS-INHERIT/domains/default/users/${demoId}/roles/${roles.admin}/inherited_to_projects`, 403],
      [demo, 'GET', `/v3/projects/${demoProject}/users/${demoId}/roles`, 403],
      [demo, 'HEAD', `/v3/projects/${demoProject}/users/${demoId}/roles/${roles.member}`, 403],
      [demo, 'DELETE', `/v3/projects/${demoProject}/users/${demoId}/roles/${roles.member}`, 403],
      [demo, 'GET', `/v3/system/users/${demoId}/roles`, 403],
    ];
    for (const [token, method, path, status] of cases) {
      assert.equal((await h.call(token, method, path)).statusCode, status, `${method} ${path}`);
    }
    const left = await h.call(admin, 'GET', `/v3/projects/${demoProject}/users/${demoId}/roles`);
    assert.deepEqual(
      (left.data.roles as Role[]).map((r) => r.name),
      ['member'],
    );
    assert.deepEqual((await h.call(admin, 'GET', `/v3/role_assignments?user.id=${user}`)).data.role_assignments, []);
    assert.deepEqual((await h.call(admin, 'GET', `/v3/system/users/${demoId}/roles`)).data.roles, []);
  });

  test('grant → the user can scope a token → revoke → the token no longer validates (401)', async () => {
    const userId = await addUser('scoper');
    const project = await addProject('scoper-project');
    assert.equal(await tryToken('scoper', project), 401, 'no role on the project yet');
    const grant = `/v3/projects/${project}/users/${userId}/roles/${roles.member}`;
    assert.equal((await h.call(admin, 'PUT', grant)).statusCode, 204);
    const token = await tryToken('scoper', project);
    assert.equal(typeof token, 'string');
    assert.equal((await h.call(String(token), 'GET', '/v3/auth/catalog')).statusCode, 200);
    assert.equal((await h.call(admin, 'DELETE', grant)).statusCode, 204);
    assert.equal((await h.call(String(token), 'GET', '/v3/auth/catalog')).statusCode, 401);
    assert.equal(await tryToken('scoper', project), 401);
  });

  test('a group grant reaches its members, and leaves them when revoked', async () => {
    const member = await addUser('grouped');
    const group = await addGroup('readers', [member]);
    const project = await addProject('group-project');
    const grant = `/v3/projects/${project}/groups/${group}/roles/${roles.reader}`;
    assert.equal((await h.call(admin, 'PUT', grant)).statusCode, 204);
    const token = await tryToken('grouped', project);
    assert.equal(typeof token, 'string');
    assert.equal((await h.call(admin, 'DELETE', grant)).statusCode, 204);
    assert.equal((await h.call(String(token), 'GET', '/v3/auth/catalog')).statusCode, 401);
  });

  test('inherited grants reach the projects below their target, not the target itself', async () => {
    const user = await addUser('heir');
    const parent = await addProject('estate');
    const child = await addProject('estate-wing', { parent_id: parent });
    const onParent = `/v3/OS-INHERIT/projects/${parent}/users/${user}/roles/${roles.member}/inherited_to_projects`;
    assert.equal((await h.call(admin, 'PUT', onParent)).statusCode, 204);
    assert.equal(await tryToken('heir', parent), 401, 'an inherited grant does not apply to its own project');
    const childToken = await tryToken('heir', child);
    assert.equal(typeof childToken, 'string');
    assert.equal((await h.call(admin, 'DELETE', onParent)).statusCode, 204);
    assert.equal((await h.call(String(childToken), 'GET', '/v3/auth/catalog')).statusCode, 401);

    const other = await addDomain('inherited-domain');
    const inOther = await addProject('far-away', { domain_id: other });
    const onDomain = `/v3/OS-INHERIT/domains/${other}/users/${user}/roles/${roles.reader}/inherited_to_projects`;
    assert.equal((await h.call(admin, 'PUT', onDomain)).statusCode, 204);
    assert.equal(typeof (await tryToken('heir', inOther)), 'string', 'a domain-inherited grant reaches its projects');
    assert.equal(await tryToken('heir', child), 401, 'but not projects of other domains');
  });

  async function findUserId(name: string): Promise<string> {
    const row = await h.identity.ctx.db
      .selectFrom('identity_users')
      .select('id')
      .where('name', '=', name)
      .executeTakeFirstOrThrow();
    return row.id;
  }
});
