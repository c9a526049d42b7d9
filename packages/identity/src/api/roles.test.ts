// /v3/roles, implied roles and /v3/role_inferences: CRUD, refusals that change nothing, and implied roles in tokens.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newHexId } from '@nubo/core';
import { type Harness, startHarness } from '../../test/harness.js';
import { insertUser } from '../db/users.js';

type Role = {
  id: string;
  name: string;
  domain_id: string | null;
  description: string | null;
  options: Record<string, unknown>;
};
type ErrorBody = { error: { code: number; message: string } };

describe('/v3/roles and implied roles', () => {
  let h: Harness;
  let admin: string;
  let demo: string;
  const ids: Record<string, string> = {};

  /** The role names of a token as GET /v3/auth/tokens validates it now. */
  const tokenRoles = async (token: string): Promise<string[]> => {
    const response = await h.app.inject({
      method: 'GET',
      url: '/identity/v3/auth/tokens',
      headers: { 'x-auth-token': admin, 'x-subject-token': token },
    });
    assert.equal(response.statusCode, 200, response.body);
    return (JSON.parse(response.body).token as { roles: Role[] }).roles.map((r) => r.name).sort();
  };
  /** A user in the default domain with no role anywhere. */
  const addUser = async (name: string, password: string): Promise<string> => {
    const ctx = h.identity.ctx;
    const id = newHexId();
    await insertUser(ctx.db, {
      id,
      name,
      domain_id: 'default',
      enabled: 1,
      default_project_id: null,
      password_hash: await ctx.passwords.hash(password),
      password_created_at: null,
      password_expires_at: null,
      extra: '{}',
      created_at: new Date().toISOString(),
    });
    return id;
  };
  const roleNames = async () =>
    ((await h.call(admin, 'GET', '/v3/roles')).data.roles as Role[]).map((r) => r.name).sort();
  const createRole = async (body: Record<string, unknown>): Promise<Role> => {
    const response = await h.call(admin, 'POST', '/v3/roles', { role: body });
    assert.equal(response.statusCode, 201, response.body);
    return response.data.role as Role;
  };

  before(async () => {
    h = await startHarness();
    admin = await h.adminToken();
    demo = await h.token('demo', h.credentials.demo.password, 'demo');
    for (const role of (await h.call(admin, 'GET', '/v3/roles')).data.roles as Role[]) ids[role.name] = role.id;
  });
  after(() => h.close());

  test('global role lifecycle: create, show, list, filter, update, delete', async () => {
    const role = await createRole({ name: 'observer', description: 'looks', color: 'blue' });
    assert.equal(role.domain_id, null);
    assert.equal(role.description, 'looks');
    assert.deepEqual(role.options, {});
    assert.equal((role as Role & { color: string }).color, 'blue', 'extra attributes are echoed');
    const shown = await h.call(admin, 'GET', `/v3/roles/${role.id}`);
    assert.equal(shown.statusCode, 200);
    assert.match(
      String((shown.data.role as { links: { self: string } }).links.self),
      new RegExp(`/v3/roles/${role.id}$`),
    );
    assert.ok((await roleNames()).includes('observer'));
    const filtered = await h.call(admin, 'GET', '/v3/roles?name=observer');
    assert.deepEqual(
      (filtered.data.roles as Role[]).map((r) => r.id),
      [role.id],
    );
    const updated = await h.call(admin, 'PATCH', `/v3/roles/${role.id}`, {
      role: { name: 'watcher', description: null },
    });
    assert.equal(updated.statusCode, 200);
    assert.equal((updated.data.role as Role).name, 'watcher');
    assert.equal((updated.data.role as Role).description, null);
    assert.equal((await h.call(admin, 'DELETE', `/v3/roles/${role.id}`)).statusCode, 204);
    const gone = await h.call(admin, 'GET', `/v3/roles/${role.id}`);
    assert.equal(gone.statusCode, 404);
    assert.equal((gone.data as ErrorBody).error.message, `Could not find role: ${role.id}.`);
  });

  test('domain-specific roles are listed only with their domain filter and may share a global name', async () => {
    const role = await createRole({ name: 'member', domain_id: 'default' });
    assert.equal(role.domain_id, 'default');
    const global = await h.call(admin, 'GET', '/v3/roles?name=member');
    assert.deepEqual(
      (global.data.roles as Role[]).map((r) => r.id),
      [ids.member],
    );
    const inDomain = await h.call(admin, 'GET', '/v3/roles?domain_id=default');
    assert.deepEqual(
      (inDomain.data.roles as Role[]).map((r) => r.id),
      [role.id],
    );
    assert.equal(
      (await h.call(admin, 'POST', '/v3/roles', { role: { name: 'member', domain_id: 'default' } })).statusCode,
      409,
    );
    assert.equal((await h.call(admin, 'DELETE', `/v3/roles/${role.id}`)).statusCode, 204);
  });

  test('bad bodies, duplicates and missing roles are refused and change nothing', async () => {
    const target = await createRole({ name: 'target-role' });
    const names = await roleNames();
    const cases: [string, 'POST' | 'PATCH' | 'GET' | 'DELETE', string, unknown, number, string?][] = [
      ['no name', 'POST', '/v3/roles', { role: {} }, 400],
      ['empty name', 'POST', '/v3/roles', { role: { name: '' } }, 400],
      ['blank name', 'POST', '/v3/roles', { role: { name: '   ' } }, 400],
      ['name too long', 'POST', '/v3/roles', { role: { name: 'x'.repeat(256) } }, 400],
      ['name not a string', 'POST', '/v3/roles', { role: { name: 7 } }, 400],
      ['not wrapped', 'POST', '/v3/roles', { name: 'bare' }, 400],
      ['unknown option', 'POST', '/v3/roles', { role: { name: 'opt', options: { sticky: true } } }, 400],
      ['malformed JSON', 'POST', '/v3/roles', '{"role": ', 400],
      [
        'duplicate global name',
        'POST',
        '/v3/roles',
        { role: { name: 'member' } },
        409,
        'Conflict occurred attempting to store role - Duplicate entry found with name member.',
      ],
      [
        'unknown domain',
        'POST',
        '/v3/roles',
        { role: { name: 'lost', domain_id: 'nope' } },
        404,
        'Could not find domain: nope.',
      ],
      ['empty update', 'PATCH', `/v3/roles/${target.id}`, { role: {} }, 400],
      ['rename onto an existing name', 'PATCH', `/v3/roles/${target.id}`, { role: { name: 'reader' } }, 409],
      [
        'move to a domain',
        'PATCH',
        `/v3/roles/${target.id}`,
        { role: { domain_id: 'default' } },
        400,
        'Update of `domain_id` is not allowed.',
      ],
      ['change the id', 'PATCH', `/v3/roles/${target.id}`, { role: { id: 'other' } }, 400, 'Cannot change ID'],
      ['show a missing role', 'GET', '/v3/roles/nope', undefined, 404, 'Could not find role: nope.'],
      ['update a missing role', 'PATCH', '/v3/roles/nope', { role: { name: 'x' } }, 404],
      ['delete a missing role', 'DELETE', '/v3/roles/nope', undefined, 404],
    ];
    for (const [name, method, path, body, status, message] of cases) {
      const response = await h.call(admin, method, path, body);
      assert.equal(response.statusCode, status, `${name}: ${response.body}`);
      assert.equal((response.data as ErrorBody).error.code, status, name);
      if (message) assert.equal((response.data as ErrorBody).error.message, message, name);
    }
    assert.deepEqual(await roleNames(), names);
    assert.equal(((await h.call(admin, 'GET', `/v3/roles/${target.id}`)).data.role as Role).name, 'target-role');
  });

  test('a member, or no token at all, may not read or manage roles', async () => {
    const names = await roleNames();
    const cases: [string | undefined, 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT', string, unknown, number][] = [
      [undefined, 'GET', '/v3/roles', undefined, 401],
      [demo, 'GET', '/v3/roles', undefined, 403],
      [demo, 'GET', `/v3/roles/${ids.member}`, undefined, 403],
      // A missing role gives the member 403, not 404: existence does not leak.
      [demo, 'GET', '/v3/roles/nope', undefined, 403],
      [demo, 'POST', '/v3/roles', { role: { name: 'sneaky' } }, 403],
      [demo, 'POST', '/v3/roles', { role: { name: 'sneaky', domain_id: 'default' } }, 403],
      [demo, 'PATCH', `/v3/roles/${ids.member}`, { role: { name: 'boss' } }, 403],
      [demo, 'DELETE', `/v3/roles/${ids.reader}`, undefined, 403],
      [demo, 'PUT', `/v3/roles/${ids.reader}/implies/${ids.member}`, undefined, 403],
      [demo, 'DELETE', `/v3/roles/${ids.admin}/implies/${ids.member}`, undefined, 403],
      [demo, 'GET', '/v3/role_inferences', undefined, 403],
    ];
    for (const [token, method, path, body, status] of cases) {
      const response = await h.call(token, method, path, body);
      assert.equal(response.statusCode, status, `${method} ${path}: ${response.body}`);
    }
    assert.deepEqual(await roleNames(), names);
    const rules = (await h.call(admin, 'GET', `/v3/roles/${ids.admin}/implies`)).data.role_inference as {
      implies: Role[];
    };
    assert.deepEqual(
      rules.implies.map((r) => r.name),
      ['member'],
    );
  });

  test('immutable roles refuse updates and deletion until made mutable', async () => {
    const role = await createRole({ name: 'pinned', options: { immutable: true } });
    assert.deepEqual(role.options, { immutable: true });
    assert.equal((await h.call(admin, 'PATCH', `/v3/roles/${role.id}`, { role: { name: 'moved' } })).statusCode, 403);
    assert.equal((await h.call(admin, 'DELETE', `/v3/roles/${role.id}`)).statusCode, 403);
    const unlocked = await h.call(admin, 'PATCH', `/v3/roles/${role.id}`, { role: { options: { immutable: false } } });
    assert.equal(unlocked.statusCode, 200);
    assert.equal((await h.call(admin, 'DELETE', `/v3/roles/${role.id}`)).statusCode, 204);
  });

  test('implied role lifecycle: PUT, GET, HEAD, list, role_inferences, DELETE', async () => {
    const prior = await createRole({ name: 'prior' });
    const implied = await createRole({ name: 'implied' });
    const path = `/v3/roles/${prior.id}/implies/${implied.id}`;
    const created = await h.call(admin, 'PUT', path);
    assert.equal(created.statusCode, 201);
    const inference = created.data.role_inference as {
      prior_role: { id: string; name: string; links: { self: string } };
      implies: { id: string; name: string };
    };
    assert.deepEqual([inference.prior_role.id, inference.prior_role.name], [prior.id, 'prior']);
    assert.deepEqual([inference.implies.id, inference.implies.name], [implied.id, 'implied']);
    assert.match(String((created.data.links as { self: string }).self), new RegExp(`${path}$`));
    assert.equal((await h.call(admin, 'GET', path)).statusCode, 200);
    assert.equal((await h.call(admin, 'HEAD', path)).statusCode, 204);
    const listed = await h.call(admin, 'GET', `/v3/roles/${prior.id}/implies`);
    assert.deepEqual(
      (listed.data.role_inference as { implies: Role[] }).implies.map((r) => r.id),
      [implied.id],
    );
    const all = (await h.call(admin, 'GET', '/v3/role_inferences')).data.role_inferences as {
      prior_role: Role;
      implies: Role[];
    }[];
    const byPrior = Object.fromEntries(all.map((i) => [i.prior_role.name, i.implies.map((r) => r.name)]));
    assert.deepEqual(byPrior, { admin: ['member'], member: ['reader'], prior: ['implied'] });
    const again = await h.call(admin, 'PUT', path);
    assert.equal(again.statusCode, 409);
    assert.equal(
      (again.data as ErrorBody).error.message,
      'Conflict occurred attempting to store implied_role - Duplicate entry.',
    );
    assert.equal((await h.call(admin, 'DELETE', path)).statusCode, 204);
    const gone = await h.call(admin, 'GET', path);
    assert.equal(gone.statusCode, 404);
    assert.equal((gone.data as ErrorBody).error.message, `${prior.id} does not imply ${implied.id}.`);
    assert.equal((await h.call(admin, 'HEAD', path)).statusCode, 404);
    assert.equal((await h.call(admin, 'DELETE', path)).statusCode, 404);
  });

  test('implied-role refusals: admin may not be implied, a global role may not imply a domain role, 404s', async () => {
    const prior = await createRole({ name: 'boss-of-nothing' });
    const domainRole = await createRole({ name: 'local', domain_id: 'default' });
    const cases: [string, string, number, string][] = [
      [prior.id, ids.admin!, 403, `${ids.admin} cannot be an implied roles.`],
      [prior.id, domainRole.id, 403, 'Global role cannot imply a domain-specific role'],
      ['nope', ids.reader!, 404, 'Could not find role: nope.'],
      [prior.id, 'nope', 404, 'Could not find role: nope.'],
    ];
    for (const [priorId, impliedId, status, message] of cases) {
      const response = await h.call(admin, 'PUT', `/v3/roles/${priorId}/implies/${impliedId}`);
      assert.equal(response.statusCode, status, response.body);
      assert.equal((response.data as ErrorBody).error.message, message);
    }
    assert.deepEqual(
      ((await h.call(admin, 'GET', `/v3/roles/${prior.id}/implies`)).data.role_inference as { implies: unknown[] })
        .implies,
      [],
    );
    // A domain-specific role may imply a global one; only its implied roles reach tokens.
    assert.equal((await h.call(admin, 'PUT', `/v3/roles/${domainRole.id}/implies/${ids.reader}`)).statusCode, 201);
  });

  test('implied roles reach tokens, and a rule removed later leaves them at the next validation', async () => {
    assert.deepEqual(await tokenRoles(admin), ['admin', 'member', 'reader']);

    const password = 'implied-pass-1';
    const userId = await addUser('implier', password);
    const lead = await createRole({ name: 'lead' });
    assert.equal((await h.call(admin, 'PUT', `/v3/roles/${lead.id}/implies/${ids.member}`)).statusCode, 201);
    const demoProject = ((await h.call(admin, 'GET', '/v3/projects?name=demo')).data.projects as { id: string }[])[0]!
      .id;
    assert.equal(
      (await h.call(admin, 'PUT', `/v3/projects/${demoProject}/users/${userId}/roles/${lead.id}`)).statusCode,
      204,
    );
    const token = await h.token('implier', password, 'demo');
    assert.deepEqual(await tokenRoles(token), ['lead', 'member', 'reader']);
    assert.equal((await h.call(admin, 'DELETE', `/v3/roles/${lead.id}/implies/${ids.member}`)).statusCode, 204);
    assert.deepEqual(await tokenRoles(token), ['lead']);
    // Deleting the role removes its grant, so the token has no role left and stops validating.
    assert.equal((await h.call(admin, 'DELETE', `/v3/roles/${lead.id}`)).statusCode, 204);
    assert.equal((await h.call(token, 'GET', '/v3/roles')).statusCode, 401);
    const left = await h.call(admin, 'GET', `/v3/role_assignments?role.id=${lead.id}`);
    assert.deepEqual(left.data.role_assignments, []);
  });

  test('a domain-specific role only brings the roles it implies into a token', async () => {
    const password = 'domain-role-pass-1';
    const userId = await addUser('crafter', password);
    const crafted = await createRole({ name: 'crafted', domain_id: 'default' });
    assert.equal((await h.call(admin, 'PUT', `/v3/roles/${crafted.id}/implies/${ids.reader}`)).statusCode, 201);
    const demoProject = ((await h.call(admin, 'GET', '/v3/projects?name=demo')).data.projects as { id: string }[])[0]!
      .id;
    assert.equal(
      (await h.call(admin, 'PUT', `/v3/projects/${demoProject}/users/${userId}/roles/${crafted.id}`)).statusCode,
      204,
    );
    assert.deepEqual(await tokenRoles(await h.token('crafter', password, 'demo')), ['reader']);
  });
});
