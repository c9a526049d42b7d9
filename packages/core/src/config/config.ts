// nubo.yaml: one file with a section per service, environment overrides, and defaults that need no file at all.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Static, type TObject, Type } from 'typebox';
import { Value } from 'typebox/value';
import { parse as parseYaml } from 'yaml';

/** The sections that belong to the core: where to listen, where data lives, which database, how to log. */
export const serverSection = Type.Object({
  host: Type.String({ default: '127.0.0.1', description: 'Address the API listens on.' }),
  port: Type.Integer({ default: 5000, minimum: 0, maximum: 65535, description: 'Port of the one HTTP endpoint.' }),
  publicUrl: Type.String({
    default: '',
    description: 'Base URL clients use (catalog endpoints are built on it); empty means http://host:port.',
  }),
  bodyLimitBytes: Type.Integer({
    default: 114688,
    minimum: 1024,
    description: 'Largest JSON request body accepted (Keystone max_request_body_size); larger gets 413.',
  }),
});

export const dataSection = Type.Object({
  dir: Type.String({ default: '', description: 'Where nubo keeps its state; empty means ~/.nubo.' }),
});

export const databaseSection = Type.Object({
  url: Type.String({
    default: '',
    description:
      'sqlite:///absolute/path.db, postgresql://user@host:5432/db or mysql://user@host:3306/db; empty means SQLite in the data dir.',
  }),
});

export const logSection = Type.Object({
  level: Type.Union(
    [
      Type.Literal('trace'),
      Type.Literal('debug'),
      Type.Literal('info'),
      Type.Literal('warn'),
      Type.Literal('error'),
      Type.Literal('silent'),
    ],
    {
      default: 'info',
      description: 'pino log level.',
    },
  ),
  file: Type.String({ default: '', description: 'Log file; empty means standard output.' }),
});

export const coreSections = { server: serverSection, data: dataSection, database: databaseSection, log: logSection };

export type ServerConfig = Static<typeof serverSection>;
export type DatabaseConfig = Static<typeof databaseSection>;
export type LogConfig = Static<typeof logSection>;

export interface LoadConfigOptions {
  /** Path of nubo.yaml; when absent, `$NUBO_CONFIG`, then `<dataDir>/nubo.yaml`, then none. */
  file?: string;
  /** Environment to read `NUBO_<SECTION>_<KEY>` overrides from; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Values that win over the file and the environment (command-line flags). */
  overrides?: Record<string, Record<string, unknown>>;
}

/** Raw, merged configuration (file < environment < overrides), before any section is compiled. */
export class ConfigSource {
  readonly file: string | undefined;
  private readonly raw: Record<string, Record<string, unknown>>;
  private readonly env: NodeJS.ProcessEnv;
  private readonly overrides: Record<string, Record<string, unknown>>;

  constructor(options: LoadConfigOptions = {}) {
    this.env = options.env ?? process.env;
    this.overrides = options.overrides ?? {};
    const dataDirHint = (this.overrides.data?.dir as string | undefined) || this.env.NUBO_DATA_DIR || defaultDataDir();
    const candidate = options.file ?? this.env.NUBO_CONFIG ?? join(dataDirHint, 'nubo.yaml');
    this.file = existsSync(candidate) ? resolve(candidate) : undefined;
    if (options.file && !this.file) throw new Error(`configuration file ${options.file} does not exist`);
    const parsed = this.file ? (parseYaml(readFileSync(this.file, 'utf8')) ?? {}) : {};
    if (typeof parsed !== 'object' || Array.isArray(parsed))
      throw new Error(`${this.file}: expected a mapping of sections`);
    this.raw = parsed as Record<string, Record<string, unknown>>;
  }

  /**
   * Compiles one section: file values, then `NUBO_<SECTION>_<KEY>` variables (keys in SCREAMING_SNAKE_CASE),
   * then overrides; fills defaults, checks types and freezes. Throws with every problem listed.
   */
  section<T extends TObject>(name: string, schema: T): Readonly<Static<T>> {
    const merged: Record<string, unknown> = { ...(this.raw[name] ?? {}) };
    for (const key of Object.keys(schema.properties)) {
      const envName = `NUBO_${snake(name)}_${snake(key)}`;
      const fromEnv = this.env[envName];
      if (fromEnv !== undefined) merged[key] = fromEnv;
    }
    Object.assign(merged, this.overrides[name] ?? {});
    for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
    const converted = Value.Convert(schema, merged);
    const value = Value.Default(schema, converted) as Static<T>;
    if (!Value.Check(schema, value)) {
      const problems = [...Value.Errors(schema, value)].map(
        (e) => `${name}${e.instancePath.replaceAll('/', '.')}: ${e.message}`,
      );
      throw new Error(`invalid configuration: ${problems.join('; ')}`);
    }
    return Object.freeze(value);
  }
}

/** The core's compiled configuration, shared by every service in the process. */
export interface CoreConfig {
  server: ServerConfig;
  dataDir: string;
  database: DatabaseConfig;
  log: LogConfig;
  /** The URL clients reach the process on, without a trailing slash. */
  publicUrl: string;
}

export function compileCoreConfig(source: ConfigSource): CoreConfig {
  const server = source.section('server', serverSection);
  const data = source.section('data', dataSection);
  const database = source.section('database', databaseSection);
  const log = source.section('log', logSection);
  const dataDir = resolve(data.dir || defaultDataDir());
  const publicUrl = (
    server.publicUrl || `http://${server.host.includes(':') ? `[${server.host}]` : server.host}:${server.port}`
  ).replace(/\/+$/, '');
  return Object.freeze({ server, dataDir, database, log, publicUrl });
}

export function defaultDataDir(): string {
  return join(homedir(), '.nubo');
}

function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}
