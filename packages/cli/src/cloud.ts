// The composition root: Identity first (everything validates tokens against it), then every service in
// services.ts, wired into one HTTP server on one database and one bus.

import { computeSection, containerImages } from '@nubo/compute';
import {
  ConfigSource,
  type CoreConfig,
  compileCoreConfig,
  createApp,
  createLogger,
  InProcessBus,
  type LoadConfigOptions,
  type NuboService,
  openDatabase,
} from '@nubo/core';
import { type BootstrapCredentials, createIdentityService, type IdentityService } from '@nubo/identity';
import { InProcessTransport, Session } from '@nubo/sdk';
import { services as serviceEntries } from './services.js';

export interface RunningCloud {
  config: CoreConfig;
  /** Where clients reach the cloud, e.g. http://127.0.0.1:5000. */
  url: string;
  /** The Keystone auth URL for clouds.yaml. */
  authUrl: string;
  credentials: BootstrapCredentials;
  identity: IdentityService;
  services: NuboService[];
  close(): Promise<void>;
}

/** Opens the database, runs migrations, bootstraps Identity, starts listening, then starts the workers. */
export async function startCloud(options: LoadConfigOptions): Promise<RunningCloud> {
  const source = new ConfigSource(options);
  const config = compileCoreConfig(source);
  const log = createLogger(config.log);
  const database = await openDatabase(config.database.url, config.dataDir);
  const bus = new InProcessBus((err, message) => log.error({ err, topic: message.topic }, 'bus handler failed'));
  const identity = await createIdentityService({ source, core: config, database, log });
  const app = createApp({ logger: log, bodyLimitBytes: config.server.bodyLimitBytes });
  const authUrl = `${config.publicUrl}/identity/v3`;
  const transport = new InProcessTransport(app, config.publicUrl);
  let credentials: BootstrapCredentials | undefined;
  const sessions = new Map<string, Session>();
  const sessionOf = (user: string) => () => {
    const password = credentials?.serviceUsers?.[user];
    if (!password) throw new Error(`service user ${user} is not bootstrapped yet`);
    let session = sessions.get(user);
    if (!session) {
      session = new Session({ authUrl, username: user, password, projectName: 'service' }, transport);
      sessions.set(user, session);
    }
    return session;
  };
  const services: NuboService[] = [];
  for (const entry of serviceEntries) {
    services.push(
      await entry.create({
        source,
        core: config,
        database,
        log,
        bus,
        tokens: identity.validator,
        serviceSession: sessionOf(entry.serviceUser),
      }),
    );
  }
  await identity.register(app);
  // Keystone's conventional `http://host:5000/v3` works too: Identity is also served at the root.
  await identity.register(app, '');
  for (const service of services) await service.register(app);
  credentials = await identity.bootstrap(
    services.flatMap((s) => s.endpoints),
    services.map((s) => s.serviceUser),
  );
  await app.listen({ host: config.server.host, port: config.server.port });
  for (const service of services) await service.start?.();
  // With real containers, the stock images (tiny, debian-12) are built and uploaded in the background.
  const admin = credentials.admin;
  const adminSession = new Session({ authUrl, ...admin }, transport);
  const stockImages = containerImages.stockImagesOnUp({
    compute: source.section('compute', computeSection),
    dataDir: config.dataDir,
    session: () => adminSession,
    log,
  });
  return {
    config,
    url: config.publicUrl,
    authUrl,
    credentials,
    identity,
    services,
    async close() {
      await stockImages?.stop();
      for (const service of [...services].reverse()) await service.stop?.();
      await app.close();
      await bus.close();
      await database.close();
      log.flush?.();
    },
  };
}
