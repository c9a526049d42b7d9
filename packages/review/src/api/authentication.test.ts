// Anonymous access with and without anonymousRead, and the /a/ git URLs.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { gitEnv, type Harness, startHarness } from '../../test/harness.js';

const run = promisify(execFile);

async function cloneAs(h: Harness, auth: string, path = 'keystone'): Promise<{ code: number; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'nubo-review-anon-'));
  try {
    await run(
      'git',
      ['clone', '--quiet', `http://${auth}127.0.0.1:${new URL(h.url).port}/review/${path}`, join(dir, 'r')],
      {
        env: gitEnv(dir),
      },
    );
    return { code: 0, stderr: '' };
  } catch (err) {
    return { code: 1, stderr: (err as { stderr?: string }).stderr ?? '' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('anonymous access', () => {
  let open: Harness;
  let closed: Harness;
  before(async () => {
    open = await startHarness();
    closed = await startHarness({ review: { anonymousRead: false } });
    await open.createProject('keystone');
    await closed.createProject('keystone');
  });
  after(async () => {
    await open.close();
    await closed.close();
  });

  test('with anonymousRead (the default) anyone may clone and read', async () => {
    assert.equal((await cloneAs(open, '')).code, 0);
    assert.match(
      (await cloneAs(open, '', 'a/keystone')).stderr,
      /Authentication failed|could not read Username|terminal prompts disabled/,
    );
    const { username, password } = open.demo;
    assert.equal((await cloneAs(open, `${username}:${encodeURIComponent(password)}@`, 'a/keystone.git')).code, 0);
    assert.equal((await open.call(undefined, 'GET', '/projects/')).statusCode, 200);
  });

  test('without it, reads and clones ask for credentials; the hook and the version stay open', async () => {
    const refused = await closed.call(undefined, 'GET', '/changes/');
    assert.equal(refused.statusCode, 401);
    assert.equal(refused.headers['www-authenticate'], 'Basic realm="Gerrit Code Review"');
    assert.match(
      (await cloneAs(closed, '')).stderr,
      /Authentication failed|could not read Username|terminal prompts disabled/,
    );
    const { username, password } = closed.demo;
    assert.equal((await cloneAs(closed, `${username}:${encodeURIComponent(password)}@`)).code, 0);
    assert.equal((await closed.call(undefined, 'GET', '/tools/hooks/commit-msg')).statusCode, 200);
    assert.equal((await closed.call(closed.demo, 'GET', '/changes/')).statusCode, 200);
  });
});
