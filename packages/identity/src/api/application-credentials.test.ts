// /v3/users/{user_id}/application_credentials through the HTTP API, and authenticating with what they create.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Harness, startHarness } from '../../test/harness.js';

type Json = Record<string, unknown>;

interface Login {
  token: string;
  body: Json;
  userId: string;
  projectId: string;
}

describe('/v3/users/{user_id}/application_credentials', () => {
  let h: Harness;
  let admin: Login;
  let demo: Login;

  /** POST /v3/auth/tokens; the token, its body, and who and where it is for. */
  const authenticate = async (identity: Json, scope?: Json): Promise<Login & { status: number }> => {
    const response = await h.call(undefined, 'POST', '/v3/auth/tokens', {
      auth: { identity, ...(scope ? { scope } : {}) },
    });
    const body = (response.data.token ?? {}) as Json;
    return {
      status: response.statusCode,
      token: String(response.headers['x-subject-token']),
      body,
      userId: String((body.user as Json | undefined)?.id),
      projectId: String((body.project as Json | undefined)?.id),
    };
  };
  const password = (name: string, secret: string) =>
    authenticate(
      { methods: ['password'], password: { user: { name, domain: { id: 'default' }, password: secret } } },
      { project: { name, domain: { id: 'default' } } },
    );
  const withCredential = (credential: Json) =>
    authenticate({ methods: ['application_credential'], application_credential: credential });
  const roleNames = (roles: unknown) => (roles as Json[]).map((r) => r.name).sort();
  const path = (who: Login, id = '') => `/v3/users/${who.userId}/application_credentials${id ? `/${id}` : ''}`;
  const create = (who: Login, credential: Json, token = who.token) =>
    h.call(token, 'POST', path(who), { application_credential: credential });
  const listOf = async (who: Login) =>
    (await h.call(admin.token, 'GET', path(who))).data.application_credentials as Json[];

  before(async () => {
    h = await startHarness();
    admin = await password('admin', h.credentials.admin.password);
    demo = await password('demo', h.credentials.demo.password);
  });
  after(() => h.close());

  test('create → authenticate → scoped to its project with only its roles → delete → refused', async () => {
    const created = await create(demo, {
      name: 'monitoring',
      description: 'for the monitor',
      roles: [{ name: 'reader' }],
    });
    assert.equal(created.statusCode, 201, created.body);
    const credential = created.data.application_credential as Json;
    assert.match(String(credential.secret), /^[A-Za-z0-9_-]{86}$/, '64 random bytes, urlsafe base64 without padding');
    assert.deepEqual(
      { ...credential, id: undefined, secret: undefined, links: undefined },
      {
        id: undefined,
        secret: undefined,
        links: undefined,
        name: 'monitoring',
        description: 'for the monitor',
        expires_at: null,
        project_id: demo.projectId,
        roles: [{ id: (credential.roles as Json[])[0]!.id, name: 'reader', domain_id: null }],
        access_rules: [],
        unrestricted: false,
        system: null,
      },
    );
    assert.match(String((credential.links as Json).self), new RegExp(`/identity${path(demo, String(credential.id))}$`));

    const shown = await h.call(demo.token, 'GET', path(demo, String(credential.id)));
    assert.equal(shown.statusCode, 200);
    assert.equal('secret' in (shown.data.application_credential as Json), false, 'the secret is shown once');

    const byId = await withCredential({ id: credential.id, secret: credential.secret });
    assert.equal(byId.status, 201);
    assert.deepEqual(
      { user: byId.userId, project: byId.projectId, roles: roleNames(byId.body.roles), methods: byId.body.methods },
      { user: demo.userId, project: demo.projectId, roles: ['reader'], methods: ['application_credential'] },
    );
    assert.deepEqual(byId.body.application_credential, { id: credential.id, name: 'monitoring', restricted: true });
    const byName = await withCredential({
      name: 'monitoring',
      user: { name: 'demo', domain: { id: 'default' } },
      secret: credential.secret,
    });
    assert.equal(byName.status, 201);
    assert.equal(byName.projectId, demo.projectId);
    assert.equal((await withCredential({ id: credential.id, secret: 'wrong' })).status, 401);

    // The token works for what a reader may do, and is refused what needs more.
    assert.equal((await h.call(byId.token, 'GET', `/v3/users/${demo.userId}/projects`)).statusCode, 200);

    assert.equal((await h.call(demo.token, 'DELETE', path(demo, String(credential.id)))).statusCode, 204);
    assert.equal((await withCredential({ id: credential.id, secret: credential.secret })).status, 401);
    const protectedCall = await h.call(byId.token, 'GET', `/v3/users/${demo.userId}/projects`);
    assert.equal(protectedCall.statusCode, 401, 'a token made from a deleted credential no longer validates');
    const validation = await h.app.inject({
      method: 'GET',
      url: '/identity/v3/auth/tokens',
      headers: { 'x-auth-token': admin.token, 'x-subject-token': byId.token },
    });
    assert.equal(validation.statusCode, 404, 'Keystone answers TokenNotFound for an invalid subject token');
    assert.equal((await h.call(demo.token, 'GET', path(demo, String(credential.id)))).statusCode, 404);
  });

  test('roles: none asked means all of the token, implied roles are included, and only held roles may be given', async () => {
    const all = await create(demo, { name: 'everything' });
    assert.equal(all.statusCode, 201);
    assert.deepEqual(roleNames((all.data.application_credential as Json).roles), ['member', 'reader']);

    const implied = await create(admin, { name: 'admin-implied', roles: [{ name: 'admin' }] });
    assert.equal(implied.statusCode, 201);
    assert.deepEqual(roleNames((implied.data.application_credential as Json).roles), ['admin', 'member', 'reader']);
    const adminRole = ((implied.data.application_credential as Json).roles as Json[]).find((r) => r.name === 'admin')!;

    const before = await listOf(demo);
    const escalation = await create(demo, { name: 'escalate', roles: [{ id: adminRole.id }] });
    assert.equal(escalation.statusCode, 400);
    assert.match((escalation.data.error as Json).message as string, /unassigned role/);
    const unknown = await create(demo, { name: 'unknown-role', roles: [{ name: 'nope' }] });
    assert.equal(unknown.statusCode, 404);
    assert.match((unknown.data.error as Json).message as string, /Role nope is not defined/);
    assert.deepEqual(await listOf(demo), before);
  });

  test('expiry is kept, shown with microseconds, and limits tokens', async () => {
    const expires = new Date(Date.now() + 3600_000);
    // Microseconds the client sent come back as sent, without a zone, as Keystone prints them.
    const sent = `${expires.toISOString().slice(0, 19)}.123456`;
    const created = await create(demo, { name: 'expiring', expires_at: sent });
    assert.equal(created.statusCode, 201, created.body);
    const credential = created.data.application_credential as Json;
    assert.equal(credential.expires_at, sent);
    assert.equal(Date.parse(`${String(credential.expires_at)}Z`), Date.parse(`${sent}Z`));
    const login = await withCredential({ id: credential.id, secret: credential.secret });
    assert.equal(login.status, 201);
    assert.ok(
      Date.parse(String(login.body.expires_at)) <= Date.parse(`${sent}Z`),
      'a token never outlives its credential',
    );
  });

  test('list with a name filter, and reading across users', async () => {
    await create(demo, { name: 'listed-a' });
    await create(demo, { name: 'listed-b' });
    const mine = await h.call(demo.token, 'GET', path(demo));
    assert.equal(mine.statusCode, 200);
    const names = (mine.data.application_credentials as Json[]).map((c) => c.name);
    assert.ok(names.includes('listed-a') && names.includes('listed-b'));
    assert.ok((mine.data.links as Json).self);
    assert.ok((mine.data.application_credentials as Json[]).every((c) => !('secret' in c)));
    const filtered = await h.call(demo.token, 'GET', `${path(demo)}?name=listed-b`);
    assert.deepEqual(
      (filtered.data.application_credentials as Json[]).map((c) => c.name),
      ['listed-b'],
    );

    const demoCredential = (filtered.data.application_credentials as Json[])[0]!;
    assert.equal(
      (await h.call(admin.token, 'GET', path(demo, String(demoCredential.id)))).statusCode,
      200,
      'an admin may read it',
    );
    const adminCredential = (await listOf(admin))[0]!;
    assert.equal((await h.call(demo.token, 'GET', path(admin))).statusCode, 403);
    assert.equal((await h.call(demo.token, 'GET', path(admin, String(adminCredential.id)))).statusCode, 403);
    // Naming yourself in the path does not reach someone else's credential.
    assert.equal((await h.call(demo.token, 'GET', path(demo, String(adminCredential.id)))).statusCode, 403);
    assert.equal((await h.call(admin.token, 'GET', path(admin, String(demoCredential.id)))).statusCode, 404);
  });

  test('a restricted credential cannot manage credentials; an unrestricted one can', async () => {
    const restricted = (await create(demo, { name: 'restricted' })).data.application_credential as Json;
    const unrestricted = (await create(demo, { name: 'unrestricted', unrestricted: true })).data
      .application_credential as Json;
    assert.equal(unrestricted.unrestricted, true);
    const restrictedLogin = await withCredential({ id: restricted.id, secret: restricted.secret });
    const unrestrictedLogin = await withCredential({ id: unrestricted.id, secret: unrestricted.secret });

    const before = await listOf(demo);
    const refused = await create(demo, { name: 'child' }, restrictedLogin.token);
    assert.equal(refused.statusCode, 403);
    assert.match(
      (refused.data.error as Json).message as string,
      /Using method 'application_credential' is not allowed/,
    );
    assert.equal((await h.call(restrictedLogin.token, 'DELETE', path(demo, String(unrestricted.id)))).statusCode, 403);
    assert.deepEqual(await listOf(demo), before);
    assert.equal((await h.call(restrictedLogin.token, 'GET', path(demo))).statusCode, 200, 'reading is allowed');

    const allowed = await create(demo, { name: 'child', roles: [{ name: 'reader' }] }, unrestrictedLogin.token);
    assert.equal(allowed.statusCode, 201, allowed.body);
    assert.equal((allowed.data.application_credential as Json).project_id, demo.projectId);
    assert.equal(
      (
        await h.call(
          unrestrictedLogin.token,
          'DELETE',
          path(demo, String((allowed.data.application_credential as Json).id)),
        )
      ).statusCode,
      204,
    );
  });

  test('a given secret is used as is, and stored only as a hash', async () => {
    const created = await create(demo, { name: 'chosen-secret', secret: 'rEaqvJka48mpv' });
    assert.equal((created.data.application_credential as Json).secret, 'rEaqvJka48mpv');
    const row = await h.identity.ctx.db
      .selectFrom('identity_app_credentials')
      .select('secret_hash')
      .where('id', '=', String((created.data.application_credential as Json).id))
      .executeTakeFirstOrThrow();
    assert.match(row.secret_hash, /^\$2[aby]\$/);
    assert.equal(
      (await withCredential({ id: (created.data.application_credential as Json).id, secret: 'rEaqvJka48mpv' })).status,
      201,
    );
  });

  test('refusals change nothing', async (t) => {
    await create(demo, { name: 'taken' });
    const past = new Date(Date.now() - 60_000).toISOString();
    const cases: {
      name: string;
      as?: 'admin' | 'none';
      pathUser?: 'admin';
      path?: string;
      method?: 'POST' | 'GET' | 'DELETE';
      body?: unknown;
      status: number;
      message?: RegExp;
    }[] = [
      { name: 'no token', as: 'none', body: { application_credential: { name: 'x' } }, status: 401 },
      {
        name: 'for another user',
        pathUser: 'admin',
        body: { application_credential: { name: 'x' } },
        status: 403,
        message: /identity:create_application_credential/,
      },
      { name: 'an admin for another user', as: 'admin', body: { application_credential: { name: 'x' } }, status: 403 },
      { name: 'name missing', body: { application_credential: { description: 'x' } }, status: 400 },
      { name: 'name blank', body: { application_credential: { name: ' ' } }, status: 400 },
      { name: 'unknown attribute', body: { application_credential: { name: 'x', colour: 'red' } }, status: 400 },
      { name: 'unknown top-level attribute', body: { application_credential: { name: 'x' }, other: 1 }, status: 400 },
      {
        name: 'role with both id and name',
        body: { application_credential: { name: 'x', roles: [{ id: 'a', name: 'b' }] } },
        status: 400,
      },
      {
        name: 'expiry in the past',
        body: { application_credential: { name: 'x', expires_at: past } },
        status: 400,
        message: /must not be before now/,
      },
      {
        name: 'expiry not a timestamp',
        body: { application_credential: { name: 'x', expires_at: 'tomorrow' } },
        status: 400,
        message: /Timestamp not in expected format/,
      },
      {
        name: 'unrestricted not boolean',
        body: { application_credential: { name: 'x', unrestricted: 'yes' } },
        status: 400,
      },
      {
        name: 'access rules',
        body: {
          application_credential: {
            name: 'x',
            access_rules: [{ path: '/v2.0/metrics', method: 'GET', service: 'monitoring' }],
          },
        },
        status: 400,
        message: /access rules are not supported/,
      },
      {
        name: 'duplicate name',
        body: { application_credential: { name: 'taken' } },
        status: 409,
        message: /Duplicate entry found with name taken/,
      },
      {
        name: 'get of a missing credential',
        method: 'GET',
        path: 'nope',
        status: 404,
        message: /Could not find Application Credential: nope\./,
      },
      { name: 'delete of a missing credential', method: 'DELETE', path: 'nope', status: 404 },
    ];
    for (const c of cases) {
      await t.test(`${c.name} → ${c.status}`, async () => {
        const token = c.as === 'none' ? undefined : c.as === 'admin' ? admin.token : demo.token;
        const owner = c.pathUser === 'admin' ? admin : demo;
        const before = [await listOf(demo), await listOf(admin)];
        const response = await h.call(token, c.method ?? 'POST', path(owner, c.path), c.body);
        assert.equal(response.statusCode, c.status, response.body);
        const error = response.data.error as { code: number; message: string };
        assert.equal(error.code, c.status);
        if (c.message) assert.match(error.message, c.message);
        assert.deepEqual([await listOf(demo), await listOf(admin)], before);
      });
    }
  });
});
