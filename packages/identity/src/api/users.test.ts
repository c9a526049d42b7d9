// /v3/users against a bootstrapped Identity on SQLite: CRUD, validation, policy, password change and revocation.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Harness, startHarness } from '../../test/harness.js';

let h: Harness;
let admin: string;

before(async () => {
  h = await startHarness();
  admin = await h.adminToken();
});
after(() => h.close());

type Json = Record<string, unknown>;

async function createUser(user: Json): Promise<Json> {
  const response = await h.call(admin, 'POST', '/v3/users', { user });
  assert.equal(response.statusCode, 201, response.body);
  return response.data.user as Json;
}

/** Password authentication for a user of the default domain: the status code and, on success, the token. */
async function authenticate(name: string, password: string): Promise<{ status: number; token: string }> {
  const response = await h.call(undefined, 'POST', '/v3/auth/tokens', {
    auth: { identity: { methods: ['password'], password: { user: { name, domain: { id: 'default' }, password } } } },
  });
  return { status: response.statusCode, token: String(response.headers['x-subject-token'] ?? '') };
}

/** Fernet tokens carry whole seconds and a token issued in a revocation's second counts as revoked (Keystone too). */
const nextSecond = () => sleep(1100);

describe('user CRUD', () => {
  test('create, show, list, update and delete round trip', async () => {
    const created = await createUser({
      name: 'alice',
      password: 'secret-1',
      email: 'alice@example.org',
      description: 'A',
    });
    assert.match(String(created.id), /^[0-9a-f]{32}$/);
    assert.deepEqual(created, {
      id: created.id,
      name: 'alice',
      domain_id: 'default',
      enabled: true,
      email: 'alice@example.org',
      description: 'A',
      password_expires_at: null,
      options: {},
      links: { self: `${h.identity.ctx.baseUrl}/v3/users/${created.id}` },
    });

    const shown = await h.call(admin, 'GET', `/v3/users/${created.id}`);
    assert.equal(shown.statusCode, 200);
    assert.deepEqual(shown.data.user, created);
    const head = await h.call(admin, 'HEAD', `/v3/users/${created.id}`);
    assert.equal(head.statusCode, 200);

    const listed = await h.call(admin, 'GET', '/v3/users?name=alice');
    assert.equal(listed.statusCode, 200);
    assert.deepEqual(listed.data.users, [created]);
    assert.deepEqual(listed.data.links, {
      self: `${h.identity.ctx.baseUrl}/v3/users?name=alice`,
      previous: null,
      next: null,
    });

    const patched = await h.call(admin, 'PATCH', `/v3/users/${created.id}`, {
      user: { name: 'alice2', email: 'a2@example.org', options: { lock_password: true } },
    });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.deepEqual(patched.data.user, {
      ...created,
      name: 'alice2',
      email: 'a2@example.org',
      options: { lock_password: true },
    });
    assert.deepEqual((await h.call(admin, 'GET', `/v3/users/${created.id}`)).data.user, patched.data.user);

    const deleted = await h.call(admin, 'DELETE', `/v3/users/${created.id}`);
    assert.equal(deleted.statusCode, 204);
    assert.equal(deleted.body, '');
    const gone = await h.call(admin, 'GET', `/v3/users/${created.id}`);
    assert.equal(gone.statusCode, 404);
    assert.deepEqual(gone.data, {
      error: { code: 404, title: 'Not Found', message: `Could not find user: ${created.id}.` },
    });
  });

  test('default_project_id is shown only when set, and a null option is removed', async () => {
    const project = (await h.call(admin, 'GET', '/v3/projects?name=demo')).data.projects as Json[];
    const user = await createUser({
      name: 'bob',
      default_project_id: project[0]!.id,
      options: { lock_password: false },
    });
    assert.equal(user.default_project_id, project[0]!.id);
    assert.deepEqual(user.options, { lock_password: false });
    const cleared = await h.call(admin, 'PATCH', `/v3/users/${user.id}`, {
      user: { default_project_id: null, options: { lock_password: null } },
    });
    assert.equal(cleared.statusCode, 200);
    assert.equal('default_project_id' in (cleared.data.user as Json), false);
    assert.deepEqual((cleared.data.user as Json).options, {});
  });

  test('list filters: domain_id, enabled, password_expires_at and federation attributes', async () => {
    await createUser({ name: 'carol', enabled: false });
    const names = async (query: string) => {
      const response = await h.call(admin, 'GET', `/v3/users?${query}`);
      assert.equal(response.statusCode, 200, response.body);
      return (response.data.users as Json[]).map((u) => u.name);
    };
    assert.deepEqual(await names('enabled=false'), ['carol']);
    assert.ok((await names('enabled=true')).includes('admin'));
    assert.ok((await names('domain_id=default')).includes('carol'));
    assert.deepEqual(await names('domain_id=nope'), []);
    assert.deepEqual(await names('password_expires_at=lt:2100-01-01T00:00:00Z'), []);
    assert.deepEqual(await names('idp_id=myidp'), []);
    const bad = await h.call(admin, 'GET', '/v3/users?password_expires_at=soon:2100-01-01T00:00:00Z');
    assert.equal(bad.statusCode, 400);
  });

  test('the domain defaults to the token project domain, and another domain may be named', async () => {
    const domain = await h.call(admin, 'POST', '/v3/domains', { domain: { name: 'other-users' } });
    const domainId = (domain.data.domain as Json).id;
    const user = await createUser({ name: 'dave', domain_id: domainId });
    assert.equal(user.domain_id, domainId);
    // The same name in another domain is not a duplicate.
    assert.equal((await createUser({ name: 'dave' })).domain_id, 'default');
  });

  test('a duplicate name in a domain is 409 with Keystone message', async () => {
    await createUser({ name: 'erin' });
    const response = await h.call(admin, 'POST', '/v3/users', { user: { name: 'erin' } });
    assert.equal(response.statusCode, 409);
    assert.deepEqual(response.data, {
      error: {
        code: 409,
        title: 'Conflict',
        message:
          'Conflict occurred attempting to store user - Duplicate entry found with name erin at domain ID default.',
      },
    });
    const other = await createUser({ name: 'erin2' });
    const renamed = await h.call(admin, 'PATCH', `/v3/users/${other.id}`, { user: { name: 'erin' } });
    assert.equal(renamed.statusCode, 409);
  });
});

describe('bad input changes nothing', () => {
  const creates: [string, unknown][] = [
    ['no user member', { name: 'x' }],
    ['user is not an object', { user: 'x' }],
    ['an unknown top-level member', { user: { name: 'x1' }, extra: true }],
    ['missing name', { user: { email: 'x@example.org' } }],
    ['empty name', { user: { name: '' } }],
    ['blank name', { user: { name: '   ' } }],
    ['name too long', { user: { name: 'n'.repeat(256) } }],
    ['name is a number', { user: { name: 5 } }],
    ['enabled is a string', { user: { name: 'x2', enabled: 'yes' } }],
    ['password is a number', { user: { name: 'x3', password: 5 } }],
    ['description is a number', { user: { name: 'x4', description: 5 } }],
    ['domain_id too long', { user: { name: 'x5', domain_id: 'd'.repeat(65) } }],
    ['an unknown option', { user: { name: 'x6', options: { fly: true } } }],
    [
      'a federated identity provider',
      { user: { name: 'x7', federated: [{ idp_id: 'idp', protocols: [{ protocol_id: 'p', unique_id: 'u' }] }] } },
    ],
    ['a domain as default project', { user: { name: 'x8', default_project_id: 'default' } }],
    ['malformed JSON', '{"user": {"name": '],
  ];
  for (const [name, body] of creates) {
    test(`POST /v3/users with ${name} is 400`, async () => {
      const before = (await h.call(admin, 'GET', '/v3/users')).data.users;
      const response = await h.call(admin, 'POST', '/v3/users', body);
      assert.equal(response.statusCode, 400, response.body);
      const error = response.data.error as Json;
      assert.equal(error.code, 400);
      assert.equal(error.title, 'Bad Request');
      assert.equal(typeof error.message, 'string');
      assert.deepEqual((await h.call(admin, 'GET', '/v3/users')).data.users, before);
    });
  }

  const updates: [string, unknown][] = [
    ['no attribute', { user: {} }],
    ['another domain_id', { user: { domain_id: 'elsewhere' } }],
    ['another id', { user: { id: 'f'.repeat(32) } }],
    ['enabled is a number', { user: { enabled: 0 } }],
    ['name too long', { user: { name: 'n'.repeat(256) } }],
    ['an unknown top-level member', { user: { email: 'x' }, other: 1 }],
    ['malformed JSON', '{'],
  ];
  for (const [name, body] of updates) {
    test(`PATCH /v3/users/{id} with ${name} is 400`, async () => {
      const user = await createUser({ name: `patch-${name}`, email: 'same@example.org' });
      const response = await h.call(admin, 'PATCH', `/v3/users/${user.id}`, body);
      assert.equal(response.statusCode, 400, response.body);
      assert.deepEqual((await h.call(admin, 'GET', `/v3/users/${user.id}`)).data.user, user);
    });
  }

  test('creating a user in an unknown domain is 404', async () => {
    const response = await h.call(admin, 'POST', '/v3/users', { user: { name: 'lost', domain_id: 'nowhere' } });
    assert.equal(response.statusCode, 404);
    assert.equal((response.data.error as Json).message, 'Could not find domain: nowhere.');
  });
});

describe('missing users are 404', () => {
  const missing = 'a'.repeat(32);
  const cases: [string, string, unknown?][] = [
    ['GET', `/v3/users/${missing}`],
    ['PATCH', `/v3/users/${missing}`, { user: { name: 'x' } }],
    ['DELETE', `/v3/users/${missing}`],
    ['GET', `/v3/users/${missing}/groups`],
  ];
  for (const [method, path, body] of cases) {
    test(`${method} ${path.replace(missing, '{missing}')}`, async () => {
      const response = await h.call(admin, method as 'GET', path, body);
      assert.equal(response.statusCode, 404, response.body);
      assert.equal((response.data.error as Json).message, `Could not find user: ${missing}.`);
    });
  }
});

describe('policy', () => {
  test('no token is 401', async () => {
    assert.equal((await h.call(undefined, 'GET', '/v3/users')).statusCode, 401);
    assert.equal((await h.call(undefined, 'POST', '/v3/users', { user: { name: 'anon' } })).statusCode, 401);
  });

  test('a project member lists no users and changes none, but shows himself and his groups', async () => {
    const demo = await h.token('demo', h.credentials.demo.password, 'demo');
    const denied = await h.call(demo, 'GET', '/v3/users');
    assert.equal(denied.statusCode, 403);
    assert.equal(
      (denied.data.error as Json).message,
      'You are not authorized to perform the requested action: identity:list_users.',
    );
    const self = (await h.call(admin, 'GET', '/v3/users?name=demo')).data.users as Json[];
    const demoId = self[0]!.id;
    const shown = await h.call(demo, 'GET', `/v3/users/${demoId}`);
    assert.equal(shown.statusCode, 200);
    assert.equal((shown.data.user as Json).name, 'demo');
    assert.equal((await h.call(demo, 'GET', `/v3/users/${demoId}/groups`)).statusCode, 200);

    const adminId = ((await h.call(admin, 'GET', '/v3/users?name=admin')).data.users as Json[])[0]!.id;
    assert.equal((await h.call(demo, 'GET', `/v3/users/${adminId}`)).statusCode, 403);
    assert.equal((await h.call(demo, 'GET', `/v3/users/${adminId}/groups`)).statusCode, 403);
    assert.equal((await h.call(demo, 'GET', `/v3/users/${'b'.repeat(32)}`)).statusCode, 403);
    assert.equal((await h.call(demo, 'POST', '/v3/users', { user: { name: 'sneaky' } })).statusCode, 403);
    assert.equal((await h.call(demo, 'PATCH', `/v3/users/${demoId}`, { user: { enabled: false } })).statusCode, 403);
    assert.equal((await h.call(demo, 'DELETE', `/v3/users/${adminId}`)).statusCode, 403);
    assert.equal(((await h.call(admin, 'GET', '/v3/users?name=sneaky')).data.users as Json[]).length, 0);
  });
});

describe('passwords and token revocation', () => {
  test('changing one own password needs the original, revokes old tokens and the new password works', async () => {
    const user = await createUser({ name: 'frank', password: 'old-password' });
    const { token } = await authenticate('frank', 'old-password');
    assert.equal((await h.call(token, 'GET', `/v3/users/${user.id}`)).statusCode, 200);

    const wrong = await h.call(undefined, 'POST', `/v3/users/${user.id}/password`, {
      user: { original_password: 'guess', password: 'new-password' },
    });
    assert.equal(wrong.statusCode, 401);
    assert.equal((wrong.data.error as Json).message, 'Error when changing user password: Invalid user / password');
    assert.equal((await h.call(token, 'GET', `/v3/users/${user.id}`)).statusCode, 200);

    // No token needed, as in Keystone.
    const changed = await h.call(undefined, 'POST', `/v3/users/${user.id}/password`, {
      user: { original_password: 'old-password', password: 'new-password' },
    });
    assert.equal(changed.statusCode, 204, changed.body);
    assert.equal((await h.call(token, 'GET', `/v3/users/${user.id}`)).statusCode, 401);

    await nextSecond();
    assert.equal((await authenticate('frank', 'old-password')).status, 401);
    const fresh = await authenticate('frank', 'new-password');
    assert.equal(fresh.status, 201);
    assert.equal((await h.call(fresh.token, 'GET', `/v3/users/${user.id}`)).statusCode, 200);
  });

  const badChanges: [string, unknown, number][] = [
    ['a missing original password', { user: { password: 'x' } }, 400],
    ['an unknown attribute', { user: { original_password: 'pw-1', password: 'x', name: 'y' } }, 400],
    ['a password that is not a string', { user: { original_password: 'pw-1', password: 5 } }, 400],
    ['malformed JSON', '{"user"', 400],
  ];
  for (const [name, body, status] of badChanges) {
    test(`a password change with ${name} is ${status} and the password stays`, async () => {
      const user = await createUser({ name: `pw-${name}`, password: 'pw-1' });
      const response = await h.call(undefined, 'POST', `/v3/users/${user.id}/password`, body);
      assert.equal(response.statusCode, status, response.body);
      assert.equal((await authenticate(`pw-${name}`, 'pw-1')).status, 201);
    });
  }

  test('a password change for an unknown user is 401, and one with lock_password set is 400', async () => {
    const unknown = await h.call(undefined, 'POST', `/v3/users/${'c'.repeat(32)}/password`, {
      user: { original_password: 'a', password: 'b' },
    });
    assert.equal(unknown.statusCode, 401);
    const locked = await createUser({ name: 'locked', password: 'pw-1', options: { lock_password: true } });
    const response = await h.call(undefined, 'POST', `/v3/users/${locked.id}/password`, {
      user: { original_password: 'pw-1', password: 'pw-2' },
    });
    assert.equal(response.statusCode, 400);
    assert.equal((await authenticate('locked', 'pw-1')).status, 201);
  });

  test('GET on the password resource is 405', async () => {
    assert.equal((await h.call(undefined, 'GET', `/v3/users/${'c'.repeat(32)}/password`)).statusCode, 405);
  });

  test('an administrative password reset revokes the user tokens', async () => {
    const user = await createUser({ name: 'grace', password: 'pw-1' });
    const { token } = await authenticate('grace', 'pw-1');
    const reset = await h.call(admin, 'PATCH', `/v3/users/${user.id}`, { user: { password: 'pw-2' } });
    assert.equal(reset.statusCode, 200);
    assert.equal('password' in (reset.data.user as Json), false);
    assert.equal((await h.call(token, 'GET', `/v3/users/${user.id}`)).statusCode, 401);
    await nextSecond();
    assert.equal((await authenticate('grace', 'pw-2')).status, 201);
  });

  test('a disabled user loses its tokens and cannot authenticate; a user without password cannot either', async () => {
    const user = await createUser({ name: 'heidi', password: 'pw-1' });
    const { token } = await authenticate('heidi', 'pw-1');
    const disabled = await h.call(admin, 'PATCH', `/v3/users/${user.id}`, { user: { enabled: false } });
    assert.equal(disabled.statusCode, 200);
    assert.equal((disabled.data.user as Json).enabled, false);
    assert.equal((await h.call(token, 'GET', `/v3/users/${user.id}`)).statusCode, 401);
    assert.equal((await authenticate('heidi', 'pw-1')).status, 401);
    const change = await h.call(undefined, 'POST', `/v3/users/${user.id}/password`, {
      user: { original_password: 'pw-1', password: 'pw-2' },
    });
    assert.equal(change.statusCode, 401);

    await createUser({ name: 'ivan', password: null });
    assert.equal((await authenticate('ivan', '')).status, 401);
  });

  test('deleting a user revokes its tokens and removes its group memberships', async () => {
    const user = await createUser({ name: 'judy', password: 'pw-1' });
    const group = await h.call(admin, 'POST', '/v3/groups', { group: { name: 'judy-group' } });
    const groupId = (group.data.group as Json).id;
    assert.equal((await h.call(admin, 'PUT', `/v3/groups/${groupId}/users/${user.id}`)).statusCode, 204);
    const groups = await h.call(admin, 'GET', `/v3/users/${user.id}/groups`);
    assert.deepEqual(
      (groups.data.groups as Json[]).map((g) => [g.name, g.membership_expires_at]),
      [['judy-group', null]],
    );
    const { token } = await authenticate('judy', 'pw-1');
    assert.equal((await h.call(admin, 'DELETE', `/v3/users/${user.id}`)).statusCode, 204);
    assert.equal((await h.call(token, 'GET', `/v3/users/${user.id}`)).statusCode, 401);
    assert.deepEqual((await h.call(admin, 'GET', `/v3/groups/${groupId}/users`)).data.users, []);
  });
});
