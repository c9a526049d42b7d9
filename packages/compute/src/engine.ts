// The workers behind the API: the conductor (scheduling builds, unshelves and migrations) and one agent per host
// with its driver, wired to one task loop. On start it registers the hosts (services, compute nodes, Placement
// providers), reconciles what a crash left behind, and starts taking tasks; a heartbeat keeps the services up.
import { hostname } from 'node:os';
import { inProcessAgentRpc } from './agent/client.js';
import type { AgentContext } from './agent/context.js';
import { GlanceImageData, type ImageDataApi } from './agent/image-data.js';
import { reconcileAgent } from './agent/reconcile.js';
import { ComputeAgent } from './agent/worker.js';
import { CandidateCache } from './conductor/candidate-cache.js';
import { ClaimOverlay } from './conductor/claim-overlay.js';
import type { ConductorContext } from './conductor/context.js';
import { TopologyCache } from './conductor/host-snapshot.js';
import { reconcileConductor } from './conductor/reconcile.js';
import { Conductor } from './conductor/worker.js';
import type { ComputeConfig } from './config.js';
import type { ComputeContext } from './context.js';
import { findInstance, listInstances } from './db/instances.js';
import { type NodeReport, upsertComputeNodes } from './db/nodes.js';
import { heartbeatServices, registerServices } from './db/services.js';
import type { ComputeNodeRow } from './db/tables.js';
import { instancesWithLiveTasks, purgeFinishedTasks, takeBackRunningTasks } from './db/tasks.js';
import { glanceDriverImageData } from './drivers/container/glance-image-data.js';
import type { DriverFactory } from './drivers/driver.js';
import { destroyOrphans } from './drivers/orphans.js';
import { computeDrivers } from './drivers/registry.js';
import { HttpPlacement, type PlacementApi } from './placement.js';
import type { AgentRpc } from './rpc.js';
import type { WeightMultipliers } from './scheduler/weighers/weigher.js';
import { TaskLoop } from './task-loop.js';

/** The engine as plugin.ts uses it. */
export interface ComputeEngine {
  /** Synchronous calls into agents (console output). */
  rpc: AgentRpc;
  /** Registers hosts (services, compute nodes, placement providers), reconciles, and starts taking tasks. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** What tests and benchmarks may change; every field has a default fit for `nubo up`. */
export interface ComputeEngineOptions {
  /** Placement (default: its REST API through ctx.session()). */
  placement?: PlacementApi;
  /** Glance image data (default: its REST API through ctx.session()). */
  imageData?: ImageDataApi;
  /** The driver of each host (default: the registry's entry for compute.driver). */
  driverFactory?: DriverFactory;
  /** Hosts run here (default: <hostPrefix>1..<hostCount>). */
  hosts?: string[];
  /** Whether the conductor runs here (default true). */
  conductor?: boolean;
  /** Period of the task table sweep (default 1000 ms). */
  sweepIntervalMs?: number;
  /** Nova's report_interval (default 10 s). */
  heartbeatIntervalMs?: number;
  /** Tasks the conductor runs at once (default 32). */
  conductorConcurrency?: number;
  /** Tasks each agent runs at once (default: compute.maxConcurrentBuilds). */
  agentConcurrency?: number;
  /** Weigher multipliers (default: the compute section's *WeightMultiplier fields). */
  multipliers?: Partial<WeightMultipliers>;
  /**
   * How long the scheduler reuses the host topology it read — nodes, services, aggregates (default 1000 ms; Nova's
   * scheduler also sees such changes on its next refresh).
   */
  topologyCacheMs?: number;
  /** How long concurrent builds share one allocation candidates answer (default 250 ms; 0 asks for each). */
  candidatesCacheMs?: number;
  /** Nova's shelved_offload_time (default 0: offload at once). */
  shelvedOffloadTimeSec?: number;
  /**
   * Claims of one task by one worker before it is given up after transient failures (default 10). Not Nova's
   * max_attempts (the hosts a build is tried on): that is compute.maxAttempts.
   */
  taskMaxAttempts?: number;
}

/** The engine with what tests use besides the lead's interface. */
export interface ComputeEngineHandle extends ComputeEngine {
  agents: Map<string, ComputeAgent>;
  loop: TaskLoop;
  /** Stops at once without waiting for work in flight (what a crash does; for tests). */
  abandon(): void;
}

/** How many Placement provider registrations run at once at start. */
const REGISTRATION_CONCURRENCY = 8;
/** Finished tasks are kept this long (for debugging), then purged by the heartbeat. */
const TASK_RETENTION_MS = 24 * 3600_000;

async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

/** The weigher multipliers of the compute section. */
export function multipliersOf(config: ComputeConfig): WeightMultipliers {
  return {
    ram: config.ramWeightMultiplier,
    cpu: config.cpuWeightMultiplier,
    disk: config.diskWeightMultiplier,
    softAffinity: config.softAffinityWeightMultiplier,
    softAntiAffinity: config.softAntiAffinityWeightMultiplier,
  };
}

/** Builds the engine of this process; nothing runs until start(). */
export function createComputeEngine(ctx: ComputeContext, options: ComputeEngineOptions = {}): ComputeEngineHandle {
  const config = ctx.config;
  const hosts = options.hosts ?? Array.from({ length: config.hostCount }, (_, i) => `${config.hostPrefix}${i + 1}`);
  const runConductor = options.conductor ?? true;
  const placement = options.placement ?? new HttpPlacement(() => ctx.session());
  const imageData = options.imageData ?? new GlanceImageData(() => ctx.session());
  const factory = options.driverFactory ?? computeDrivers[config.driver];
  const agents = new Map<string, ComputeAgent>();
  const loop = new TaskLoop({
    db: ctx.db,
    dialect: ctx.dialect,
    bus: ctx.bus,
    log: ctx.log,
    sweepIntervalMs: options.sweepIntervalMs ?? 1000,
    maxAttempts: options.taskMaxAttempts ?? 10,
  });
  const unregistered = new Map<string, ComputeNodeRow>();
  let serviceIds: number[] = [];
  let heartbeat: NodeJS.Timeout | undefined;
  let beats = 0;

  const inventoryOf = (node: ComputeNodeRow) => ({
    VCPU: { total: node.vcpus, allocation_ratio: node.cpu_allocation_ratio, max_unit: node.vcpus },
    MEMORY_MB: { total: node.memory_mb, allocation_ratio: node.ram_allocation_ratio, max_unit: node.memory_mb },
    DISK_GB: { total: node.local_gb, allocation_ratio: node.disk_allocation_ratio, max_unit: node.local_gb },
  });

  /** Makes the providers of `nodes` exist in Placement; failures are kept for the heartbeat to retry. */
  const registerProviders = async (nodes: ComputeNodeRow[]) => {
    await eachLimited(nodes, REGISTRATION_CONCURRENCY, async (node) => {
      try {
        const traits = JSON.parse(node.traits || '[]') as string[];
        await placement.ensureResourceProvider(node.uuid, node.hypervisor_hostname, inventoryOf(node), traits);
        unregistered.delete(node.uuid);
      } catch (err) {
        unregistered.set(node.uuid, node);
        ctx.log.warn({ node: node.hypervisor_hostname, err: String(err) }, 'placement: provider not registered yet');
      }
    });
  };

  const beat = async () => {
    try {
      await heartbeatServices(ctx.db, serviceIds);
      if (unregistered.size > 0) await registerProviders([...unregistered.values()]);
      if (++beats % 360 === 0) await purgeFinishedTasks(ctx.db, new Date(Date.now() - TASK_RETENTION_MS).toISOString());
    } catch (err) {
      ctx.log.warn({ err: String(err) }, 'compute heartbeat failed');
    }
  };

  return {
    rpc: inProcessAgentRpc(agents),
    agents,
    loop,

    async start() {
      const startedAt = new Date().toISOString();
      const drivers = hosts.map((host) =>
        factory({
          host,
          vcpus: config.hostVcpus,
          memoryMb: config.hostMemoryMb,
          diskGb: config.hostDiskGb,
          spawnDelayMs: config.fakeSpawnDelayMs,
          stateDir: config.containerStateDir || undefined,
          imageData: glanceDriverImageData(() => ctx.session()),
        }),
      );
      for (const driver of drivers) await driver.initHost();
      const reports: NodeReport[] = drivers.map((driver, i) => {
        const resources = driver.getHostResources();
        return {
          host: hosts[i]!,
          hypervisor_hostname: resources.hypervisorHostname,
          hypervisor_type: resources.hypervisorType,
          vcpus: resources.vcpus,
          memory_mb: resources.memoryMb,
          local_gb: resources.localGb,
          cpu_allocation_ratio: config.cpuAllocationRatio,
          ram_allocation_ratio: config.ramAllocationRatio,
          disk_allocation_ratio: config.diskAllocationRatio,
          traits: JSON.stringify(resources.traits),
        };
      });
      const nodes = await upsertComputeNodes(ctx.db, reports);
      const services = await registerServices(ctx.db, [
        ...hosts.map((host) => ({ host, binary: 'nova-compute', topic: 'compute' })),
        ...(runConductor
          ? [
              { host: hostname(), binary: 'nova-conductor', topic: 'conductor' },
              { host: hostname(), binary: 'nova-scheduler', topic: 'scheduler' },
            ]
          : []),
      ]);
      serviceIds = services.map((s) => s.id);
      await heartbeatServices(ctx.db, serviceIds);
      await registerProviders(nodes);

      const shelvedOffloadTimeSec = options.shelvedOffloadTimeSec ?? 0;
      hosts.forEach((host, i) => {
        const node = nodes[i]!;
        const a: AgentContext = {
          ctx,
          host,
          nodename: node.hypervisor_hostname,
          nodeUuid: node.uuid,
          driver: drivers[i]!,
          placement,
          imageData,
          shelvedOffloadTimeSec,
        };
        const agent = new ComputeAgent(a);
        agents.set(host, agent);
        loop.addLane({
          host,
          concurrency: options.agentConcurrency ?? config.maxConcurrentBuilds,
          handle: (task) => agent.handle(task),
        });
      });
      if (runConductor) {
        const overlay = new ClaimOverlay();
        const c: ConductorContext = {
          ctx,
          placement,
          topology: new TopologyCache(ctx, options.topologyCacheMs ?? 1000),
          multipliers: options.multipliers ?? multipliersOf(config),
          hostSubsetSize: config.hostSubsetSize,
          serialize: (key, fn) => loop.serialize(key, fn),
          overlay,
          candidates: new CandidateCache(placement, overlay, options.candidatesCacheMs ?? 250),
          syncedAggregates: new Map(),
        };
        const conductor = new Conductor(c);
        loop.addLane({
          host: null,
          concurrency: options.conductorConcurrency ?? 32,
          handle: (task) => conductor.handle(task),
          // A build given up before it had a host may hold a claim nothing else will free.
          abandonTask: async (task) => {
            const row = await findInstance(ctx.db, task.instance_id);
            if (!row?.host) await placement.release(task.instance_id);
          },
        });
      }

      // Reconcile before taking work: running tasks were cut off by a crash and run again (their steps are
      // idempotent); servers whose work has no task at all get one.
      const retaken = await takeBackRunningTasks(ctx.db, loop.owner);
      if (retaken.length > 0) ctx.log.info({ tasks: retaken.length }, 'compute: resuming tasks cut off by a stop');
      const live = await instancesWithLiveTasks(ctx.db);
      if (runConductor) await reconcileConductor(ctx, live, startedAt);
      if (hosts.length > 0) {
        const rows = await listInstances(ctx.db, { hosts, deleted: false });
        for (const agent of agents.values()) {
          await reconcileAgent(
            agent.a,
            rows.filter((r) => r.host === agent.host),
            live,
            startedAt,
          );
          // What the hypervisor still runs of a server deleted meanwhile (or while it was down) is destroyed.
          const orphans = await destroyOrphans(
            agent.a.driver,
            async (uuid) => (await findInstance(ctx.db, uuid)) !== undefined,
            (uuid, err) => ctx.log.warn({ instance: uuid, err: String(err) }, 'compute: orphan not destroyed'),
          );
          if (orphans.length > 0) ctx.log.info({ host: agent.host, orphans }, 'compute: destroyed orphaned instances');
        }
      }
      loop.start();
      heartbeat = setInterval(() => void beat(), options.heartbeatIntervalMs ?? 10_000);
      heartbeat.unref();
      ctx.log.info({ hosts: hosts.length, conductor: runConductor }, 'compute engine started');
    },

    async stop() {
      if (heartbeat) clearInterval(heartbeat);
      await loop.stop();
    },

    abandon() {
      if (heartbeat) clearInterval(heartbeat);
      loop.abandon();
    },
  };
}
