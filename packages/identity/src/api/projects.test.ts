import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Harness, startHarness } from '../../test/harness.js';

describe('/v3/domains and /v3/projects', () => {
  let h: Harness;
  let admin: string;
  let demo: string;
  before(async () => {
    h = await startHarness();
    admin = await h.adminToken();
    demo = await h.token('demo', h.credentials.demo.password, 'demo');
  });
  after(() => h.close());

  test('domain lifecycle: create, show, update, refuse delete while enabled, disable, delete', async () => {
    const created = await h.call(admin, 'POST', '/v3/domains', { domain: { name: 'd1', description: 'first' } });
    assert.equal(created.statusCode, 201);
    const id = (created.data.domain as { id: string }).id;
    assert.equal((await h.call(admin, 'GET', `/v3/domains/${id}`)).statusCode, 200);
    assert.equal((await h.call(admin, 'POST', '/v3/domains', { domain: { name: 'd1' } })).statusCode, 409);
    const updated = await h.call(admin, 'PATCH', `/v3/domains/${id}`, { domain: { description: 'changed' } });
    assert.equal((updated.data.domain as { description: string }).description, 'changed');
    assert.equal((await h.call(admin, 'DELETE', `/v3/domains/${id}`)).statusCode, 403);
    const project = await h.call(admin, 'POST', '/v3/projects', { project: { name: 'in-d1', domain_id: id } });
    assert.equal(project.statusCode, 201);
    await h.call(admin, 'PATCH', `/v3/domains/${id}`, { domain: { enabled: false } });
    assert.equal((await h.call(admin, 'DELETE', `/v3/domains/${id}`)).statusCode, 204);
    assert.equal((await h.call(admin, 'GET', `/v3/domains/${id}`)).statusCode, 404);
    const orphan = await h.call(admin, 'GET', `/v3/projects/${(project.data.project as { id: string }).id}`);
    assert.equal(orphan.statusCode, 404, 'deleting a domain deletes its projects');
  });

  test('project hierarchy: child under parent, parent cannot be deleted first', async () => {
    const parent = await h.call(admin, 'POST', '/v3/projects', { project: { name: 'parent' } });
    const parentId = (parent.data.project as { id: string }).id;
    const child = await h.call(admin, 'POST', '/v3/projects', { project: { name: 'child', parent_id: parentId } });
    assert.equal(child.statusCode, 201);
    const childView = child.data.project as { id: string; parent_id: string; domain_id: string };
    assert.equal(childView.parent_id, parentId);
    assert.equal(childView.domain_id, 'default');
    const listed = await h.call(admin, 'GET', `/v3/projects?parent_id=${parentId}`);
    assert.deepEqual(
      (listed.data.projects as { name: string }[]).map((p) => p.name),
      ['child'],
    );
    assert.equal((await h.call(admin, 'DELETE', `/v3/projects/${parentId}`)).statusCode, 403);
    assert.equal(
      (await h.call(admin, 'PATCH', `/v3/projects/${parentId}`, { project: { enabled: false } })).statusCode,
      403,
    );
    assert.equal((await h.call(admin, 'DELETE', `/v3/projects/${childView.id}`)).statusCode, 204);
    assert.equal((await h.call(admin, 'DELETE', `/v3/projects/${parentId}`)).statusCode, 204);
  });

  test('project tags and tag filters', async () => {
    const p = await h.call(admin, 'POST', '/v3/projects', { project: { name: 'tagged', tags: ['a', 'b'] } });
    const id = (p.data.project as { id: string }).id;
    assert.deepEqual((p.data.project as { tags: string[] }).tags, ['a', 'b']);
    assert.equal((await h.call(admin, 'PUT', `/v3/projects/${id}/tags/c`)).statusCode, 201);
    assert.equal((await h.call(admin, 'GET', `/v3/projects/${id}/tags/c`)).statusCode, 204);
    assert.equal((await h.call(admin, 'GET', `/v3/projects/${id}/tags/zz`)).statusCode, 404);
    const filtered = await h.call(admin, 'GET', '/v3/projects?tags=a,c');
    assert.deepEqual(
      (filtered.data.projects as { name: string }[]).map((x) => x.name),
      ['tagged'],
    );
    assert.equal((await h.call(admin, 'PUT', `/v3/projects/${id}/tags`, { tags: ['x,y'] })).statusCode, 400);
    assert.equal((await h.call(admin, 'DELETE', `/v3/projects/${id}/tags`)).statusCode, 204);
    assert.deepEqual((await h.call(admin, 'GET', `/v3/projects/${id}/tags`)).data.tags, []);
  });

  test('bad input is refused with Keystone’s error body and changes nothing', async () => {
    const before = ((await h.call(admin, 'GET', '/v3/projects')).data.projects as unknown[]).length;
    const cases: [unknown, number][] = [
      [{ project: { name: '' } }, 400],
      [{ project: { name: 'x'.repeat(65) } }, 400],
      [{ project: { name: 5 } }, 400],
      [{ project: { name: 'ok', enabled: 'yes' } }, 400],
      [{ project: {} }, 400],
      [{}, 400],
      ['{"project":', 400],
      [{ project: { name: 'admin' } }, 409],
      [{ project: { name: 'ok', domain_id: 'nope' } }, 404],
      [{ project: { name: 'ok', parent_id: 'nope' } }, 404],
    ];
    for (const [body, status] of cases) {
      const r = await h.call(admin, 'POST', '/v3/projects', body);
      assert.equal(r.statusCode, status, `${JSON.stringify(body)} → ${r.body}`);
      assert.deepEqual(Object.keys(r.data.error as object).sort(), ['code', 'message', 'title']);
    }
    assert.equal(((await h.call(admin, 'GET', '/v3/projects')).data.projects as unknown[]).length, before);
  });

  test('a member cannot create or list all projects but can see their own', async () => {
    assert.equal((await h.call(demo, 'POST', '/v3/projects', { project: { name: 'mine' } })).statusCode, 403);
    assert.equal((await h.call(demo, 'GET', '/v3/projects')).statusCode, 403);
    const auth = await h.call(demo, 'GET', '/v3/auth/projects');
    assert.deepEqual(
      (auth.data.projects as { name: string }[]).map((p) => p.name),
      ['demo'],
    );
    const adminProject = (
      (await h.call(admin, 'GET', '/v3/projects?name=admin')).data.projects as { id: string }[]
    )[0]!;
    assert.equal((await h.call(demo, 'GET', `/v3/projects/${adminProject.id}`)).statusCode, 403);
    assert.equal((await h.call(undefined, 'GET', '/v3/projects')).statusCode, 401);
  });

  test('deleting a project invalidates tokens scoped to it', async () => {
    const p = await h.call(admin, 'POST', '/v3/projects', { project: { name: 'doomed' } });
    const id = (p.data.project as { id: string }).id;
    const self = await h.app.inject({
      method: 'GET',
      url: '/identity/v3/auth/tokens',
      headers: { 'x-auth-token': admin, 'x-subject-token': admin },
    });
    const adminUser = self.json().token.user.id as string;
    const role = ((await h.call(admin, 'GET', '/v3/roles?name=member')).data.roles as { id: string }[])[0]!;
    assert.equal(
      (await h.call(admin, 'PUT', `/v3/projects/${id}/users/${adminUser}/roles/${role.id}`)).statusCode,
      204,
    );
    const scoped = await h.token('admin', h.credentials.admin.password, 'doomed');
    assert.equal((await h.call(scoped, 'GET', '/v3/auth/catalog')).statusCode, 200);
    assert.equal((await h.call(admin, 'DELETE', `/v3/projects/${id}`)).statusCode, 204);
    assert.equal((await h.call(scoped, 'GET', '/v3/auth/catalog')).statusCode, 401);
  });
});
