// Identity and the review service on a fresh database, listening on a loopback port (git needs a real socket);
// REST calls go through app.inject(), git through the real CLI with credentials in a loopback URL.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ConfigSource, compileCoreConfig, createApp, createLogger, InProcessBus, openDatabase } from '@nubo/core';
import type { TestBackend } from '@nubo/core/testing';
import { type BootstrapCredentials, createIdentityService } from '@nubo/identity';
import { InProcessTransport, Session } from '@nubo/sdk';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { createReviewService, type ReviewEvent, type ReviewService } from '../src/index.js';

const run = promisify(execFile);

export interface Credentials {
  username: string;
  password: string;
}

export interface Harness {
  app: FastifyInstance;
  review: ReviewService;
  credentials: BootstrapCredentials;
  admin: Credentials;
  demo: Credentials;
  /** http://127.0.0.1:<port> */
  url: string;
  dataDir: string;
  /** Every event the review service published, in order (read from its stream, so synchronously). */
  events: ReviewEvent[];
  /** Every event that reached the bus's `review.event` topic (delivered on a later tick). */
  busEvents: ReviewEvent[];
  /** inject() under /review with HTTP Basic (or none), JSON in, and the JSON answer without its `)]}'` line. */
  call(
    who: Credentials | undefined,
    method: InjectOptions['method'],
    path: string,
    body?: unknown,
  ): Promise<LightMyRequestResponse & { data: unknown }>;
  /** Creates a project as admin (with an empty initial commit on master). */
  createProject(name: string, input?: Record<string, unknown>): Promise<void>;
  /** A clone of the project in a new temp dir, as `who`, with the commit-msg hook installed unless `noHook`. */
  clone(project: string, who: Credentials, options?: { noHook?: boolean }): Promise<WorkingCopy>;
  close(): Promise<void>;
}

/** A clone with git run in it (a hermetic environment: no user config, fixed identity). */
export interface WorkingCopy {
  dir: string;
  git(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }>;
  /** Writes a file and commits it (the hook adds the Change-Id). */
  commitFile(path: string, content: string, message: string): Promise<string>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The environment git runs with in tests: a home of its own, no system config, a fixed identity. */
export function gitEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: 'Test Author',
    GIT_AUTHOR_EMAIL: 'author@example.com',
    GIT_COMMITTER_NAME: 'Test Author',
    GIT_COMMITTER_EMAIL: 'author@example.com',
    LANG: 'C',
    LC_ALL: 'C',
  };
}

export async function startHarness(
  options: { backend?: TestBackend; review?: Record<string, unknown> } = {},
): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'nubo-review-'));
  const port = await freePort();
  const source = new ConfigSource({
    env: {},
    overrides: {
      data: { dir: dataDir },
      server: { host: '127.0.0.1', port },
      identity: { bcryptCost: 4 },
      log: { level: 'silent' },
      review: options.review ?? {},
    },
  });
  const core = compileCoreConfig(source);
  const log = createLogger({ level: 'silent', file: '' });
  const database = options.backend
    ? await options.backend.create()
    : { ...(await openDatabase(core.database.url, dataDir)), drop: undefined };
  const bus = new InProcessBus();
  const events: ReviewEvent[] = [];
  const busEvents: ReviewEvent[] = [];
  bus.subscribe<ReviewEvent>('review.event', (message) => {
    busEvents.push(message.payload);
  });
  const identity = await createIdentityService({ source, core, database, log });
  const app = createApp({ logger: false, bodyLimitBytes: core.server.bodyLimitBytes });
  const transport = new InProcessTransport(app, core.publicUrl);
  let credentials: BootstrapCredentials | undefined;
  let session: Session | undefined;
  const review = await createReviewService({
    source,
    core,
    database,
    log,
    bus,
    tokens: identity.validator,
    serviceSession: () => {
      session ??= new Session(
        {
          authUrl: `${core.publicUrl}/identity/v3`,
          username: 'review',
          password: credentials!.serviceUsers!.review!,
          projectName: 'service',
        },
        transport,
      );
      return session;
    },
  });
  review.ctx.events.subscribe(({ event }) => events.push(event));
  await identity.register(app);
  await review.register(app);
  credentials = await identity.bootstrap(review.endpoints, ['review']);
  await app.listen({ host: '127.0.0.1', port });
  await review.start?.();
  const url = `http://127.0.0.1:${port}`;
  const admin = { username: 'admin', password: credentials.admin.password };
  const demo = { username: 'demo', password: credentials.demo.password };
  const clones: string[] = [];

  const call: Harness['call'] = async (who, method, path, body) => {
    const response = await app.inject({
      method,
      url: `/review${path}`,
      headers: {
        ...(who ? { authorization: `Basic ${Buffer.from(`${who.username}:${who.password}`).toString('base64')}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      payload: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    let data: unknown;
    if (response.body.startsWith(")]}'\n")) data = JSON.parse(response.body.slice(5));
    return Object.assign(response, { data });
  };

  const clone: Harness['clone'] = async (project, who, cloneOptions = {}) => {
    const dir = mkdtempSync(join(tmpdir(), 'nubo-review-wc-'));
    clones.push(dir);
    const home = join(dir, '.home');
    mkdirSync(home);
    const env = gitEnv(home);
    const git = async (...args: string[]) => {
      try {
        const { stdout, stderr } = await run('git', args, { cwd: join(dir, 'repo'), env, maxBuffer: 1 << 26 });
        return { stdout, stderr, code: 0 };
      } catch (err) {
        const e = err as { stdout?: string; stderr?: string; code?: number };
        return { stdout: e.stdout ?? '', stderr: e.stderr ?? '', code: typeof e.code === 'number' ? e.code : 1 };
      }
    };
    const remote = `http://${encodeURIComponent(who.username)}:${encodeURIComponent(who.password)}@127.0.0.1:${port}/review/${project}`;
    await run('git', ['clone', '--quiet', remote, join(dir, 'repo')], { env });
    if (!cloneOptions.noHook) {
      const hook = await app.inject({ method: 'GET', url: '/review/tools/hooks/commit-msg' });
      writeFileSync(join(dir, 'repo', '.git', 'hooks', 'commit-msg'), hook.body, { mode: 0o755 });
    }
    return {
      dir: join(dir, 'repo'),
      git,
      async commitFile(path, content, message) {
        writeFileSync(join(dir, 'repo', path), content);
        await git('add', path);
        const committed = await git('commit', '--quiet', '-m', message);
        if (committed.code !== 0) throw new Error(`commit failed: ${committed.stderr}`);
        return (await git('rev-parse', 'HEAD')).stdout.trim();
      },
    };
  };

  return {
    app,
    review,
    credentials,
    admin,
    demo,
    url,
    dataDir,
    events,
    busEvents,
    call,
    clone,
    async createProject(name, input = {}) {
      const response = await call(admin, 'PUT', `/projects/${encodeURIComponent(name)}`, {
        create_empty_commit: true,
        ...input,
      });
      if (response.statusCode !== 201)
        throw new Error(`create project ${name}: ${response.statusCode} ${response.body}`);
    },
    async close() {
      await review.stop?.();
      await app.close();
      await bus.close();
      if (database.drop) await database.drop();
      else await database.close();
      for (const dir of clones) rmSync(dir, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
