// The gate's API on a fresh database with an in-memory GateControl, for tests (app.inject) and the browser test
// (a real loopback listener). Tokens are a fixed table: `admin-token` has the admin role, `member-token` not.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AuthContext,
  createApp,
  type Database,
  openDatabase,
  type TokenValidator,
  Unauthorized,
} from '@nubo/core';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { BuildsRecorder } from '../../builds/builds-recorder.js';
import { createBuildsRecorder, migrateGateBuilds } from '../../db/builds-recorder.js';
import type { GateDb } from '../../db/tables.js';
import type { Layout } from '../../model/layout.js';
import { registerGateApi } from '../gate-api.js';
import { InMemoryGateControl } from './in-memory-gate-control.js';

export const ADMIN_TOKEN = 'admin-token';
export const MEMBER_TOKEN = 'member-token';

function auth(token: string, roles: string[]): AuthContext {
  return {
    token,
    userId: `${roles[0]}-id`,
    userName: roles[0]!,
    userDomainId: 'default',
    userDomainName: 'Default',
    project: { id: 'p1', name: 'demo', domainId: 'default', domainName: 'Default' },
    roles,
    roleIds: roles,
    methods: ['password'],
    auditIds: ['a'],
    issuedAt: new Date(),
    expiresAt: new Date(Date.now() + 3600_000),
  };
}

/** A token table standing in for Identity: the gate only sees the AuthContext a validator returns. */
export const testTokens: TokenValidator = {
  async validate(token) {
    if (token === ADMIN_TOKEN) return auth(token, ['admin', 'member']);
    if (token === MEMBER_TOKEN) return auth(token, ['member']);
    throw new Unauthorized('The request you have made requires authentication.');
  },
};

export interface GateApiHarness {
  app: FastifyInstance;
  control: InMemoryGateControl;
  db: GateDb;
  recorder: BuildsRecorder;
  logRoot: string;
  /** inject() with an optional token and JSON body; `data` is the parsed body (undefined when not JSON). */
  call(
    method: InjectOptions['method'],
    url: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse & { data: unknown }>;
  close(): Promise<void>;
}

/** Starts the API for `layouts` (tenant → layout) on `database` (default a SQLite file in a temp dir). */
export async function startGateApiHarness(options: {
  layouts: ReadonlyMap<string, Layout>;
  database?: Database;
  consolePollMs?: number;
}): Promise<GateApiHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'nubo-gate-api-'));
  const logRoot = join(dir, 'logs');
  mkdirSync(logRoot);
  const database = options.database ?? (await openDatabase(`sqlite://${join(dir, 'gate.db')}`, dir));
  await migrateGateBuilds(database.db);
  const db = database.db as GateDb;
  const control = new InMemoryGateControl(options.layouts);
  const app = createApp({ logger: false, bodyLimitBytes: 1 << 20 });
  await registerGateApi(app, {
    control,
    db,
    tokens: testTokens,
    logRoot,
    consolePollMs: options.consolePollMs ?? 20,
  });
  await app.ready();
  return {
    app,
    control,
    db,
    recorder: createBuildsRecorder(db),
    logRoot,
    async call(method, url, callOptions = {}) {
      const headers: Record<string, string> = { ...callOptions.headers };
      if (callOptions.token) headers['x-auth-token'] = callOptions.token;
      const response = await app.inject({
        method,
        url,
        headers,
        ...(callOptions.body === undefined ? {} : { payload: callOptions.body as object }),
      });
      let data: unknown;
      if (String(response.headers['content-type'] ?? '').includes('json')) data = response.json();
      return Object.assign(response, { data });
    },
    async close() {
      await app.close();
      if (!options.database) await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
