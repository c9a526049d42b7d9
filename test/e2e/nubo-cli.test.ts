// The `nubo` command itself: up --detach, status, fernet-rotate on a running cloud, down, and a restart that keeps
// every token valid until it expires.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { type NuboServer, repoRoot, startNubo } from './lib/nubo-server.js';

const run = promisify(execFile);
const nubo = join(repoRoot, 'bin', 'nubo');

let server: NuboServer;
before(async () => {
  server = await startNubo();
});
after(() => server.stop());

async function issue(): Promise<string> {
  const r = await fetch(`${server.authUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: 'admin', domain: { id: 'default' }, password: server.credentials.admin.password } },
        },
        scope: { project: { name: 'admin', domain: { id: 'default' } } },
      },
    }),
  });
  assert.equal(r.status, 201);
  return r.headers.get('x-subject-token')!;
}

async function valid(token: string): Promise<boolean> {
  const r = await fetch(`${server.authUrl}/auth/tokens`, {
    headers: { 'x-auth-token': token, 'x-subject-token': token },
  });
  return r.status === 200;
}

async function nuboCli(args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(nubo, [...args, '--data-dir', server.dataDir, '--port', String(server.port)], {
      env: { ...process.env, NUBO_IDENTITY_BCRYPT_COST: '4' },
    });
    return { code: 0, stdout };
  } catch (err) {
    const e = err as { code?: number; stdout?: string };
    return { code: e.code ?? 1, stdout: e.stdout ?? '' };
  }
}

test('status reports a running cloud and its endpoint', async () => {
  const status = await nuboCli(['status']);
  assert.equal(status.code, 0);
  assert.match(status.stdout, /running \(pid \d+\)/);
  assert.match(status.stdout, /HTTP 200/);
});

test('fernet-rotate on a running cloud: old tokens stay valid, new ones use the new key', async () => {
  const before = await issue();
  const rotated = await nuboCli(['identity', 'fernet-rotate']);
  assert.equal(rotated.code, 0);
  assert.match(rotated.stdout, /3 keys active; told pid \d+ to reload/);
  assert.deepEqual(readdirSync(join(server.dataDir, 'fernet-keys')).sort(), ['0', '1', '2']);
  await new Promise((r) => setTimeout(r, 200));
  assert.ok(await valid(before), 'a token made with the previous primary key still validates');
  const afterRotation = await issue();
  assert.ok(await valid(afterRotation));
});

test('down, then up again: tokens issued before the restart are still valid', async () => {
  const token = await issue();
  const down = await nuboCli(['down']);
  assert.equal(down.code, 0);
  assert.match(down.stdout, /nubo stopped/);
  const stopped = await nuboCli(['status']);
  assert.equal(stopped.code, 3, 'status exits 3 when nubo is not running');
  const up = await nuboCli(['up', '--detach', '--no-clouds-yaml']);
  assert.equal(up.code, 0);
  assert.match(up.stdout, /nubo is up in/);
  assert.ok(await valid(token), 'the token survived the restart');
});
