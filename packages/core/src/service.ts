// The shape every nubo service has, so the composition root (the CLI's cloud.ts) only lists and wires them.
import type { MessageBus } from './bus/bus.js';
import type { ConfigSource, CoreConfig } from './config/config.js';
import type { Database } from './db/database.js';
import type { TokenValidator } from './http/auth-context.js';
import type { Logger } from './logger.js';

/** A catalog entry the service needs: bootstrap creates its public, internal and admin endpoints. */
export interface CatalogEndpoint {
  type: string;
  name: string;
  url: string;
}

/** What a service is given: configuration, the shared database and bus, token validation, and a way to call APIs. */
export interface ServiceDependencies {
  source: ConfigSource;
  core: CoreConfig;
  database: Database;
  log: Logger;
  bus: MessageBus;
  tokens: TokenValidator;
  /**
   * An authenticated client for calling other services through their public APIs as this service's own user
   * (`nova`, `glance`, … with the admin and service roles in project `service`, as DevStack sets them up).
   * Typed as unknown here so core does not depend on the sdk; services narrow it to `@nubo/sdk`'s Session.
   */
  serviceSession: () => unknown;
}

export interface NuboService {
  /** e.g. `image`; also the name of its nubo.yaml section. */
  name: string;
  /** Its service user's name (`glance`, `nova`, `placement`). */
  serviceUser: string;
  endpoints: CatalogEndpoint[];
  /** Registers the API routes. */
  register(app: import('fastify').FastifyInstance): Promise<void>;
  /** Starts background workers (conductor, agents, reconcilers) once the API listens. */
  start?(): Promise<void>;
  /** Stops workers; called before the database closes. */
  stop?(): Promise<void>;
}
