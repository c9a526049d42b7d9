// The composition root: which services make up the cloud, wired into one HTTP server on one database.
import {
  ConfigSource,
  type CoreConfig,
  compileCoreConfig,
  createApp,
  createLogger,
  type LoadConfigOptions,
  openDatabase,
} from '@nubo/core';
import { type BootstrapCredentials, createIdentityService, type IdentityService } from '@nubo/identity';

export interface RunningCloud {
  config: CoreConfig;
  /** Where clients reach the cloud, e.g. http://127.0.0.1:5000. */
  url: string;
  /** The Keystone auth URL for clouds.yaml. */
  authUrl: string;
  credentials: BootstrapCredentials;
  identity: IdentityService;
  close(): Promise<void>;
}

/** Opens the database, runs migrations, bootstraps Identity and starts listening. */
export async function startCloud(options: LoadConfigOptions): Promise<RunningCloud> {
  const source = new ConfigSource(options);
  const config = compileCoreConfig(source);
  const log = createLogger(config.log);
  const database = await openDatabase(config.database.url, config.dataDir);
  const identity = await createIdentityService({ source, core: config, database, log });
  const credentials = await identity.bootstrap();
  const app = createApp({ logger: log, bodyLimitBytes: config.server.bodyLimitBytes });
  await identity.register(app);
  app.get('/', async () => ({ name: 'nubo', identity: `${config.publicUrl}/identity` }));
  await app.listen({ host: config.server.host, port: config.server.port });
  const url = config.publicUrl;
  return {
    config,
    url,
    authUrl: `${url}/identity/v3`,
    credentials,
    identity,
    async close() {
      await app.close();
      await database.close();
      log.flush?.();
    },
  };
}
