// Bad input to Keystone v3 over HTTP: every row gets its 4xx with Keystone's error body and changes nothing, extra
// attributes Keystone allows are kept, and no answer in the whole table is a 500.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { FIXTURE, type Fixtures, identityFixtures } from './lib/identity-fixtures.js';
import { assertKeystoneError, type HttpAnswer, keystoneCall, passwordToken } from './lib/keystone-http.js';
import { type NuboServer, startNubo } from './lib/nubo-server.js';

type Json = Record<string, unknown>;
type TokenKind = 'admin' | 'none' | 'garbage' | 'fernet-garbage' | 'revoked';

interface Row {
  name: string;
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** May hold `{project}`, `{missing}`, … (see identity-fixtures.ts). */
  path: string;
  body?: unknown;
  /** Sent as-is instead of `body` (malformed or oversized JSON). */
  raw?: string;
  token?: TokenKind;
  headers?: Record<string, string>;
  status: number;
  /** The collection listed before and after, which must not change. */
  watch: string;
}

/** What nubo, like Keystone, answers for a URL no route serves. */
const ROUTE_MISSING = 'The resource could not be found.';
const errorMessage = (answer: HttpAnswer) => (answer.json as { error: { message: string } }).error.message;

/** Keystone's max_request_body_size is 114688 bytes; this is over it. */
const OVERSIZED = 'a'.repeat(120_000);

const password = (user: Json, extra: Json = {}) => ({
  auth: { identity: { methods: ['password'], password: { user } }, ...extra },
});
const adminUser = { name: 'admin', domain: { id: 'default' }, password: 'wrong-password' };

/** One row: `extra` carries the body, raw body, token kind or headers. */
const row = (
  method: Row['method'],
  path: string,
  name: string,
  status: number,
  watch: string,
  extra: Partial<Row> = {},
): Row => ({ method, path, name, status, watch, ...extra });

const authRows: Row[] = [
  { name: 'malformed JSON', raw: '{"auth": {"identity": ', status: 400 },
  { name: 'a JSON array', raw: '[]', status: 400 },
  { name: 'no auth member', body: {}, status: 400 },
  { name: 'no identity', body: { auth: { scope: 'unscoped' } }, status: 400 },
  { name: 'methods not a list', body: { auth: { identity: { methods: 'password' } } }, status: 400 },
  { name: 'user without id or name', body: password({ password: 'x' }), status: 400 },
  { name: 'password not a string', body: password({ ...adminUser, password: 12345 }), status: 400 },
  // The password is wrong too: Keystone validates the body (keystone/auth/schema.py) before it checks credentials.
  {
    name: 'scope project without id or name',
    body: password(adminUser, { scope: { project: { domain: { id: 'default' } } } }),
    status: 400,
  },
  { name: 'wrong password', body: password(adminUser), status: 401 },
  { name: 'unknown user', body: password({ ...adminUser, name: 'nobody-here' }), status: 401 },
  { name: 'unknown user id', body: password({ id: '{missing}', password: 'x' }), status: 401 },
  { name: 'unsupported method', body: { auth: { identity: { methods: ['kerberos'], kerberos: {} } } }, status: 401 },
  {
    name: 'token method with a garbage token',
    body: { auth: { identity: { methods: ['token'], token: { id: 'not-a-token' } } } },
    status: 401,
  },
  { name: 'oversized body', body: password({ ...adminUser, password: OVERSIZED }), status: 413 },
].map((r) => ({ ...r, method: 'POST' as const, path: '/v3/auth/tokens', token: 'none' as const, watch: '/v3/users' }));

const subject = (token: string) => ({ headers: { 'x-subject-token': token } });
const tokenRows: Row[] = [
  row('GET', '/v3/projects', 'no X-Auth-Token', 401, '/v3/projects', { token: 'none' }),
  row('GET', '/v3/projects', 'garbage token', 401, '/v3/projects', { token: 'garbage' }),
  row('GET', '/v3/users', 'expired-looking Fernet garbage', 401, '/v3/users', { token: 'fernet-garbage' }),
  row('GET', '/v3/domains', 'revoked token', 401, '/v3/domains', { token: 'revoked' }),
  row('POST', '/v3/projects', 'create without a token', 401, '/v3/projects', {
    token: 'none',
    body: { project: { name: 'no-token' } },
  }),
  row('GET', '/v3/auth/tokens', 'validate an unknown subject token', 404, '/v3/users', subject('not-a-token')),
  row('DELETE', '/v3/auth/tokens', 'revoke an unknown subject token', 404, '/v3/users', subject('not-a-token')),
];

interface Collection {
  path: string;
  member: string;
  /** The placeholder of an existing one. */
  fixture: string;
  /** A valid create body (its member), used where only the envelope or the size is wrong. */
  valid: Json;
  /** Member bodies with a wrong type or an invalid value: each a 400. */
  invalid: Json[];
  /** A member body without a required attribute, when the resource has one. */
  missingRequired?: Json;
  /** Keystone's create schema has additionalProperties: false at the top level. */
  refusesUnknownTopLevel: boolean;
  /** A member body that collides with the fixture (409). */
  duplicate?: Json;
  update: Json;
}

const collections: Collection[] = [
  {
    path: '/v3/projects',
    member: 'project',
    fixture: '{project}',
    valid: { name: 'bad-new-project' },
    invalid: [
      { name: 42 },
      { name: '' },
      { name: 'x'.repeat(65) },
      { name: 'p', enabled: 'yes' },
      { name: 'p', tags: ['a/b'] },
    ],
    missingRequired: { description: 'no name' },
    refusesUnknownTopLevel: true,
    duplicate: { name: FIXTURE.project },
    update: { description: 'changed' },
  },
  {
    path: '/v3/users',
    member: 'user',
    fixture: '{user}',
    valid: { name: 'bad-new-user' },
    invalid: [{ name: 42 }, { name: 'x'.repeat(256) }, { name: 'u', enabled: 'yes' }, { name: 'u', password: 42 }],
    missingRequired: { password: 'no-name' },
    refusesUnknownTopLevel: true,
    duplicate: { name: FIXTURE.user },
    update: { description: 'changed' },
  },
  {
    path: '/v3/groups',
    member: 'group',
    fixture: '{group}',
    valid: { name: 'bad-new-group' },
    invalid: [{ name: 42 }, { name: '' }, { name: 'g', description: 42 }],
    missingRequired: { description: 'no name' },
    refusesUnknownTopLevel: true,
    duplicate: { name: FIXTURE.group },
    update: { description: 'changed' },
  },
  {
    path: '/v3/roles',
    member: 'role',
    fixture: '{role}',
    valid: { name: 'bad-new-role' },
    invalid: [{ name: 42 }, { name: 'x'.repeat(256) }, { name: 'r', description: 42 }],
    missingRequired: { description: 'no name' },
    refusesUnknownTopLevel: true,
    duplicate: { name: FIXTURE.role },
    update: { description: 'changed' },
  },
  {
    path: '/v3/domains',
    member: 'domain',
    fixture: '{domain}',
    valid: { name: 'bad-new-domain' },
    invalid: [{ name: 42 }, { name: 'x'.repeat(65) }, { name: 'd', enabled: 'false' }],
    missingRequired: { description: 'no name' },
    refusesUnknownTopLevel: true,
    duplicate: { name: FIXTURE.domain },
    update: { description: 'changed' },
  },
  {
    path: '/v3/regions',
    member: 'region',
    fixture: '{region}',
    valid: { description: 'new' },
    invalid: [{ description: 42 }, { parent_region_id: 42 }, { id: 'x'.repeat(256) }],
    // Keystone's region create schema misspells "additionalProperties", so unknown top-level keys pass there.
    refusesUnknownTopLevel: false,
    duplicate: { id: FIXTURE.region },
    update: { description: 'changed' },
  },
  {
    path: '/v3/services',
    member: 'service',
    fixture: '{service}',
    valid: { type: 'bad-new' },
    invalid: [{ type: 42 }, { type: '' }, { type: 's', enabled: 'yes' }, { type: 'x'.repeat(256) }],
    missingRequired: { name: 'no type' },
    // Keystone's service create schema has no top-level additionalProperties; services have no unique name.
    refusesUnknownTopLevel: false,
    update: { description: 'changed' },
  },
  {
    path: '/v3/endpoints',
    member: 'endpoint',
    fixture: '{endpoint}',
    valid: { service_id: '{service}', interface: 'public', url: 'http://example.org/new' },
    invalid: [
      { service_id: '{service}', interface: 'sideways', url: 'http://example.org/new' },
      { service_id: '{service}', interface: 'public', url: 'not a url' },
      { service_id: '{service}', interface: 'public', url: 'http://example.org/new', enabled: 'yes' },
      { service_id: 42, interface: 'public', url: 'http://example.org/new' },
    ],
    missingRequired: { service_id: '{service}', interface: 'public' },
    refusesUnknownTopLevel: true,
    update: { url: 'http://example.org/changed' },
  },
];

/** The rows every collection shares: envelope, types, size, tokens, duplicates and unknown ids. */
function collectionRows(c: Collection): Row[] {
  const { path, member, fixture } = c;
  const post = (name: string, extra: Partial<Row>): Row => row('POST', path, name, 400, path, extra);
  const one = `${path}/${fixture}`;
  const rows: Row[] = [
    post('malformed JSON', { raw: `{"${member}": {"name": ` }),
    post('a JSON array', { raw: '[]' }),
    post(`no ${member} member`, { body: c.valid }),
    post(`${member} is a string`, { body: { [member]: 'x' } }),
    ...c.invalid.map((bad) => post(`invalid ${JSON.stringify(bad).slice(0, 60)}`, { body: { [member]: bad } })),
    post('oversized body', { body: { [member]: { ...c.valid, description: OVERSIZED } }, status: 413 }),
    post('no token', { body: { [member]: c.valid }, token: 'none', status: 401 }),
    post('garbage token', { body: { [member]: c.valid }, token: 'garbage', status: 401 }),
    row('GET', `${path}/{missing}`, 'unknown id', 404, path),
    row('PATCH', `${path}/{missing}`, 'unknown id', 404, path, { body: { [member]: c.update } }),
    row('DELETE', `${path}/{missing}`, 'unknown id', 404, path),
    row('PATCH', one, 'nothing to update', 400, path, { body: { [member]: {} } }),
    row('PATCH', one, 'malformed JSON', 400, path, { raw: `{"${member}": ` }),
  ];
  if (c.missingRequired) rows.push(post('missing a required attribute', { body: { [member]: c.missingRequired } }));
  if (c.refusesUnknownTopLevel) {
    rows.push(post('unknown top-level key', { body: { [member]: c.valid, extra_top_level: true } }));
  }
  if (c.duplicate) rows.push(post('duplicate', { body: { [member]: c.duplicate }, status: 409 }));
  return rows;
}

const grants = '/v3/role_assignments';
const userGrant = '/v3/projects/{project}/users/{user}/roles/{role}';
const members = '/v3/groups/{group}/users';
const appCredentials = '/v3/users/{admin_user}/application_credentials';
const specificRows: Row[] = [
  row('POST', '/v3/users', 'user in a missing domain', 404, '/v3/users', {
    body: { user: { name: 'lost', domain_id: '{missing}' } },
  }),
  row('POST', '/v3/users/{user}/password', 'password change with the wrong original', 401, '/v3/users', {
    body: { user: { original_password: 'not-it', password: 'pw-new-1' } },
  }),
  row('POST', '/v3/users/{user}/password', 'password change without the original', 400, '/v3/users', {
    body: { user: { password: 'pw-new-1' } },
  }),
  row('DELETE', '/v3/domains/{domain}', 'delete an enabled domain', 403, '/v3/domains'),
  row('POST', '/v3/regions', 'region with a missing parent', 404, '/v3/regions', {
    body: { region: { parent_region_id: '{missing}' } },
  }),
  row('PUT', '/v3/regions/{region}', 'region created again under its id', 409, '/v3/regions', {
    body: { region: { description: 'again' } },
  }),
  row('POST', '/v3/endpoints', 'endpoint of a missing service', 400, '/v3/endpoints', {
    body: { endpoint: { service_id: '{missing}', interface: 'public', url: 'http://example.org/x' } },
  }),
  row('POST', '/v3/endpoints', 'endpoint in a missing region', 400, '/v3/endpoints', {
    body: { endpoint: { service_id: '{service}', region_id: '{missing}', interface: 'public', url: 'http://e.org/x' } },
  }),
  row('PUT', `${members}/{missing}`, 'add a missing user to a group', 404, members),
  row('PUT', '/v3/groups/{missing}/users/{user}', 'add a user to a missing group', 404, '/v3/users/{user}/groups'),
  row('HEAD', `${members}/{user}`, 'check a user who is not a member', 404, members),
  row('DELETE', `${members}/{user}`, 'remove a user who is not a member', 404, members),
  row('PUT', '/v3/projects/{project}/users/{user}/roles/{missing}', 'grant with a missing role', 404, grants),
  row('PUT', '/v3/projects/{project}/users/{missing}/roles/{role}', 'grant with a missing user', 404, grants),
  row('PUT', '/v3/projects/{missing}/users/{user}/roles/{role}', 'grant with a missing project', 404, grants),
  row('PUT', '/v3/domains/{domain}/groups/{missing}/roles/{role}', 'grant with a missing group', 404, grants),
  row('PUT', '/v3/domains/{missing}/groups/{group}/roles/{role}', 'grant with a missing domain', 404, grants),
  row('HEAD', userGrant, 'check a grant that does not exist', 404, grants),
  row('GET', userGrant, 'get a grant that does not exist', 404, grants),
  row('DELETE', '/v3/domains/{domain}/groups/{group}/roles/{role}', 'revoke a grant that does not exist', 404, grants),
  row('PUT', userGrant, 'grant without a token', 401, grants, { token: 'none' }),
  row('PUT', userGrant, 'grant with a garbage token', 401, grants, { token: 'garbage' }),
  row('GET', `${grants}?scope.project.id={project}&scope.domain.id={domain}`, 'both project and domain', 400, grants),
  row('GET', `${grants}?user.id={user}&group.id={group}`, 'both user and group', 400, grants),
  // Unlike most Keystone bodies, an application credential refuses attributes it does not know.
  row('POST', appCredentials, 'application credential with an unknown attribute', 400, appCredentials, {
    body: { application_credential: { name: 'bad-ac', colour: 'red' } },
  }),
  row('POST', appCredentials, 'application credential without a name', 400, appCredentials, {
    body: { application_credential: { description: 'no name' } },
  }),
  row('GET', `${appCredentials}/{missing}`, 'unknown application credential', 404, appCredentials),
];

/** Creates Keystone accepts although they carry an attribute it does not know: member name and create body. */
const acceptedCreates: [member: string, body: Json][] = [
  ['project', { name: 'extra-project' }],
  ['user', { name: 'extra-user', email: 'x@example.org' }],
  ['group', { name: 'extra-group' }],
  ['role', { name: 'extra-role' }],
  ['domain', { name: 'extra-domain' }],
  ['region', { description: 'extra' }],
  ['service', { type: 'extra' }],
  ['endpoint', { service_id: '{service}', interface: 'internal', url: 'http://example.org/extra' }],
];

describe('bad input to the identity API', () => {
  let server: NuboServer;
  let adminToken: string;
  let fixtures: Fixtures;
  let revokedToken: Promise<string> | undefined;
  /** Every status the table saw, for the no-500 check at the end. */
  const seen: { row: string; status: number }[] = [];

  before(async () => {
    server = await startNubo();
    adminToken = await passwordToken(server, server.credentials.admin);
    fixtures = identityFixtures(server, adminToken);
  });
  after(async () => {
    await server?.stop();
  });

  const revoked = (): Promise<string> => {
    revokedToken ??= (async () => {
      const token = await passwordToken(server, server.credentials.admin);
      const answer = await keystoneCall(server, '/v3/auth/tokens', {
        method: 'DELETE',
        token: adminToken,
        headers: { 'x-subject-token': token },
      });
      assert.equal(answer.status, 204, `revoking a token: ${answer.text}`);
      return token;
    })();
    return revokedToken;
  };

  const tokenOf = async (kind: TokenKind = 'admin'): Promise<string | undefined> => {
    switch (kind) {
      case 'admin':
        return adminToken;
      case 'none':
        return undefined;
      case 'garbage':
        return 'not-a-token';
      case 'fernet-garbage':
        // Shaped like a Fernet token (version byte 0x80, base64url) but signed by no one.
        return `gAAAAABk${randomBytes(120).toString('base64url')}`;
      case 'revoked':
        return revoked();
    }
  };

  /** The watched collection as the admin sees it; a collection that cannot be listed fails the row. */
  const snapshot = async (watch: string): Promise<unknown> => {
    const answer = await keystoneCall(server, await fixtures.resolve(watch), { token: adminToken });
    assert.equal(answer.status, 200, `listing ${watch} to compare: ${answer.status} ${answer.text.slice(0, 300)}`);
    return answer.json;
  };

  const table = [...authRows, ...tokenRows, ...collections.flatMap(collectionRows), ...specificRows];
  for (const c of table) {
    it(`${c.method} ${c.path}: ${c.name} → ${c.status}`, async () => {
      const path = await fixtures.resolve(c.path);
      const body = c.body === undefined ? undefined : JSON.parse(await fixtures.resolve(JSON.stringify(c.body)));
      const before = await snapshot(c.watch);
      const answer = await keystoneCall(server, path, {
        method: c.method,
        token: await tokenOf(c.token),
        ...(c.raw !== undefined ? { rawBody: c.raw } : { body }),
        ...(c.headers ? { headers: c.headers } : {}),
      });
      seen.push({ row: `${c.method} ${path}: ${c.name}`, status: answer.status });
      // A HEAD answer has no body to check.
      if (c.method === 'HEAD') assert.equal(answer.status, c.status);
      else assertKeystoneError(answer, c.status, `${c.method} ${path}`);
      // A 404 must name the missing thing, not be the router's answer for a route that does not exist.
      if (c.status === 404 && c.method !== 'HEAD')
        assert.notEqual(errorMessage(answer), ROUTE_MISSING, 'no such route');
      assert.deepEqual(await snapshot(c.watch), before, `${c.watch} changed`);
    });
  }

  it('POST /v3/auth/tokens: accepts attributes Keystone does not know → 201', async () => {
    const { username, password: secret, projectName } = server.credentials.admin;
    const answer = await keystoneCall(server, '/v3/auth/tokens?nocatalog', {
      method: 'POST',
      body: {
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: username, domain: { id: 'default' }, password: secret, nickname: 'x' } },
            comment: 'extra',
          },
          scope: { project: { name: projectName, domain: { id: 'default' } } },
          client: 'e2e',
        },
      },
    });
    seen.push({ row: 'POST /v3/auth/tokens: extra attributes', status: answer.status });
    assert.equal(answer.status, 201, answer.text);
    assert.ok(answer.headers.get('x-subject-token'));
  });

  for (const [member, attributes] of acceptedCreates) {
    const path = `/v3/${member}s`;
    it(`POST ${path}: keeps an extra attribute → 201`, async () => {
      const body = JSON.parse(await fixtures.resolve(JSON.stringify({ [member]: { ...attributes, colour: 'teal' } })));
      const created = await keystoneCall(server, path, { method: 'POST', token: adminToken, body });
      seen.push({ row: `POST ${path}: extra attribute`, status: created.status });
      assert.equal(created.status, 201, created.text);
      const entity = (created.json as Record<string, Json>)[member]!;
      assert.equal(entity.colour, 'teal');

      const url = `${path}/${entity.id}`;
      const shown = await keystoneCall(server, url, { token: adminToken });
      assert.equal((shown.json as Record<string, Json>)[member]?.colour, 'teal', 'kept, not only echoed');
      // Keystone deletes only a disabled domain.
      if (member === 'domain') {
        const disable = { domain: { enabled: false } };
        assert.equal(
          (await keystoneCall(server, url, { method: 'PATCH', token: adminToken, body: disable })).status,
          200,
        );
      }
      assert.equal((await keystoneCall(server, url, { method: 'DELETE', token: adminToken })).status, 204);
    });
  }

  it('never answered 500', () => {
    const failures = seen.filter((s) => s.status >= 500);
    assert.deepEqual(failures, []);
    assert.ok(seen.length > 0, 'the table ran');
  });
});
