// /v3/groups and group membership against a bootstrapped Identity on SQLite: CRUD, validation, policy, revocation.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Harness, startHarness } from '../../test/harness.js';
import { insertAssignment } from '../db/assignments.js';
import { findProjectByName } from '../db/projects.js';
import { findRoleByName } from '../db/roles.js';

let h: Harness;
let admin: string;

before(async () => {
  h = await startHarness();
  admin = await h.adminToken();
});
after(() => h.close());

type Json = Record<string, unknown>;

async function create(kind: 'group' | 'user', body: Json): Promise<Json> {
  const response = await h.call(admin, 'POST', `/v3/${kind}s`, { [kind]: body });
  assert.equal(response.statusCode, 201, response.body);
  return response.data[kind] as Json;
}

async function memberNames(groupId: unknown): Promise<unknown[]> {
  const response = await h.call(admin, 'GET', `/v3/groups/${groupId}/users`);
  assert.equal(response.statusCode, 200, response.body);
  return (response.data.users as Json[]).map((u) => u.name);
}

/** Gives a group the member role on the demo project, straight in the database (grants have their own tests). */
async function grantOnDemo(groupId: unknown): Promise<void> {
  const { ctx } = h.identity;
  const role = await findRoleByName(ctx.db, 'member');
  const project = await findProjectByName(ctx.db, 'default', 'demo');
  await insertAssignment(ctx.db, {
    type: 'GroupProject',
    actor_id: String(groupId),
    target_id: project!.id,
    role_id: role!.id,
    inherited: 0,
  });
  ctx.changes.bump();
}

describe('group CRUD', () => {
  test('create, show, list, update and delete round trip', async () => {
    const created = await create('group', { name: 'devs', description: 'Developers', colour: 'blue' });
    assert.match(String(created.id), /^[0-9a-f]{32}$/);
    assert.deepEqual(created, {
      id: created.id,
      name: 'devs',
      domain_id: 'default',
      description: 'Developers',
      colour: 'blue',
      links: { self: `${h.identity.ctx.baseUrl}/v3/groups/${created.id}` },
    });
    const shown = await h.call(admin, 'GET', `/v3/groups/${created.id}`);
    assert.equal(shown.statusCode, 200);
    assert.deepEqual(shown.data.group, created);
    assert.equal((await h.call(admin, 'HEAD', `/v3/groups/${created.id}`)).statusCode, 200);

    const listed = await h.call(admin, 'GET', '/v3/groups?name=devs&domain_id=default');
    assert.equal(listed.statusCode, 200);
    assert.deepEqual(listed.data.groups, [created]);
    assert.deepEqual((await h.call(admin, 'GET', '/v3/groups?domain_id=nope')).data.groups, []);

    const patched = await h.call(admin, 'PATCH', `/v3/groups/${created.id}`, {
      group: { name: 'developers', description: null },
    });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.deepEqual(patched.data.group, { ...created, name: 'developers', description: '' });

    assert.equal((await h.call(admin, 'DELETE', `/v3/groups/${created.id}`)).statusCode, 204);
    const gone = await h.call(admin, 'GET', `/v3/groups/${created.id}`);
    assert.equal(gone.statusCode, 404);
    assert.deepEqual(gone.data, {
      error: { code: 404, title: 'Not Found', message: `Could not find group: ${created.id}.` },
    });
  });

  test('a duplicate name in a domain is 409; the same name in another domain is not', async () => {
    await create('group', { name: 'ops' });
    const response = await h.call(admin, 'POST', '/v3/groups', { group: { name: 'ops' } });
    assert.equal(response.statusCode, 409);
    assert.equal(
      (response.data.error as Json).message,
      'Conflict occurred attempting to store group - Duplicate entry found with name ops at domain ID default.',
    );
    const domain = await h.call(admin, 'POST', '/v3/domains', { domain: { name: 'other-groups' } });
    const elsewhere = await create('group', { name: 'ops', domain_id: (domain.data.domain as Json).id });
    assert.equal(elsewhere.domain_id, (domain.data.domain as Json).id);
    const other = await create('group', { name: 'ops2' });
    assert.equal((await h.call(admin, 'PATCH', `/v3/groups/${other.id}`, { group: { name: 'ops' } })).statusCode, 409);
  });
});

describe('bad input changes nothing', () => {
  const creates: [string, unknown][] = [
    ['no group member', { name: 'x' }],
    ['an unknown top-level member', { group: { name: 'x1' }, more: 1 }],
    ['missing name', { group: { description: 'x' } }],
    ['name too long', { group: { name: 'g'.repeat(256) } }],
    ['blank name', { group: { name: ' ' } }],
    ['description is a number', { group: { name: 'x2', description: 5 } }],
    ['domain_id is a number', { group: { name: 'x3', domain_id: 5 } }],
    ['malformed JSON', '{"group": '],
  ];
  for (const [name, body] of creates) {
    test(`POST /v3/groups with ${name} is 400`, async () => {
      const before = (await h.call(admin, 'GET', '/v3/groups')).data.groups;
      const response = await h.call(admin, 'POST', '/v3/groups', body);
      assert.equal(response.statusCode, 400, response.body);
      assert.equal((response.data.error as Json).code, 400);
      assert.deepEqual((await h.call(admin, 'GET', '/v3/groups')).data.groups, before);
    });
  }

  const updates: [string, unknown][] = [
    ['no attribute', { group: {} }],
    ['another domain_id', { group: { domain_id: 'elsewhere' } }],
    ['another id', { group: { id: 'e'.repeat(32) } }],
    ['name is a list', { group: { name: ['a'] } }],
    ['malformed JSON', 'nope'],
  ];
  for (const [name, body] of updates) {
    test(`PATCH /v3/groups/{id} with ${name} is 400`, async () => {
      const group = await create('group', { name: `patch-${name}` });
      const response = await h.call(admin, 'PATCH', `/v3/groups/${group.id}`, body);
      assert.equal(response.statusCode, 400, response.body);
      assert.deepEqual((await h.call(admin, 'GET', `/v3/groups/${group.id}`)).data.group, group);
    });
  }

  test('creating a group in an unknown domain is 404', async () => {
    const response = await h.call(admin, 'POST', '/v3/groups', { group: { name: 'lost', domain_id: 'nowhere' } });
    assert.equal(response.statusCode, 404);
  });
});

describe('membership', () => {
  test('add, check, list and remove a member', async () => {
    const group = await create('group', { name: 'members' });
    const user = await create('user', { name: 'mallory' });
    const path = `/v3/groups/${group.id}/users/${user.id}`;
    assert.equal((await h.call(admin, 'HEAD', path)).statusCode, 404);
    const added = await h.call(admin, 'PUT', path);
    assert.equal(added.statusCode, 204);
    assert.equal(added.body, '');
    assert.equal((await h.call(admin, 'PUT', path)).statusCode, 204, 'adding twice is fine');
    assert.equal((await h.call(admin, 'HEAD', path)).statusCode, 204);
    assert.equal((await h.call(admin, 'GET', path)).statusCode, 204);
    assert.deepEqual(await memberNames(group.id), ['mallory']);
    const listed = await h.call(admin, 'GET', `/v3/groups/${group.id}/users?name=mallory&enabled=true`);
    assert.deepEqual(listed.data.users, [user]);
    assert.deepEqual((await h.call(admin, 'GET', `/v3/groups/${group.id}/users?name=other`)).data.users, []);

    assert.equal((await h.call(admin, 'DELETE', path)).statusCode, 204);
    assert.equal((await h.call(admin, 'HEAD', path)).statusCode, 404);
    const again = await h.call(admin, 'DELETE', path);
    assert.equal(again.statusCode, 404);
    assert.equal((again.data.error as Json).message, `User '${user.id}' not found in group '${group.id}'`);
    assert.deepEqual(await memberNames(group.id), []);
  });

  test('a user of another domain may join', async () => {
    const domain = await h.call(admin, 'POST', '/v3/domains', { domain: { name: 'far-away' } });
    const user = await create('user', { name: 'niaj', domain_id: (domain.data.domain as Json).id });
    const group = await create('group', { name: 'mixed' });
    assert.equal((await h.call(admin, 'PUT', `/v3/groups/${group.id}/users/${user.id}`)).statusCode, 204);
    assert.deepEqual(await memberNames(group.id), ['niaj']);
  });

  const missing = 'd'.repeat(32);
  const cases: [string, 'group' | 'user'][] = [
    ['PUT', 'group'],
    ['PUT', 'user'],
    ['HEAD', 'group'],
    ['HEAD', 'user'],
    ['DELETE', 'group'],
    ['DELETE', 'user'],
  ];
  for (const [method, absent] of cases) {
    test(`${method} of a membership with an unknown ${absent} is 404`, async () => {
      const group = await create('group', { name: `m-${method}-${absent}` });
      const user = await create('user', { name: `m-${method}-${absent}` });
      const groupId = absent === 'group' ? missing : group.id;
      const userId = absent === 'user' ? missing : user.id;
      const response = await h.call(admin, method as 'PUT', `/v3/groups/${groupId}/users/${userId}`);
      assert.equal(response.statusCode, 404, response.body);
      if (method !== 'HEAD')
        assert.equal((response.data.error as Json).message, `Could not find ${absent}: ${missing}.`);
      assert.deepEqual(await memberNames(group.id), []);
    });
  }

  test('unknown groups are 404 everywhere', async () => {
    for (const [method, path, body] of [
      ['GET', `/v3/groups/${missing}`],
      ['PATCH', `/v3/groups/${missing}`, { group: { name: 'x' } }],
      ['DELETE', `/v3/groups/${missing}`],
      ['GET', `/v3/groups/${missing}/users`],
    ] as const) {
      const response = await h.call(admin, method, path, body);
      assert.equal(response.statusCode, 404, `${method} ${path}`);
      assert.equal((response.data.error as Json).message, `Could not find group: ${missing}.`);
    }
  });

  test('deleting a group removes its memberships', async () => {
    const group = await create('group', { name: 'short-lived' });
    const user = await create('user', { name: 'olivia' });
    await h.call(admin, 'PUT', `/v3/groups/${group.id}/users/${user.id}`);
    assert.equal((await h.call(admin, 'DELETE', `/v3/groups/${group.id}`)).statusCode, 204);
    assert.deepEqual((await h.call(admin, 'GET', `/v3/users/${user.id}/groups`)).data.groups, []);
  });
});

describe('roles through a group', () => {
  test('leaving a group, or its deletion, revokes the tokens that carried its roles', async () => {
    const { credentials } = h;
    for (const how of ['remove', 'delete'] as const) {
      const group = await create('group', { name: `granted-${how}` });
      const user = await create('user', { name: `peggy-${how}`, password: 'pw-1' });
      await h.call(admin, 'PUT', `/v3/groups/${group.id}/users/${user.id}`);
      await grantOnDemo(group.id);
      const token = await h.token(`peggy-${how}`, 'pw-1', credentials.demo.projectName);
      assert.equal((await h.call(token, 'GET', `/v3/users/${user.id}`)).statusCode, 200);
      const path = how === 'remove' ? `/v3/groups/${group.id}/users/${user.id}` : `/v3/groups/${group.id}`;
      assert.equal((await h.call(admin, 'DELETE', path)).statusCode, 204);
      assert.equal((await h.call(token, 'GET', `/v3/users/${user.id}`)).statusCode, 401);
    }
  });
});

describe('policy', () => {
  test('no token is 401', async () => {
    assert.equal((await h.call(undefined, 'GET', '/v3/groups')).statusCode, 401);
  });

  test('a project member can neither list, read nor change groups and their members', async () => {
    const demo = await h.token('demo', h.credentials.demo.password, 'demo');
    const group = await create('group', { name: 'guarded' });
    const demoId = ((await h.call(admin, 'GET', '/v3/users?name=demo')).data.users as Json[])[0]!.id;
    const denied: [string, string, unknown?][] = [
      ['GET', '/v3/groups'],
      ['POST', '/v3/groups', { group: { name: 'sneaky' } }],
      ['GET', `/v3/groups/${group.id}`],
      ['PATCH', `/v3/groups/${group.id}`, { group: { name: 'mine' } }],
      ['DELETE', `/v3/groups/${group.id}`],
      ['GET', `/v3/groups/${group.id}/users`],
      ['PUT', `/v3/groups/${group.id}/users/${demoId}`],
      ['HEAD', `/v3/groups/${group.id}/users/${demoId}`],
      ['DELETE', `/v3/groups/${group.id}/users/${demoId}`],
    ];
    for (const [method, path, body] of denied) {
      const response = await h.call(demo, method as 'GET', path, body);
      assert.equal(response.statusCode, 403, `${method} ${path}: ${response.body}`);
    }
    assert.deepEqual((await h.call(admin, 'GET', `/v3/groups/${group.id}`)).data.group, group);
    assert.deepEqual(await memberNames(group.id), []);
    assert.deepEqual((await h.call(admin, 'GET', '/v3/groups?name=sneaky')).data.groups, []);
  });
});
