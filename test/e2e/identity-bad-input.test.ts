// Bad input to Keystone v3 over HTTP: every row gets its 4xx with Keystone's error body and changes nothing, extra
// attributes Keystone allows are kept, and no answer in the whole table is a 500.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { FIXTURE, type Fixtures, identityFixtures } from './lib/identity-fixtures.js';
import { assertKeystoneError, keystoneCall, passwordToken } from './lib/keystone-http.js';
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

/** Keystone's max_request_body_size is 114688 bytes; this is over it. */
const OVERSIZED = 'a'.repeat(120_000);

const password = (user: Json, extra: Json = {}) => ({
  auth: { identity: { methods: ['password'], password: { user } }, ...extra },
});
const adminUser = { name: 'admin', domain: { id: 'default' }, password: 'wrong-password' };

const authRows: Row[] = [
  { name: 'malformed JSON', raw: '{"auth": {"identity": ', status: 400 },
  { name: 'a JSON array', raw: '[]', status: 400 },
  { name: 'no auth member', body: {}, status: 400 },
  { name: 'no identity', body: { auth: { scope: 'unscoped' } }, status: 400 },
  { name: 'methods not a list', body: { auth: { identity: { methods: 'password' } } }, status: 400 },
  { name: 'user without id or name', body: password({ password: 'x' }), status: 400 },
  { name: 'password not a string', body: password({ ...adminUser, password: 12345 }), status: 400 },
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

const tokenRows: Row[] = [
  { name: 'no X-Auth-Token', method: 'GET', path: '/v3/projects', token: 'none', status: 401, watch: '/v3/projects' },
  { name: 'garbage token', method: 'GET', path: '/v3/projects', token: 'garbage', status: 401, watch: '/v3/projects' },
  {
    name: 'expired-looking Fernet garbage',
    ...{ method: 'GET', path: '/v3/users', token: 'fernet-garbage', status: 401, watch: '/v3/users' },
  },
  { name: 'revoked token', method: 'GET', path: '/v3/domains', token: 'revoked', status: 401, watch: '/v3/domains' },
  {
    name: 'create without a token',
    ...{ method: 'POST', path: '/v3/projects', body: { project: { name: 'no-token' } }, token: 'none' },
    ...{ status: 401, watch: '/v3/projects' },
  },
  {
    name: 'validate an unknown subject token',
    ...{ method: 'GET', path: '/v3/auth/tokens', headers: { 'x-subject-token': 'not-a-token' } },
    ...{ status: 404, watch: '/v3/users' },
  },
  {
    name: 'revoke an unknown subject token',
    ...{ method: 'DELETE', path: '/v3/auth/tokens', headers: { 'x-subject-token': 'not-a-token' } },
    ...{ status: 404, watch: '/v3/users' },
  },
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
    ...{ path: '/v3/projects', member: 'project', fixture: '{project}', valid: { name: 'bad-new-project' } },
    invalid: [
      { name: 42 },
      { name: '' },
      { name: 'x'.repeat(65) },
      { name: 'p', enabled: 'yes' },
      { name: 'p', tags: ['a/b'] },
    ],
    ...{ missingRequired: { description: 'no name' }, refusesUnknownTopLevel: true },
    ...{ duplicate: { name: FIXTURE.project }, update: { description: 'changed' } },
  },
  {
    ...{ path: '/v3/users', member: 'user', fixture: '{user}', valid: { name: 'bad-new-user' } },
    invalid: [{ name: 42 }, { name: 'x'.repeat(256) }, { name: 'u', enabled: 'yes' }, { name: 'u', password: 42 }],
    ...{ missingRequired: { password: 'no-name' }, refusesUnknownTopLevel: true },
    ...{ duplicate: { name: FIXTURE.user }, update: { description: 'changed' } },
  },
  {
    ...{ path: '/v3/groups', member: 'group', fixture: '{group}', valid: { name: 'bad-new-group' } },
    invalid: [{ name: 42 }, { name: '' }, { name: 'g', description: 42 }],
    ...{ missingRequired: { description: 'no name' }, refusesUnknownTopLevel: true },
    ...{ duplicate: { name: FIXTURE.group }, update: { description: 'changed' } },
  },
  {
    ...{ path: '/v3/roles', member: 'role', fixture: '{role}', valid: { name: 'bad-new-role' } },
    invalid: [{ name: 42 }, { name: 'x'.repeat(256) }, { name: 'r', description: 42 }],
    ...{ missingRequired: { description: 'no name' }, refusesUnknownTopLevel: true },
    ...{ duplicate: { name: FIXTURE.role }, update: { description: 'changed' } },
  },
  {
    ...{ path: '/v3/domains', member: 'domain', fixture: '{domain}', valid: { name: 'bad-new-domain' } },
    invalid: [{ name: 42 }, { name: 'x'.repeat(65) }, { name: 'd', enabled: 'false' }],
    ...{ missingRequired: { description: 'no name' }, refusesUnknownTopLevel: true },
    ...{ duplicate: { name: FIXTURE.domain }, update: { description: 'changed' } },
  },
  {
    // Keystone's region create schema misspells additionalProperties, so unknown top-level keys pass there.
    ...{ path: '/v3/regions', member: 'region', fixture: '{region}', valid: { description: 'new' } },
    invalid: [{ description: 42 }, { parent_region_id: 42 }, { id: 'x'.repeat(256) }],
    ...{ refusesUnknownTopLevel: false, duplicate: { id: FIXTURE.region }, update: { description: 'changed' } },
  },
  {
    ...{ path: '/v3/services', member: 'service', fixture: '{service}', valid: { type: 'bad-new' } },
    invalid: [{ type: 42 }, { type: '' }, { type: 's', enabled: 'yes' }, { type: 'x'.repeat(256) }],
    ...{ missingRequired: { name: 'no type' }, refusesUnknownTopLevel: false, update: { description: 'changed' } },
  },
  {
    path: '/v3/endpoints',
    ...{ member: 'endpoint', fixture: '{endpoint}' },
    valid: { service_id: '{service}', interface: 'public', url: 'http://example.org/new' },
    invalid: [
      { service_id: '{service}', interface: 'sideways', url: 'http://example.org/new' },
      { service_id: '{service}', interface: 'public', url: 'not a url' },
      { service_id: '{service}', interface: 'public', url: 'http://example.org/new', enabled: 'yes' },
      { service_id: 42, interface: 'public', url: 'http://example.org/new' },
    ],
    ...{ missingRequired: { service_id: '{service}', interface: 'public' }, refusesUnknownTopLevel: true },
    update: { url: 'http://example.org/changed' },
  },
];

/** The rows every collection shares: envelope, types, size, tokens, duplicates and unknown ids. */
function collectionRows(c: Collection): Row[] {
  const { path, member, fixture } = c;
  const post = (name: string, rest: Partial<Row>): Row => ({
    name,
    method: 'POST',
    path,
    status: 400,
    watch: path,
    ...rest,
  });
  const rows: Row[] = [
    post('malformed JSON', { raw: `{"${member}": {"name": ` }),
    post('a JSON array', { raw: '[]' }),
    post(`no ${member} member`, { body: c.valid }),
    post(`${member} is a string`, { body: { [member]: 'x' } }),
    ...c.invalid.map((bad) => post(`invalid ${JSON.stringify(bad).slice(0, 60)}`, { body: { [member]: bad } })),
    post('oversized body', { body: { [member]: { ...c.valid, description: OVERSIZED } }, status: 413 }),
    post('no token', { body: { [member]: c.valid }, token: 'none', status: 401 }),
    post('garbage token', { body: { [member]: c.valid }, token: 'garbage', status: 401 }),
    { name: 'unknown id', method: 'GET', path: `${path}/{missing}`, status: 404, watch: path },
    {
      name: 'unknown id',
      method: 'PATCH',
      path: `${path}/{missing}`,
      body: { [member]: c.update },
      status: 404,
      watch: path,
    },
    { name: 'unknown id', method: 'DELETE', path: `${path}/{missing}`, status: 404, watch: path },
    {
      name: 'nothing to update',
      method: 'PATCH',
      path: `${path}/${fixture}`,
      body: { [member]: {} },
      status: 400,
      watch: path,
    },
    {
      name: 'malformed JSON',
      method: 'PATCH',
      path: `${path}/${fixture}`,
      raw: `{"${member}": `,
      status: 400,
      watch: path,
    },
  ];
  if (c.missingRequired) rows.push(post('missing a required attribute', { body: { [member]: c.missingRequired } }));
  if (c.refusesUnknownTopLevel) {
    rows.push(post('unknown top-level key', { body: { [member]: c.valid, extra_top_level: true } }));
  }
  if (c.duplicate) rows.push(post('duplicate', { body: { [member]: c.duplicate }, status: 409 }));
  return rows;
}

const grants = '/v3/role_assignments';
const specificRows: Row[] = [
  {
    name: 'user in a missing domain',
    ...{ method: 'POST', path: '/v3/users', body: { user: { name: 'lost', domain_id: '{missing}' } } },
    ...{ status: 404, watch: '/v3/users' },
  },
  {
    name: 'password change with the wrong original',
    ...{ method: 'POST', path: '/v3/users/{user}/password', watch: '/v3/users', status: 401 },
    body: { user: { original_password: 'not-it', password: 'pw-new-1' } },
  },
  {
    name: 'password change without the original',
    ...{ method: 'POST', path: '/v3/users/{user}/password', watch: '/v3/users', status: 400 },
    body: { user: { password: 'pw-new-1' } },
  },
  {
    name: 'delete an enabled domain',
    ...{ method: 'DELETE', path: '/v3/domains/{domain}', status: 403, watch: '/v3/domains' },
  },
  {
    name: 'region with a missing parent',
    ...{ method: 'POST', path: '/v3/regions', body: { region: { parent_region_id: '{missing}' } } },
    ...{ status: 404, watch: '/v3/regions' },
  },
  {
    name: 'region created again under its id',
    ...{ method: 'PUT', path: '/v3/regions/{region}', body: { region: { description: 'again' } } },
    ...{ status: 409, watch: '/v3/regions' },
  },
  {
    name: 'endpoint of a missing service',
    ...{ method: 'POST', path: '/v3/endpoints', status: 400, watch: '/v3/endpoints' },
    body: { endpoint: { service_id: '{missing}', interface: 'public', url: 'http://example.org/x' } },
  },
  {
    name: 'endpoint in a missing region',
    ...{ method: 'POST', path: '/v3/endpoints', status: 400, watch: '/v3/endpoints' },
    body: { endpoint: { service_id: '{service}', region_id: '{missing}', interface: 'public', url: 'http://e.org/x' } },
  },
  {
    name: 'add a missing user to a group',
    ...{ method: 'PUT', path: '/v3/groups/{group}/users/{missing}', status: 404, watch: '/v3/groups/{group}/users' },
  },
  {
    name: 'add a user to a missing group',
    ...{ method: 'PUT', path: '/v3/groups/{missing}/users/{user}', status: 404, watch: '/v3/users/{user}/groups' },
  },
  {
    name: 'check a user who is not a member',
    ...{ method: 'HEAD', path: '/v3/groups/{group}/users/{user}', status: 404, watch: '/v3/groups/{group}/users' },
  },
  {
    name: 'remove a user who is not a member',
    ...{ method: 'DELETE', path: '/v3/groups/{group}/users/{user}', status: 404, watch: '/v3/groups/{group}/users' },
  },
  ...(
    [
      ['missing role', '/v3/projects/{project}/users/{user}/roles/{missing}'],
      ['missing user', '/v3/projects/{project}/users/{missing}/roles/{role}'],
      ['missing project', '/v3/projects/{missing}/users/{user}/roles/{role}'],
      ['missing group', '/v3/domains/{domain}/groups/{missing}/roles/{role}'],
      ['missing domain', '/v3/domains/{missing}/groups/{group}/roles/{role}'],
    ] as const
  ).map(([name, path]): Row => ({ name: `grant with a ${name}`, method: 'PUT', path, status: 404, watch: grants })),
  {
    name: 'check a grant that does not exist',
    ...{ method: 'HEAD', path: '/v3/projects/{project}/users/{user}/roles/{role}', status: 404, watch: grants },
  },
  {
    name: 'get a grant that does not exist',
    ...{ method: 'GET', path: '/v3/projects/{project}/users/{user}/roles/{role}', status: 404, watch: grants },
  },
  {
    name: 'revoke a grant that does not exist',
    ...{ method: 'DELETE', path: '/v3/domains/{domain}/groups/{group}/roles/{role}', status: 404, watch: grants },
  },
  {
    name: 'grant without a token',
    ...{ method: 'PUT', path: '/v3/projects/{project}/users/{user}/roles/{role}', token: 'none', status: 401 },
    watch: grants,
  },
  {
    name: 'grant with a garbage token',
    ...{ method: 'PUT', path: '/v3/projects/{project}/users/{user}/roles/{role}', token: 'garbage', status: 401 },
    watch: grants,
  },
  {
    name: 'assignments filtered by both project and domain',
    ...{ method: 'GET', path: `${grants}?scope.project.id={project}&scope.domain.id={domain}`, status: 400 },
    watch: grants,
  },
  {
    name: 'assignments filtered by both user and group',
    ...{ method: 'GET', path: `${grants}?user.id={user}&group.id={group}`, status: 400, watch: grants },
  },
  {
    name: 'application credential with an unknown attribute',
    ...{ method: 'POST', path: '/v3/users/{admin_user}/application_credentials', status: 400 },
    ...{ body: { application_credential: { name: 'bad-ac', colour: 'red' } } },
    watch: '/v3/users/{admin_user}/application_credentials',
  },
  {
    name: 'application credential without a name',
    ...{ method: 'POST', path: '/v3/users/{admin_user}/application_credentials', status: 400 },
    ...{ body: { application_credential: { description: 'no name' } } },
    watch: '/v3/users/{admin_user}/application_credentials',
  },
  {
    name: 'unknown application credential',
    ...{ method: 'GET', path: '/v3/users/{admin_user}/application_credentials/{missing}', status: 404 },
    watch: '/v3/users/{admin_user}/application_credentials',
  },
];

/** Creates that Keystone accepts although they carry attributes it does not know: kept and echoed. */
const acceptedRows: { name: string; path: string; member: string; body: Json; cleanup: 'delete' | 'disable-delete' }[] =
  [
    { name: 'project', path: '/v3/projects', member: 'project', body: { name: 'extra-project' }, cleanup: 'delete' },
    {
      name: 'user',
      path: '/v3/users',
      member: 'user',
      body: { name: 'extra-user', email: 'x@example.org' },
      cleanup: 'delete',
    },
    { name: 'group', path: '/v3/groups', member: 'group', body: { name: 'extra-group' }, cleanup: 'delete' },
    { name: 'role', path: '/v3/roles', member: 'role', body: { name: 'extra-role' }, cleanup: 'delete' },
    {
      name: 'domain',
      path: '/v3/domains',
      member: 'domain',
      body: { name: 'extra-domain' },
      cleanup: 'disable-delete',
    },
    { name: 'region', path: '/v3/regions', member: 'region', body: { description: 'extra' }, cleanup: 'delete' },
    { name: 'service', path: '/v3/services', member: 'service', body: { type: 'extra' }, cleanup: 'delete' },
    {
      ...{ name: 'endpoint', path: '/v3/endpoints', member: 'endpoint', cleanup: 'delete' },
      body: { service_id: '{service}', interface: 'internal', url: 'http://example.org/extra' },
    },
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
  for (const row of table) {
    it(`${row.method} ${row.path}: ${row.name} → ${row.status}`, async () => {
      const path = await fixtures.resolve(row.path);
      const body = row.body === undefined ? undefined : JSON.parse(await fixtures.resolve(JSON.stringify(row.body)));
      const before = await snapshot(row.watch);
      const answer = await keystoneCall(server, path, {
        method: row.method,
        token: await tokenOf(row.token),
        ...(row.raw !== undefined ? { rawBody: row.raw } : { body }),
        ...(row.headers ? { headers: row.headers } : {}),
      });
      seen.push({ row: `${row.method} ${path}: ${row.name}`, status: answer.status });
      // A HEAD answer has no body to check.
      if (row.method === 'HEAD') assert.equal(answer.status, row.status);
      else assertKeystoneError(answer, row.status, `${row.method} ${path}`);
      assert.deepEqual(await snapshot(row.watch), before, `${row.watch} changed`);
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

  for (const row of acceptedRows) {
    it(`POST ${row.path}: keeps an extra attribute on a ${row.name} → 201`, async () => {
      const body = JSON.parse(
        await fixtures.resolve(JSON.stringify({ [row.member]: { ...row.body, colour: 'teal' } })),
      );
      const created = await keystoneCall(server, row.path, { method: 'POST', token: adminToken, body });
      seen.push({ row: `POST ${row.path}: extra attribute`, status: created.status });
      assert.equal(created.status, 201, created.text);
      const entity = (created.json as Record<string, Json>)[row.member]!;
      assert.equal(entity.colour, 'teal');

      const url = `${row.path}/${entity.id}`;
      const shown = await keystoneCall(server, url, { token: adminToken });
      assert.equal((shown.json as Record<string, Json>)[row.member]?.colour, 'teal', 'kept, not only echoed');
      if (row.cleanup === 'disable-delete') {
        const patch = { [row.member]: { enabled: false } };
        assert.equal(
          (await keystoneCall(server, url, { method: 'PATCH', token: adminToken, body: patch })).status,
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
