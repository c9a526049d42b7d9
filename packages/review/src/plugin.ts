// The composition root of the review service: config, migrations, repositories, hooks, policy, and the plugin.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrate, type NuboService, PolicyEngine, registerService, type ServiceDependencies } from '@nubo/core';
import type { Session } from '@nubo/sdk';
import { AccountRegistry } from './accounts.js';
import { renderReviewFault } from './api/faults.js';
import { reviewRoutes } from './api/routes.js';
import { toolRoutes } from './api/tools.js';
import { reviewSection } from './config.js';
import type { ReviewContext } from './context.js';
import { reviewMigrations } from './db/migrations/index.js';
import type { ReviewDb } from './db/tables.js';
import { EventStream } from './events/event-stream.js';
import { webhookDelivery } from './events/webhooks.js';
import { GitRunner } from './git/git.js';
import { installHooks } from './git/hook-program.js';
import { HookServer } from './git/hook-server.js';
import { Merger } from './git/merger.js';
import { RepositoryStore } from './git/repositories.js';
import { SessionIdentityClient } from './identity-client.js';
import { reviewPolicyRules } from './policies/index.js';
import { ProjectLocks } from './project-locks.js';
import { PushSessions } from './push-sessions.js';
import { handleProcReceive } from './receive.js';

/** Where the service is mounted; Gerrit's paths are relative to it. */
export const REVIEW_PREFIX = '/review';

/** The review service as the composition root sees it (with its context, for tests and the CLI). */
export interface ReviewService extends NuboService {
  ctx: ReviewContext;
}

/**
 * Builds the review service (Gerrit's REST API and git over smart HTTP) on the shared database, with its bare
 * repositories under `<data dir>/review/git`.
 *
 * @example services.push({ serviceUser: 'review', create: createReviewService });
 */
export async function createReviewService(deps: ServiceDependencies): Promise<ReviewService> {
  const config = deps.source.section('review', reviewSection);
  await migrate(deps.database.db, 'review', reviewMigrations);
  const dataDir = join(deps.core.dataDir, 'review');
  const home = join(dataDir, 'home');
  const repositoryDir = config.repositoryDir || join(dataDir, 'git');
  mkdirSync(home, { recursive: true, mode: 0o700 });
  mkdirSync(repositoryDir, { recursive: true });
  const log = deps.log.child({ service: 'review' });
  const db = deps.database.db as ReviewDb;
  const git = new GitRunner({ binary: config.gitBinary, searchPath: config.searchPath, home });
  const repos = new RepositoryStore(repositoryDir, git);
  const identity = new SessionIdentityClient(
    () => deps.serviceSession() as Session,
    deps.tokens,
    config.basicAuthCacheSeconds,
  );
  let hookServer: HookServer | undefined;
  const ctx: ReviewContext = {
    db,
    dialect: deps.database.dialect,
    config,
    policy: new PolicyEngine(reviewPolicyRules),
    git,
    repos,
    merger: new Merger(repos, git),
    identity,
    accounts: new AccountRegistry(db, identity),
    events: new EventStream(deps.bus, config.eventBacklog, log, webhookDelivery(db, config.webhookTimeoutMs, log)),
    pushes: new PushSessions(),
    locks: new ProjectLocks(),
    hooks: { dir: join(dataDir, 'hooks'), socketPath: () => hookServer?.socketPath ?? '' },
    baseUrl: `${deps.core.publicUrl}${REVIEW_PREFIX}`,
    log,
  };
  hookServer = new HookServer(
    config.hookSocket || join(dataDir, 'hook.sock'),
    (request) => handleProcReceive(ctx, request),
    log,
  );
  // The hooks run under the same node as nubo (no loader needed: the hook program is plain JavaScript).
  await installHooks(ctx.hooks.dir, process.execPath);
  const server = hookServer;
  return {
    name: 'review',
    serviceUser: 'review',
    endpoints: [{ type: 'review', name: 'review', url: ctx.baseUrl }],
    ctx,
    async register(app) {
      await registerService(app, {
        prefix: REVIEW_PREFIX,
        fault: renderReviewFault,
        tokens: deps.tokens,
        routes: (scope) => reviewRoutes(scope, ctx, deps.tokens, REVIEW_PREFIX),
      });
      // git-review fetches the hook from the server root (it joins '/tools/hooks/commit-msg' onto the remote URL).
      await app.register(async (root) => toolRoutes(root));
    },
    start: () => server.listen(),
    async stop() {
      ctx.events.close();
      await server.close();
    },
  };
}
