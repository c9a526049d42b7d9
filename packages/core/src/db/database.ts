// One Kysely instance per process over SQLite (default), PostgreSQL or MariaDB, chosen by the database URL.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Dialect, Kysely, MysqlDialect, PostgresDialect, SqliteDialect } from 'kysely';

export type DialectName = 'sqlite' | 'postgres' | 'mysql';

/** A database handle plus the facts callers need to write portable SQL. */
export interface Database {
  // biome-ignore lint/suspicious/noExplicitAny: each package narrows this to its own tables with `as Kysely<Tables>`
  db: Kysely<any>;
  dialect: DialectName;
  /** The URL with any password removed, for logs and `nubo status`. */
  displayUrl: string;
  close(): Promise<void>;
}

/** Opens the database named by `url`; an empty url means `<dataDir>/nubo.db` on SQLite. */
export async function openDatabase(url: string, dataDir: string): Promise<Database> {
  const effective = url || `sqlite://${join(dataDir, 'nubo.db')}`;
  const { dialect, name } = await createDialect(effective);
  const db = new Kysely({ dialect });
  return {
    db,
    dialect: name,
    displayUrl: effective.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@'),
    close: () => db.destroy(),
  };
}

async function createDialect(url: string): Promise<{ dialect: Dialect; name: DialectName }> {
  if (url.startsWith('sqlite:')) {
    const path = url.replace(/^sqlite:\/\//, '');
    const { default: SQLite } = await import('better-sqlite3');
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const sqlite = new SQLite(path);
    // WAL lets readers run beside the one writer; NORMAL sync is durable across process crashes (not power loss).
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    return { dialect: new SqliteDialect({ database: sqlite }), name: 'sqlite' };
  }
  if (url.startsWith('postgres:') || url.startsWith('postgresql:')) {
    const { default: pg } = await import('pg');
    return {
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 10 }) }),
      name: 'postgres',
    };
  }
  if (url.startsWith('mysql:') || url.startsWith('mariadb:')) {
    const { createPool } = await import('mysql2');
    const pool = createPool({ uri: url.replace(/^mariadb:/, 'mysql:'), connectionLimit: 10, timezone: 'Z' });
    return { dialect: new MysqlDialect({ pool }), name: 'mysql' };
  }
  throw new Error(`unsupported database url ${url}: use sqlite://, postgresql:// or mysql://`);
}
