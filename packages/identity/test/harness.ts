// An Identity service on a fresh SQLite database in a temp dir, bootstrapped, for `app.inject()` tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigSource, compileCoreConfig, createApp, createLogger, openDatabase } from '@nubo/core';
import type { TestBackend } from '@nubo/core/testing';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { type BootstrapCredentials, createIdentityService, type IdentityService } from '../src/index.js';

export interface Harness {
  app: FastifyInstance;
  identity: IdentityService;
  credentials: BootstrapCredentials;
  dataDir: string;
  /** A project-scoped token for a user in the default domain. */
  token(username: string, password: string, project?: string): Promise<string>;
  adminToken(): Promise<string>;
  /** inject() under /identity with X-Auth-Token set, JSON body, and the parsed JSON answer. */
  call(
    token: string | undefined,
    method: InjectOptions['method'],
    path: string,
    body?: unknown,
  ): Promise<LightMyRequestResponse & { data: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** Starts on SQLite in a temp dir, or on a fresh database of `backend` (see @nubo/core/testing). */
export async function startHarness(options: { backend?: TestBackend } = {}): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'nubo-identity-'));
  const source = new ConfigSource({
    env: {},
    overrides: { data: { dir: dataDir }, identity: { bcryptCost: 4 }, log: { level: 'silent' } },
  });
  const core = compileCoreConfig(source);
  const log = createLogger({ level: 'silent', file: '' });
  const database = options.backend
    ? await options.backend.create()
    : { ...(await openDatabase(core.database.url, dataDir)), drop: undefined };
  const identity = await createIdentityService({ source, core, database, log });
  const credentials = await identity.bootstrap();
  const app = createApp({ logger: false, bodyLimitBytes: core.server.bodyLimitBytes });
  await identity.register(app);
  await app.ready();

  const call: Harness['call'] = async (token, method, path, body) => {
    const response = await app.inject({
      method,
      url: `/identity${path}`,
      headers: {
        ...(token ? { 'x-auth-token': token } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      payload: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    let data: Record<string, unknown> = {};
    try {
      data = response.body ? (JSON.parse(response.body) as Record<string, unknown>) : {};
    } catch {
      data = {};
    }
    return Object.assign(response, { data });
  };
  const token: Harness['token'] = async (username, password, project) => {
    const response = await call(undefined, 'POST', '/v3/auth/tokens', {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: username, domain: { id: 'default' }, password } },
        },
        ...(project ? { scope: { project: { name: project, domain: { id: 'default' } } } } : {}),
      },
    });
    if (response.statusCode !== 201) throw new Error(`token for ${username}: ${response.statusCode} ${response.body}`);
    return String(response.headers['x-subject-token']);
  };
  return {
    app,
    identity,
    credentials,
    dataDir,
    token,
    adminToken: () => token('admin', credentials.admin.password, 'admin'),
    call,
    async close() {
      await app.close();
      if (database.drop) await database.drop();
      else await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
