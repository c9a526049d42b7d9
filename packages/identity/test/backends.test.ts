// Identity on every database backend under test (NUBO_TEST_DB): migrations, bootstrap, tokens, a write.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testBackends } from '@nubo/core/testing';
import { startHarness } from './harness.js';

for (const backend of testBackends()) {
  describe(`identity on ${backend.name}`, () => {
    test('bootstraps, issues and validates tokens, stores and rejects duplicates', async () => {
      const h = await startHarness({ backend });
      try {
        const admin = await h.adminToken();
        const check = await h.call(admin, 'GET', '/v3/auth/tokens', undefined);
        assert.equal(check.statusCode, 404, 'no X-Subject-Token header is a 404');
        const created = await h.call(admin, 'POST', '/v3/projects', {
          project: { name: 'p1', description: 'd', color: 'blue' },
        });
        assert.equal(created.statusCode, 201, created.body);
        const project = created.data.project as Record<string, unknown>;
        assert.equal(project.color, 'blue', 'extra attributes are kept');
        assert.equal(project.parent_id, 'default');
        const again = await h.call(admin, 'POST', '/v3/projects', { project: { name: 'p1' } });
        assert.equal(again.statusCode, 409);
        const list = await h.call(admin, 'GET', '/v3/projects?name=p1');
        assert.equal((list.data.projects as unknown[]).length, 1);
        const demo = await h.token('demo', h.credentials.demo.password, 'demo');
        const validated = await h.app.inject({
          method: 'GET',
          url: '/identity/v3/auth/tokens',
          headers: { 'x-auth-token': admin, 'x-subject-token': demo },
        });
        assert.equal(validated.statusCode, 200);
        const token = validated.json().token;
        assert.equal(token.project.name, 'demo');
        assert.deepEqual(token.roles.map((r: { name: string }) => r.name).sort(), ['member', 'reader']);
      } finally {
        await h.close();
      }
    });
  });
}
