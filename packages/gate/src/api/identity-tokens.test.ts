// Admin calls with real Identity tokens: the gate validates X-Auth-Token with Identity's validator (as the gate
// service does in nubo), so Keystone's admin may enqueue and a member may not.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ConfigSource, compileCoreConfig, createApp, createLogger, openDatabase } from '@nubo/core';
import { createIdentityService } from '@nubo/identity';
import type { FastifyInstance } from 'fastify';
import { migrateGateBuilds } from '../db/builds-recorder.js';
import type { GateDb } from '../db/tables.js';
import { registerGateApi } from './gate-api.js';
import { InMemoryGateControl } from './testing/in-memory-gate-control.js';
import { sampleLayout } from './testing/sample-layout.js';

let app: FastifyInstance;
let dataDir: string;
let close: () => Promise<void>;
let control: InMemoryGateControl;
const tokens: Record<'admin' | 'demo', string> = { admin: '', demo: '' };

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'nubo-gate-identity-'));
  const source = new ConfigSource({
    env: {},
    overrides: { data: { dir: dataDir }, identity: { bcryptCost: 4 }, log: { level: 'silent' } },
  });
  const core = compileCoreConfig(source);
  const database = await openDatabase(core.database.url, dataDir);
  close = () => database.close();
  const identity = await createIdentityService({
    source,
    core,
    database,
    log: createLogger({ level: 'silent', file: '' }),
  });
  app = createApp({ logger: false, bodyLimitBytes: core.server.bodyLimitBytes });
  await identity.register(app);
  await migrateGateBuilds(database.db);
  control = new InMemoryGateControl(new Map([['test', sampleLayout()]]));
  await registerGateApi(app, { control, db: database.db as GateDb, tokens: identity.validator, logRoot: dataDir });
  const credentials = await identity.bootstrap();
  for (const who of ['admin', 'demo'] as const) {
    const user = credentials[who];
    const response = await app.inject({
      method: 'POST',
      url: '/identity/v3/auth/tokens',
      payload: {
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: user.username, domain: { id: 'default' }, password: user.password } },
          },
          scope: { project: { name: user.projectName, domain: { id: 'default' } } },
        },
      },
    });
    assert.equal(response.statusCode, 201, response.body);
    tokens[who] = String(response.headers['x-subject-token']);
  }
});

after(async () => {
  await app.close();
  await close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('an Identity admin token may enqueue, a member token is refused, a forged one is not a token', async () => {
  const url = '/zuul/api/tenant/test/project/org/project/enqueue';
  const body = { pipeline: 'check', change: '9,1' };
  const as = (token: string) => app.inject({ method: 'POST', url, headers: { 'x-auth-token': token }, payload: body });
  const forged = await as('gAAAAA-not-a-token');
  assert.equal(forged.statusCode, 401);
  assert.equal(forged.json().code, 401);
  const member = await as(tokens.demo);
  assert.equal(member.statusCode, 403);
  assert.deepEqual(member.json(), { code: 403, error: 'Forbidden', description: 'enqueue not permitted.' });
  assert.equal(control.items('test', 'check').length, 0);
  const admin = await as(tokens.admin);
  assert.equal(admin.statusCode, 200);
  assert.deepEqual(
    control.items('test', 'check').map((i) => i.id),
    ['9,1'],
  );
});
