// Test helpers other packages import as `@nubo/core/testing`: a throwaway database on each backend under test.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { type Database, type DialectName, openDatabase } from './db/database.js';

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
