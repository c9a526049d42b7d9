// Identity and Compute in one Fastify app on a fresh database, with a fake Image service and no engine workers,
// for `app.inject()` tests: servers stay in BUILD until a test moves them (`activate`).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigSource,
  compileCoreConfig,
  createApp,
  createLogger,
  InProcessBus,
  newUuid,
  openDatabase,
} from '@nubo/core';
import type { TestBackend } from '@nubo/core/testing';
import { type BootstrapCredentials, createIdentityService, type IdentityService } from '@nubo/identity';
import { InProcessTransport, Session } from '@nubo/sdk';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { ComputeContext } from '../src/context.js';
import type { InstanceRow } from '../src/db/tables.js';
import { FakeImageApi } from '../src/images.js';
import { type ComputeService, createComputeService } from '../src/index.js';

/** An answer of `call`: the inject response plus its parsed JSON body. */
export type Answer = LightMyRequestResponse & { data: Record<string, unknown> };

export interface Harness {
  app: FastifyInstance;
  identity: IdentityService;
  compute: ComputeService;
  ctx: ComputeContext;
  images: FakeImageApi;
  credentials: BootstrapCredentials;
  /** Project ids by name (`admin`, `demo`, and those made by `user`). */
  projects: Record<string, string>;
  /** A project-scoped token. */
  token(username: string, password: string, project: string): Promise<string>;
  adminToken(): Promise<string>;
  demoToken(): Promise<string>;
  /** Creates a user with `role` on `project` (created if needed) and returns a token for it. */
  user(name: string, role: 'admin' | 'member' | 'reader', project: string): Promise<string>;
  /** inject() under /compute with X-Auth-Token, a JSON body and an optional microversion. */
  call(
    token: string | undefined,
    method: InjectOptions['method'],
    path: string,
    body?: unknown,
    version?: string,
  ): Promise<Answer>;
  /** Registers a compute host the way the engine will (a nova-compute service and its compute node). */
  addHost(host: string): Promise<void>;
  /** Moves a server as the engine would after a build: ACTIVE on `host`, running, launched. */
  activate(serverId: string, host?: string, changes?: Partial<InstanceRow>): Promise<void>;
  /** Sets instance columns directly (to put a server in a state an action needs). */
  setInstance(serverId: string, changes: Partial<InstanceRow>): Promise<void>;
  close(): Promise<void>;
}

/** Starts on SQLite in a temp dir, or on a fresh database of `backend`; `compute` overrides nubo.yaml's section. */
export async function startHarness(
  options: { backend?: TestBackend; compute?: Record<string, unknown> } = {},
): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'nubo-compute-'));
  const source = new ConfigSource({
    env: {},
    overrides: {
      data: { dir: dataDir },
      identity: { bcryptCost: 4 },
      log: { level: 'silent' },
      compute: options.compute ?? {},
    },
  });
  const core = compileCoreConfig(source);
  const log = createLogger({ level: 'silent', file: '' });
  const database = options.backend
    ? await options.backend.create()
    : { ...(await openDatabase(core.database.url, dataDir)), drop: undefined };
  const bus = new InProcessBus(() => {});
  const identity = await createIdentityService({ source, core, database, log });
  const app = createApp({ logger: false, bodyLimitBytes: core.server.bodyLimitBytes });
  let credentials: BootstrapCredentials | undefined;
  let session: Session | undefined;
  const compute = (await createComputeService({
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
          username: 'nova',
          password: credentials!.serviceUsers!.nova!,
          projectName: 'service',
        },
        new InProcessTransport(app, core.publicUrl),
      );
      return session;
    },
  })) as ComputeService;
  await identity.register(app);
  await compute.register(app);
  credentials = await identity.bootstrap(compute.endpoints, ['nova']);
  await app.ready();
  const images = new FakeImageApi();
  compute.ctx.images = images;

  const call: Harness['call'] = async (token, method, path, body, version) => {
    const response = await app.inject({
      method,
      url: `/compute${path}`,
      headers: {
        ...(token ? { 'x-auth-token': token } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(version ? { 'openstack-api-version': `compute ${version}` } : {}),
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
  const identityCall = async (
    token: string | undefined,
    method: InjectOptions['method'],
    path: string,
    body?: unknown,
  ) => {
    const response = await app.inject({
      method,
      url: `/identity${path}`,
      headers: { ...(token ? { 'x-auth-token': token } : {}), 'content-type': 'application/json' },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      response,
      data: (response.body ? JSON.parse(response.body) : {}) as Record<string, Record<string, unknown>>,
    };
  };
  const token: Harness['token'] = async (username, password, project) => {
    const { response } = await identityCall(undefined, 'POST', '/v3/auth/tokens', {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: username, domain: { id: 'default' }, password } },
        },
        scope: { project: { name: project, domain: { id: 'default' } } },
      },
    });
    if (response.statusCode !== 201) throw new Error(`token for ${username}: ${response.statusCode} ${response.body}`);
    return String(response.headers['x-subject-token']);
  };
  const adminToken = () => token('admin', credentials!.admin.password, 'admin');
  const projects: Record<string, string> = {};
  const projectId = async (name: string): Promise<string> => {
    if (projects[name]) return projects[name];
    const admin = await adminToken();
    const found = await identityCall(admin, 'GET', `/v3/projects?name=${name}`);
    const existing = (found.data.projects as unknown as { id: string }[])[0];
    const id =
      existing?.id ??
      String((await identityCall(admin, 'POST', '/v3/projects', { project: { name } })).data.project!.id);
    projects[name] = id;
    return id;
  };
  await projectId('admin');
  await projectId('demo');
  const user: Harness['user'] = async (name, role, project) => {
    const admin = await adminToken();
    const project_id = await projectId(project);
    const created = await identityCall(admin, 'POST', '/v3/users', { user: { name, password: `pw-${name}` } });
    const userId = String(created.data.user!.id);
    const roles = await identityCall(admin, 'GET', `/v3/roles?name=${role}`);
    const roleId = (roles.data.roles as unknown as { id: string }[])[0]!.id;
    await identityCall(admin, 'PUT', `/v3/projects/${project_id}/users/${userId}/roles/${roleId}`);
    return token(name, `pw-${name}`, project);
  };
  const setInstance: Harness['setInstance'] = async (serverId, changes) => {
    await compute.ctx.db.updateTable('compute_instances').set(changes).where('id', '=', serverId).execute();
  };
  let nextId = 0;
  return {
    app,
    identity,
    compute,
    ctx: compute.ctx,
    images,
    credentials,
    projects,
    token,
    adminToken,
    demoToken: () => token('demo', credentials!.demo.password, 'demo'),
    user,
    call,
    async addHost(host) {
      const now = new Date().toISOString();
      nextId += 1;
      await compute.ctx.db
        .insertInto('compute_services')
        .values({
          id: 1000 + nextId,
          uuid: newUuid(),
          host,
          binary: 'nova-compute',
          topic: 'compute',
          disabled: 0,
          disabled_reason: null,
          forced_down: 0,
          last_seen_up: now,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await compute.ctx.db
        .insertInto('compute_nodes')
        .values({
          id: 1000 + nextId,
          uuid: newUuid(),
          host,
          hypervisor_hostname: host,
          hypervisor_type: 'fake',
          vcpus: 8,
          memory_mb: 16384,
          local_gb: 200,
          cpu_allocation_ratio: 4,
          ram_allocation_ratio: 1,
          disk_allocation_ratio: 1,
          traits: '[]',
          created_at: now,
          updated_at: now,
        })
        .execute();
    },
    async activate(serverId, host = 'compute1', changes = {}) {
      const now = new Date().toISOString();
      await setInstance(serverId, {
        vm_state: 'active',
        task_state: null,
        power_state: 1,
        host,
        node: host,
        launched_at: now,
        updated_at: now,
        ...changes,
      });
    },
    setInstance,
    async close() {
      await app.close();
      await bus.close();
      if (database.drop) await database.drop();
      else await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const FAULT_NAMES: Record<number, string> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  409: 'conflictingRequest',
  413: 'overLimit',
};

/** Asserts a Nova fault: the status, and `{"<faultName>": {"code": status, "message": "…"}}` (message matched when given). */
export function assertFault(answer: Answer, status: number, message?: RegExp | string): void {
  const where = `${answer.statusCode}: ${answer.body.slice(0, 400)}`;
  if (answer.statusCode !== status) throw new Error(`expected ${status}, got ${where}`);
  const name = FAULT_NAMES[status] ?? 'computeFault';
  const fault = answer.data[name] as { code?: unknown; message?: unknown } | undefined;
  if (!fault || fault.code !== status || typeof fault.message !== 'string') {
    throw new Error(`expected a ${name} fault body, got ${where}`);
  }
  if (message !== undefined) {
    const ok = typeof message === 'string' ? fault.message === message : message.test(fault.message);
    if (!ok) throw new Error(`fault message ${JSON.stringify(fault.message)} does not match ${String(message)}`);
  }
}
