// Test helpers other packages import as `@nubo/core/testing`: a throwaway database on each backend under test.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { ConfigSource, type CoreConfig, compileCoreConfig } from './config/config.js';
import { type Database, type DialectName, openDatabase } from './db/database.js';
import { createLogger, type Logger } from './logger.js';

export interface TestBackend {
  name: 'sqlite' | 'postgres' | 'mariadb';
  dialect: DialectName;
  /** A new, empty database; `drop()` closes and removes it. */
  create(): Promise<Database & { drop(): Promise<void> }>;
}

const POSTGRES_ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
const MARIADB_ADMIN_URL = 'mysql://root@127.0.0.1:3306/test';

/** The backends named in NUBO_TEST_DB (comma-separated: sqlite, postgres, mariadb); default sqlite only. */
export function testBackends(): TestBackend[] {
  const names = (process.env.NUBO_TEST_DB ?? 'sqlite')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return names.map((name) => {
    switch (name) {
      case 'sqlite':
        return { name, dialect: 'sqlite', create: createSqlite };
      case 'postgres':
        return {
          name,
          dialect: 'postgres',
          create: () => createServerDb(POSTGRES_ADMIN_URL, 'postgresql://postgres@127.0.0.1:5432/'),
        };
      case 'mariadb':
        return {
          name,
          dialect: 'mysql',
          create: () => createServerDb(MARIADB_ADMIN_URL, 'mysql://root@127.0.0.1:3306/'),
        };
      default:
        throw new Error(`NUBO_TEST_DB: unknown backend ${name} (use sqlite, postgres, mariadb)`);
    }
  });
}

async function createSqlite(): Promise<Database & { drop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'nubo-db-'));
  const database = await openDatabase(`sqlite://${join(dir, 'test.db')}`, dir);
  return {
    ...database,
    async drop() {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function createServerDb(adminUrl: string, baseUrl: string): Promise<Database & { drop(): Promise<void> }> {
  const name = `nubo_test_${randomBytes(6).toString('hex')}`;
  const admin = await openDatabase(adminUrl, tmpdir());
  await sql.raw(`CREATE DATABASE ${name}`).execute(admin.db);
  const database = await openDatabase(`${baseUrl}${name}`, tmpdir());
  return {
    ...database,
    async drop() {
      await database.close();
      await sql.raw(`DROP DATABASE ${name}`).execute(admin.db);
      await admin.close();
    },
  };
}

/** A service's test surroundings: a temp data dir, its compiled config, a silent logger and a fresh database. */
export interface TestEnvironment {
  dataDir: string;
  source: ConfigSource;
  core: CoreConfig;
  log: Logger;
  database: Database;
  /** Closes (and on a server backend drops) the database and removes the data dir. */
  cleanup(): Promise<void>;
}

/**
 * Builds what every service harness needs: `section` gets `config` as overrides, the database is SQLite in the
 * data dir unless `backend` is given.
 */
export async function createTestEnvironment(options: {
  name: string;
  section?: string;
  config?: Record<string, unknown>;
  backend?: TestBackend;
}): Promise<TestEnvironment> {
  const dataDir = mkdtempSync(join(tmpdir(), `nubo-${options.name}-`));
  const overrides: Record<string, Record<string, unknown>> = { data: { dir: dataDir }, log: { level: 'silent' } };
  if (options.section) overrides[options.section] = { ...options.config };
  const source = new ConfigSource({ env: {}, overrides });
  const core = compileCoreConfig(source);
  const log = createLogger({ level: 'silent', file: '' });
  const database = options.backend
    ? await options.backend.create()
    : { ...(await openDatabase(core.database.url, dataDir)), drop: undefined };
  return {
    dataDir,
    source,
    core,
    log,
    database,
    async cleanup() {
      if (database.drop) await database.drop();
      else await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
