import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Harness, startHarness } from '../../test/harness.js';

const password = (name: string, secret: string, scope?: unknown) => ({
  auth: {
    identity: { methods: ['password'], password: { user: { name, domain: { name: 'Default' }, password: secret } } },
    ...(scope === undefined ? {} : { scope }),
  },
});

describe('/v3/auth', () => {
  let h: Harness;
  let admin: string;
  before(async () => {
    h = await startHarness();
    admin = await h.adminToken();
  });
  after(() => h.close());

  test('version discovery at / (300) and /v3', async () => {
    const root = await h.call(undefined, 'GET', '/');
    assert.equal(root.statusCode, 300);
    const values = (root.data.versions as { values: { id: string; status: string }[] }).values;
    assert.equal(values[0]?.status, 'stable');
    const v3 = await h.call(undefined, 'GET', '/v3');
    assert.equal(v3.statusCode, 200);
    assert.match((v3.data.version as { id: string }).id, /^v3\./);
  });

  test('project-scoped password token carries user, project, implied roles and the catalog', async () => {
    const r = await h.call(
      undefined,
      'POST',
      '/v3/auth/tokens',
      password('admin', h.credentials.admin.password, { project: { name: 'admin', domain: { id: 'default' } } }),
    );
    assert.equal(r.statusCode, 201);
    assert.match(String(r.headers['x-subject-token']), /^gAAAAA/);
    const token = r.data.token as Record<string, any>;
    assert.deepEqual(token.methods, ['password']);
    assert.equal(token.user.name, 'admin');
    assert.equal(token.user.domain.id, 'default');
    assert.equal(token.project.name, 'admin');
    assert.equal(token.is_domain, false);
    assert.deepEqual(token.roles.map((x: { name: string }) => x.name).sort(), ['admin', 'member', 'reader']);
    assert.equal(token.catalog.find((s: { type: string }) => s.type === 'identity').endpoints.length, 3);
    assert.match(token.expires_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const nocatalog = await h.call(
      undefined,
      'POST',
      '/v3/auth/tokens?nocatalog',
      password('admin', h.credentials.admin.password, { project: { name: 'admin', domain: { id: 'default' } } }),
    );
    assert.equal((nocatalog.data.token as Record<string, unknown>).catalog, undefined);
  });

  test('unscoped, domain-scoped and system-scoped tokens', async () => {
    const unscoped = await h.call(
      undefined,
      'POST',
      '/v3/auth/tokens',
      password('admin', h.credentials.admin.password, 'unscoped'),
    );
    assert.equal(unscoped.statusCode, 201);
    assert.equal((unscoped.data.token as Record<string, unknown>).roles, undefined);
    const system = await h.call(
      undefined,
      'POST',
      '/v3/auth/tokens',
      password('admin', h.credentials.admin.password, { system: { all: true } }),
    );
    assert.equal(system.statusCode, 201);
    assert.deepEqual((system.data.token as Record<string, unknown>).system, { all: true });
    const domain = await h.call(
      undefined,
      'POST',
      '/v3/auth/tokens',
      password('admin', h.credentials.admin.password, { domain: { id: 'default' } }),
    );
    assert.equal(domain.statusCode, 401, 'admin holds no role on the domain itself');
    const noDefault = await h.call(undefined, 'POST', '/v3/auth/tokens', password('demo', h.credentials.demo.password));
    assert.equal(
      (noDefault.data.token as Record<string, { name: string }>).project?.name,
      'demo',
      'no scope means the default project',
    );
  });

  test('failures are the same 401 and never say why', async () => {
    for (const body of [
      password('admin', 'wrong'),
      password('nobody', 'x'),
      password('demo', h.credentials.demo.password, { project: { name: 'admin', domain: { id: 'default' } } }),
      { auth: { identity: { methods: ['token'], token: { id: 'gAAAAAgarbage' } } } },
    ]) {
      const r = await h.call(undefined, 'POST', '/v3/auth/tokens', body);
      assert.equal(r.statusCode, 401, JSON.stringify(body));
      assert.equal((r.data.error as { code: number }).code, 401);
    }
  });

  test('malformed auth bodies are 400', async () => {
    for (const body of [
      {},
      { auth: {} },
      { auth: { identity: { methods: [] } } },
      { auth: { identity: { methods: ['password'] } } },
      '{"auth":',
    ]) {
      const r = await h.call(undefined, 'POST', '/v3/auth/tokens', body);
      assert.equal(r.statusCode, 400, JSON.stringify(body));
      assert.equal((r.data.error as { title: string }).title, 'Bad Request');
    }
  });

  test('validate (GET), check (HEAD) and revoke (DELETE) a token', async () => {
    const subject = await h.token('demo', h.credentials.demo.password, 'demo');
    const get = await h.app.inject({
      method: 'GET',
      url: '/identity/v3/auth/tokens',
      headers: { 'x-auth-token': admin, 'x-subject-token': subject },
    });
    assert.equal(get.statusCode, 200);
    assert.equal(get.headers['x-subject-token'], subject);
    const head = await h.app.inject({
      method: 'HEAD',
      url: '/identity/v3/auth/tokens',
      headers: { 'x-auth-token': admin, 'x-subject-token': subject },
    });
    assert.equal(head.statusCode, 200);
    const del = await h.app.inject({
      method: 'DELETE',
      url: '/identity/v3/auth/tokens',
      headers: { 'x-auth-token': subject, 'x-subject-token': subject },
    });
    assert.equal(del.statusCode, 204);
    const after = await h.app.inject({
      method: 'GET',
      url: '/identity/v3/auth/tokens',
      headers: { 'x-auth-token': admin, 'x-subject-token': subject },
    });
    assert.equal(after.statusCode, 404);
    const use = await h.call(subject, 'GET', '/v3/auth/projects');
    assert.equal(use.statusCode, 401, 'a revoked token is refused everywhere');
  });

  test('a member may not validate someone else’s token', async () => {
    const demo = await h.token('demo', h.credentials.demo.password, 'demo');
    const r = await h.app.inject({
      method: 'GET',
      url: '/identity/v3/auth/tokens',
      headers: { 'x-auth-token': demo, 'x-subject-token': admin },
    });
    assert.equal(r.statusCode, 403);
  });

  test('token method re-scopes and keeps the audit chain and expiry', async () => {
    const unscoped = await h.call(
      undefined,
      'POST',
      '/v3/auth/tokens',
      password('admin', h.credentials.admin.password, 'unscoped'),
    );
    const first = unscoped.data.token as Record<string, any>;
    const rescoped = await h.call(undefined, 'POST', '/v3/auth/tokens', {
      auth: {
        identity: { methods: ['token'], token: { id: unscoped.headers['x-subject-token'] } },
        scope: { project: { name: 'demo', domain: { id: 'default' } } },
      },
    });
    assert.equal(rescoped.statusCode, 401, 'admin has no role on demo');
    const toAdmin = await h.call(undefined, 'POST', '/v3/auth/tokens', {
      auth: {
        identity: { methods: ['token'], token: { id: unscoped.headers['x-subject-token'] } },
        scope: { project: { name: 'admin', domain: { id: 'default' } } },
      },
    });
    assert.equal(toAdmin.statusCode, 201);
    const second = toAdmin.data.token as Record<string, any>;
    assert.equal(second.expires_at, first.expires_at);
    assert.equal(second.audit_ids[1], first.audit_ids[0]);
    assert.deepEqual([...second.methods].sort(), ['password', 'token']);
  });

  test('catalog, projects, domains and system of a token', async () => {
    const catalog = await h.call(admin, 'GET', '/v3/auth/catalog');
    assert.equal(catalog.statusCode, 200);
    assert.ok((catalog.data.catalog as { type: string }[]).some((s) => s.type === 'identity'));
    const projects = await h.call(admin, 'GET', '/v3/auth/projects');
    assert.deepEqual(
      (projects.data.projects as { name: string }[]).map((p) => p.name),
      ['admin'],
    );
    const system = await h.call(admin, 'GET', '/v3/auth/system');
    assert.deepEqual(system.data.system, [{ all: true }]);
    const demo = await h.token('demo', h.credentials.demo.password, 'demo');
    assert.deepEqual((await h.call(demo, 'GET', '/v3/auth/system')).data.system, []);
    assert.deepEqual(((await h.call(demo, 'GET', '/v3/auth/domains')).data.domains as unknown[]).length, 0);
  });

  test('tokens stay valid across a key reload', async () => {
    const token = await h.token('demo', h.credentials.demo.password, 'demo');
    h.identity.reloadKeys();
    assert.equal((await h.call(token, 'GET', '/v3/auth/projects')).statusCode, 200);
  });
});
