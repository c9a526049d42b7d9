// The gate's composition root: config, migrations, the scheduler (review events in over the bus, votes and
// submits out through the review REST API), and the REST API and pages under /zuul.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NuboService, ServiceDependencies } from '@nubo/core';
import { REVIEW_EVENT_TOPIC } from '@nubo/review';
import { buildLogUrl, GATE_PREFIX } from './api/deps.js';
import { registerGateApi } from './api/gate-api.js';
import { gateSection } from './config.js';
import { createBuildsRecorder, migrateGateBuilds } from './db/builds-recorder.js';
import type { GateDb } from './db/tables.js';
import { AnsibleExecutor } from './executor/ansible-executor.js';
import type { Executor } from './executor/executor.js';
import { FakeExecutor, resultFileRule } from './executor/fake-executor.js';
import { GitMerger } from './merger/merger.js';
import { LocalNodeProvider } from './nodes/local-node-provider.js';
import type { ReviewEvent } from './scheduler/gate-change.js';
import { GateScheduler } from './scheduler/gate-scheduler.js';
import { readTenantRepos } from './scheduler/repo-reader.js';
import { ReviewHttpConnection, type ReviewSessionLike } from './scheduler/review-http-connection.js';
import { DbQueueStore, migrateGateQueue } from './state/db-queue-store.js';

export interface GateService extends NuboService {
  scheduler: GateScheduler;
  /** Reloads the tenant file and every layout (Zuul's full-reconfigure). */
  reconfigure(): Promise<void>;
}

/**
 * The gate service (Zuul's scheduler, merger and web), user `zuul`, mounted at /zuul.
 *
 * @example services.push({ serviceUser: 'zuul', create: createGateService });
 */
export async function createGateService(deps: ServiceDependencies): Promise<GateService> {
  const config = deps.source.section('gate', gateSection);
  await migrateGateBuilds(deps.database.db);
  await migrateGateQueue(deps.database.db);
  const dataDir = join(deps.core.dataDir, 'gate');
  const tenantFile = config.tenantConfig || join(dataDir, 'main.yaml');
  const logRoot = config.logDir || join(dataDir, 'logs');
  const mergerDir = config.mergerDir || join(dataDir, 'merger');
  const repositoryDir = config.reviewRepositoryDir || join(deps.core.dataDir, 'review', 'git');
  mkdirSync(logRoot, { recursive: true });
  const log = deps.log.child({ service: 'gate' });
  const connection = new ReviewHttpConnection(() => deps.serviceSession() as ReviewSessionLike, repositoryDir);
  const publicUrl = deps.core.publicUrl;
  const executorKind = chooseExecutor(config.executor, config.searchPath);
  if (executorKind !== config.executor) {
    if (executorKind === 'fake')
      log.warn(
        'ansible-playbook is not on the search path: jobs are NOT run (fake executor); apt-get install ansible-core',
      );
    else log.info('jobs run with ansible-playbook on local nodes');
  }
  const executor: Executor =
    executorKind === 'ansible'
      ? new AnsibleExecutor({
          provider: new LocalNodeProvider({ root: join(dataDir, 'nodes') }),
          buildRoot: join(dataDir, 'builds'),
          repoPath: (project) => connection.repositoryPath(project),
          path: config.searchPath,
        })
      : new FakeExecutor({ rule: resultFileRule(), delayMs: config.fakeExecutorDelayMs, writeLogs: true });
  const scheduler = new GateScheduler({
    connection,
    connectionName: config.connectionName,
    merger: new GitMerger(mergerDir, (p) => connection.repositoryPath(p), {
      binary: config.gitBinary,
      searchPath: config.searchPath,
    }),
    executor,
    recorder: createBuildsRecorder(deps.database.db as GateDb),
    store: new DbQueueStore(deps.database.db),
    readRepos: (tenant) => readTenantRepos(tenant, (p) => connection.repositoryPath(p)),
    logDir: (_tenant, uuid) => join(logRoot, uuid),
    buildUrl: (tenant, uuid) => `${publicUrl}${GATE_PREFIX}/t/${tenant}/build/${uuid}`,
    logUrl: (_tenant, uuid) => buildLogUrl(publicUrl, uuid),
    log,
  });
  let unsubscribe: (() => void) | undefined;
  const reconfigure = async () => {
    if (!existsSync(tenantFile)) {
      log.info({ tenantFile }, 'no tenant file: the gate idles');
      return;
    }
    await scheduler.load(readFileSync(tenantFile, 'utf8'), tenantFile);
  };
  return {
    name: 'gate',
    serviceUser: 'zuul',
    endpoints: [{ type: 'gate', name: 'zuul', url: `${publicUrl}${GATE_PREFIX}` }],
    scheduler,
    reconfigure,
    async register(app) {
      await registerGateApi(app, { control: scheduler, db: deps.database.db as GateDb, tokens: deps.tokens, logRoot });
    },
    async start() {
      unsubscribe = deps.bus.subscribe<ReviewEvent>(REVIEW_EVENT_TOPIC, (message) =>
        scheduler.onEvent(message.payload),
      );
      // Loading reads the review service's repositories, which exist once it started: after the API listens.
      await reconfigure().catch((err: Error) => log.error({ err }, 'loading the gate configuration failed'));
    },
    async stop() {
      unsubscribe?.();
      scheduler.stop();
    },
  };
}

/** `auto` means the real executor wherever ansible-playbook can be found. */
function chooseExecutor(wanted: 'auto' | 'ansible' | 'fake', searchPath: string): 'ansible' | 'fake' {
  if (wanted !== 'auto') return wanted;
  const found = searchPath.split(':').some((dir) => dir && existsSync(join(dir, 'ansible-playbook')));
  return found ? 'ansible' : 'fake';
}
