// The engine's functional harness (convention 13b): conductor, scheduler and agents in process with the fake
// driver and a real database, Placement either faked or the real @nubo/placement in process, and servers created
// and acted on the way the API does (instance row + task), so these tests do not wait on the API layer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AuthContext,
  ConfigSource,
  compileCoreConfig,
  createApp,
  createLogger,
  type Database,
  InProcessBus,
  migrate,
  newRequestId,
  newUuid,
  openDatabase,
  PolicyEngine,
  type TokenValidator,
} from '@nubo/core';
import type { TestBackend } from '@nubo/core/testing';
import { createPlacementService } from '@nubo/placement';
import { Session, type Transport, type TransportRequest, type TransportResponse } from '@nubo/sdk';
import type { FastifyInstance } from 'fastify';
import { MemoryImageData } from '../../src/agent/image-data.js';
import { type ComputeConfig, computeSection } from '../../src/config.js';
import type { ComputeContext } from '../../src/context.js';
import { computeMigrations } from '../../src/db/migrations/index.js';
import type { ComputeDb, FlavorRow, InstanceRow } from '../../src/db/tables.js';
import { type ComputeEngineHandle, type ComputeEngineOptions, createComputeEngine } from '../../src/engine.js';
import { FakePlacement } from '../../src/fake-placement.js';
import type { Flavor } from '../../src/flavors.js';
import { FakeImageApi } from '../../src/images.js';
import { type NetworkApi, noNetworkApi, type RequestedNetwork } from '../../src/network.js';
import { HttpPlacement, type PlacementApi } from '../../src/placement.js';
import { computePolicyRules } from '../../src/policies/index.js';
import type { RequestSpec } from '../../src/servers.js';
import { enqueueTask } from '../../src/tasks.js';

export const TINY: Flavor = {
  id: '1',
  name: 'm1.tiny',
  vcpus: 1,
  ram: 512,
  disk: 1,
  ephemeral: 0,
  swap: 0,
  rxtx_factor: 1,
  is_public: 1,
  description: null,
  disabled: 0,
  created_at: '2026-01-01T00:00:00.000Z',
  extra_specs: {},
} satisfies FlavorRow & { extra_specs: Record<string, string> };

export const SMALL: Flavor = { ...TINY, id: '2', name: 'm1.small', vcpus: 2, ram: 2048, disk: 20 };

/** Placement as a test sees it: the engine's adapter, plus usages read straight from it. */
export interface TestPlacement {
  api: PlacementApi;
  /** Provider uuid → class → used. */
  usages(uuid: string): Promise<Record<string, number>>;
  /** The consumer's allocations (provider → class → amount). */
  allocations(consumer: string): Promise<Record<string, Record<string, number>>>;
  close(): Promise<void>;
}

/** What a test creates a server with (the parts of POST /servers the engine reads). */
export interface ServerSpec {
  flavor?: Flavor;
  metadata?: Record<string, string>;
  availabilityZone?: string | null;
  group?: { id: string; policy: string; rules?: Record<string, unknown> } | null;
  imageProperties?: Record<string, unknown>;
  forcedHost?: string;
  name?: string;
  projectId?: string;
  /** The networks and ports the API resolved (Nova's requested_networks). */
  requestedNetworks?: RequestedNetwork[];
}

export interface EngineHarness {
  ctx: ComputeContext;
  db: ComputeDb;
  engine: ComputeEngineHandle;
  placement: TestPlacement;
  imageData: MemoryImageData;
  images: FakeImageApi;
  /** Inserts a building server and its build task, as POST /servers does (`withoutTask`: as if the API died). */
  createServer(spec?: ServerSpec & { withoutTask?: boolean }): Promise<InstanceRow>;
  /** Asks for an action as the API does: sets the task state, records the action, enqueues the task. */
  act(
    id: string,
    kind: string,
    options?: { taskState?: string | null; params?: Record<string, unknown>; toConductor?: boolean },
  ): Promise<string>;
  instance(id: string): Promise<InstanceRow | undefined>;
  /** Waits until the server settles (no task state, no live task) in one of `vmStates`; returns the row. */
  waitFor(id: string, vmStates: string[], timeoutMs?: number): Promise<InstanceRow>;
  /** Starts another engine on the same database (after a crash), replacing `engine`. */
  restart(options?: ComputeEngineOptions): Promise<ComputeEngineHandle>;
  /**
   * Starts an engine on its own database connection and Placement adapter, and returns how to crash it: the
   * connection closes and Placement calls fail (an answer arriving after the crash is lost, its effect is not).
   */
  startCrashable(options?: ComputeEngineOptions): Promise<{ engine: ComputeEngineHandle; crash(): Promise<void> }>;
  close(): Promise<void>;
}

/** A token validator that takes any token as an admin with the service role (Placement's policy wants one). */
class AnyTokens implements TokenValidator {
  async validate(token: string): Promise<AuthContext> {
    const now = new Date();
    return {
      token,
      userId: 'nova',
      userName: 'nova',
      userDomainId: 'default',
      userDomainName: 'Default',
      project: { id: 'service', name: 'service', domainId: 'default', domainName: 'Default' },
      roles: ['admin', 'service', 'member', 'reader'],
      roleIds: ['admin', 'service', 'member', 'reader'],
      methods: ['password'],
      auditIds: ['audit'],
      issuedAt: now,
      expiresAt: new Date(now.getTime() + 3600_000),
    };
  }
}

/** A transport that logs in without Keystone and sends everything else into the Fastify app. */
class LocalTransport implements Transport {
  constructor(private readonly app: FastifyInstance) {}

  async request(request: TransportRequest): Promise<TransportResponse> {
    if (request.url.endsWith('/auth/tokens')) {
      const catalog = [
        {
          type: 'placement',
          endpoints: [{ interface: 'internal', region_id: 'RegionOne', url: 'http://nubo.test/placement' }],
        },
      ];
      const body = { token: { expires_at: new Date(Date.now() + 3600_000).toISOString(), catalog } };
      return {
        status: 201,
        headers: { 'content-type': 'application/json', 'x-subject-token': 'test-token' },
        body: Buffer.from(JSON.stringify(body)),
      };
    }
    const response = await this.app.inject({
      method: request.method as 'GET',
      url: request.url.replace('http://nubo.test', ''),
      headers: request.headers,
      payload: request.body,
    });
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(response.headers)) if (value !== undefined) headers[key] = String(value);
    return { status: response.statusCode, headers, body: response.rawPayload };
  }
}

/** The real Placement service in process on `database`, reached through HttpPlacement. */
export async function realPlacement(database: Database, dataDir: string): Promise<TestPlacement> {
  const source = new ConfigSource({ env: {}, overrides: { data: { dir: dataDir }, log: { level: 'silent' } } });
  const service = await createPlacementService({
    source,
    core: compileCoreConfig(source),
    database,
    log: createLogger({ level: 'silent', file: '' }),
    bus: new InProcessBus(),
    tokens: new AnyTokens(),
    serviceSession: () => {
      throw new Error('placement calls no other service');
    },
  });
  const app = createApp({ logger: false, bodyLimitBytes: 1024 * 1024 });
  await service.register(app);
  await app.ready();
  const session = new Session(
    { authUrl: 'http://nubo.test/identity/v3', username: 'nova', password: 'x', projectName: 'service' },
    new LocalTransport(app),
  );
  const api = new HttpPlacement(() => session);
  return {
    api,
    usages: (uuid) => api.getUsages(uuid),
    allocations: async (consumer) => (await api.getAllocations(consumer)).allocations,
    close: () => app.close(),
  };
}

/** The in-memory FakePlacement. */
export function fakePlacement(fake = new FakePlacement()): TestPlacement & { fake: FakePlacement } {
  return {
    fake,
    api: fake,
    usages: async (uuid) => fake.usages(uuid),
    allocations: async (consumer) => fake.consumers.get(consumer)?.allocations ?? {},
    close: async () => {},
  };
}

export interface HarnessOptions {
  backend?: TestBackend;
  config?: Partial<ComputeConfig>;
  /** `real` runs @nubo/placement in process; default the fake. */
  placement?: 'fake' | 'real';
  engine?: ComputeEngineOptions;
  /** Start the harness's engine (default true; crash tests start their own). */
  autoStart?: boolean;
  /** Networking as the engine sees it (default: none). */
  network?: NetworkApi;
}

/** Starts an engine on a fresh database. */
export async function startEngine(options: HarnessOptions = {}): Promise<EngineHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'nubo-compute-'));
  const database = options.backend
    ? await options.backend.create()
    : { ...(await openDatabase('', dataDir)), drop: undefined };
  await migrate(database.db, 'compute', computeMigrations);
  const config = new ConfigSource({ env: {}, overrides: { compute: { hostCount: 2, ...options.config } } }).section(
    'compute',
    computeSection,
  );
  const images = new FakeImageApi();
  const imageData = new MemoryImageData();
  const bus = new InProcessBus();
  const ctx: ComputeContext = {
    db: database.db as ComputeDb,
    dialect: database.dialect,
    config,
    policy: new PolicyEngine(computePolicyRules),
    bus,
    baseUrl: 'http://nubo.test/compute/v2.1',
    session: () => {
      throw new Error('the engine harness has no service session');
    },
    rpc: { consoleOutput: async () => '' },
    images,
    network: options.network ?? noNetworkApi,
    log: createLogger({ level: 'silent', file: '' }),
  };
  const placement = options.placement === 'real' ? await realPlacement(database, dataDir) : fakePlacement();
  const engineOptions = (extra: ComputeEngineOptions = {}): ComputeEngineOptions => ({
    placement: placement.api,
    imageData,
    sweepIntervalMs: 50,
    heartbeatIntervalMs: 1000,
    ...options.engine,
    ...extra,
  });
  const harness: EngineHarness = {
    ctx,
    db: ctx.db,
    engine: createComputeEngine(ctx, engineOptions()),
    placement,
    imageData,
    images,
    async createServer(spec = {}) {
      const flavor = spec.flavor ?? TINY;
      const image = images.add({ properties: spec.imageProperties ?? {} });
      const id = newUuid();
      const now = new Date().toISOString();
      const requestSpec: RequestSpec = {
        flavor,
        image: {
          id: image.id,
          name: image.name,
          properties: image.properties,
          min_disk: 0,
          min_ram: 0,
          size: image.size,
        },
        scheduler_hints: spec.group ? { group: spec.group.id } : {},
        group: spec.group ? { id: spec.group.id, policy: spec.group.policy, rules: spec.group.rules ?? {} } : null,
        availability_zone: spec.availabilityZone ?? null,
        forced_host: spec.forcedHost ?? null,
        forced_node: null,
        requested_host: null,
        requested_hypervisor_hostname: null,
        requested_networks: spec.requestedNetworks ?? [],
        security_groups: ['default'],
      };
      const row: InstanceRow = {
        id,
        name: spec.name ?? `server-${id.slice(0, 8)}`,
        project_id: spec.projectId ?? 'project-1',
        user_id: 'user-1',
        flavor: JSON.stringify(flavor),
        old_flavor: null,
        image_id: image.id,
        key_name: null,
        key_data: null,
        vm_state: 'building',
        task_state: 'scheduling',
        power_state: 0,
        host: null,
        node: null,
        requested_az: spec.availabilityZone ?? null,
        availability_zone: spec.availabilityZone ?? null,
        user_data: null,
        config_drive: '',
        access_ip_v4: null,
        access_ip_v6: null,
        description: null,
        hostname: `server-${id.slice(0, 8)}`,
        locked: 0,
        locked_reason: null,
        locked_by: null,
        reservation_id: 'r-test',
        launch_index: 0,
        progress: 0,
        fault: null,
        driver_state: null,
        request_spec: JSON.stringify(requestSpec),
        launched_at: null,
        terminated_at: null,
        created_at: now,
        updated_at: now,
        deleted: 0,
        deleted_at: null,
      };
      await ctx.db.insertInto('compute_instances').values(row).execute();
      for (const [key, value] of Object.entries(spec.metadata ?? {})) {
        await ctx.db.insertInto('compute_instance_metadata').values({ instance_id: id, key, value }).execute();
      }
      if (spec.group) {
        await ctx.db
          .insertInto('compute_server_group_members')
          .values({ group_id: spec.group.id, instance_id: id })
          .execute();
      }
      const requestId = newRequestId();
      await ctx.db
        .insertInto('compute_instance_actions')
        .values({
          id: newUuid(),
          instance_id: id,
          action: 'create',
          request_id: requestId,
          user_id: 'user-1',
          project_id: row.project_id,
          start_time: now,
          finish_time: null,
          message: null,
        })
        .execute();
      if (!spec.withoutTask) await enqueueTask(ctx, { instanceId: id, kind: 'build', host: null, requestId });
      return row;
    },
    async act(id, kind, opts = {}) {
      const row = (await harness.instance(id))!;
      const requestId = newRequestId();
      if (opts.taskState !== undefined) {
        await ctx.db
          .updateTable('compute_instances')
          .set({ task_state: opts.taskState })
          .where('id', '=', id)
          .execute();
      }
      await ctx.db
        .insertInto('compute_instance_actions')
        .values({
          id: newUuid(),
          instance_id: id,
          action: kind,
          request_id: requestId,
          user_id: 'user-1',
          project_id: row.project_id,
          start_time: new Date().toISOString(),
          finish_time: null,
          message: null,
        })
        .execute();
      await enqueueTask(ctx, {
        instanceId: id,
        kind,
        params: opts.params,
        host: opts.toConductor ? null : row.host,
        requestId,
      });
      return requestId;
    },
    instance: (id) => ctx.db.selectFrom('compute_instances').selectAll().where('id', '=', id).executeTakeFirst(),
    async waitFor(id, vmStates, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const row = await harness.instance(id);
        if (row && vmStates.includes(row.vm_state) && row.task_state === null) {
          // Settled once its tasks are finished too (their outcome is written after the server's state).
          const live = await ctx.db
            .selectFrom('compute_tasks')
            .select('id')
            .where('instance_id', '=', id)
            .where('state', 'in', ['pending', 'running'])
            .execute();
          if (live.length === 0) return (await harness.instance(id))!;
        }
        if (Date.now() > deadline) {
          throw new Error(`server ${id} did not reach ${vmStates.join('/')}: ${row?.vm_state}/${row?.task_state}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async restart(extra = {}) {
      harness.engine = createComputeEngine(ctx, engineOptions(extra));
      await harness.engine.start();
      return harness.engine;
    },
    async startCrashable(extra = {}) {
      const connection = await openDatabase(database.displayUrl, dataDir);
      let crashed = false;
      const gated = new Proxy(placement.api, {
        get(target, name, receiver) {
          const value = Reflect.get(target, name, receiver);
          if (typeof value !== 'function') return value;
          return async (...args: unknown[]) => {
            if (crashed) throw new Error('crashed');
            const result = await value.apply(target, args);
            if (crashed) throw new Error('crashed');
            return result;
          };
        },
      });
      const engine = createComputeEngine(
        { ...ctx, db: connection.db as ComputeDb },
        engineOptions({ placement: gated, ...extra }),
      );
      await engine.start();
      return {
        engine,
        async crash() {
          crashed = true;
          engine.abandon();
          await connection.close();
        },
      };
    },
    async close() {
      await harness.engine.stop();
      await placement.close();
      await bus.close();
      if (database.drop) await database.drop();
      else await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  if (options.autoStart ?? true) await harness.engine.start();
  return harness;
}

/** Usage of every compute node, and the sum of the live servers' flavors per node, to compare. */
export async function placementMatchesServers(
  h: EngineHarness,
): Promise<{ usages: Record<string, Record<string, number>>; expected: Record<string, Record<string, number>> }> {
  const nodes = await h.db.selectFrom('compute_nodes').selectAll().execute();
  const rows = await h.db.selectFrom('compute_instances').selectAll().where('deleted', '=', 0).execute();
  const usages: Record<string, Record<string, number>> = {};
  const expected: Record<string, Record<string, number>> = {};
  for (const node of nodes) {
    usages[node.hypervisor_hostname] = await h.placement.usages(node.uuid);
    expected[node.hypervisor_hostname] = { VCPU: 0, MEMORY_MB: 0, DISK_GB: 0 };
  }
  for (const row of rows) {
    if (row.node === null || (row.vm_state === 'error' && row.host === null)) continue;
    const flavor = JSON.parse(row.flavor) as Flavor;
    const sums = expected[row.node]!;
    sums.VCPU! += flavor.vcpus;
    sums.MEMORY_MB! += flavor.ram;
    sums.DISK_GB! += flavor.disk;
  }
  return { usages, expected };
}
