// Keystone v3 through openstacksdk: runs sdk/identity_flow.py (project, user, grant, login as the user, cleanup)
// with Debian's python3 and asserts on the JSON summary it prints.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { type NuboServer, repoRoot, startNubo } from './lib/nubo-server.js';

const run = promisify(execFile);
// Debian's interpreter: the one first on PATH may be a pyenv build without openstacksdk.
const python = '/usr/bin/python3';
const script = join(repoRoot, 'test', 'e2e', 'sdk', 'identity_flow.py');

interface Summary {
  project: { id: string; name: string; domain_id: string; enabled: boolean };
  user: { id: string; name: string; domain_id: string; default_project_id: string; email: string };
  role_id: string;
  has_role: boolean;
  assignments: { role_id: string; user_id: string | null; project_id: string | null }[];
  as_user: { token_issued: boolean; user_id: string; project_id: string; projects: string[] };
  cleanup: { user_gone: boolean; project_gone: boolean };
}

describe('identity through openstacksdk', () => {
  let server: NuboServer;

  before(async () => {
    server = await startNubo();
  });
  after(async () => {
    await server?.stop();
  });

  it('creates a project and user, grants a role, logs in as the user and cleans up', async () => {
    let stdout: string;
    try {
      ({ stdout } = await run(python, [script], {
        env: { ...server.env, NUBO_CLOUD: 'nubo-admin', NUBO_AUTH_URL: server.authUrl },
        timeout: 120_000,
      }));
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      assert.fail(`identity_flow.py exited ${e.code}: ${e.stderr}\n${e.stdout}`);
    }
    const summary = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Summary;

    assert.deepEqual(
      { ...summary.project, id: undefined },
      {
        id: undefined,
        name: 'sdk-project',
        domain_id: 'default',
        enabled: true,
      },
    );
    assert.match(summary.project.id, /^[0-9a-f]{32}$/);
    assert.equal(summary.user.name, 'sdk-user');
    assert.equal(summary.user.domain_id, 'default');
    assert.equal(summary.user.default_project_id, summary.project.id);
    assert.equal(summary.user.email, 'sdk@example.org');
    assert.equal(summary.has_role, true);
    assert.deepEqual(summary.assignments, [
      { role_id: summary.role_id, user_id: summary.user.id, project_id: summary.project.id },
    ]);
    assert.deepEqual(summary.as_user, {
      token_issued: true,
      user_id: summary.user.id,
      project_id: summary.project.id,
      projects: [summary.project.id],
    });
    assert.deepEqual(summary.cleanup, { user_gone: true, project_gone: true });
  });
});
