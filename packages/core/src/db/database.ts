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

/** Prepared statements kept per SQLite database (the SQL texts a process runs are few; IN lists vary in length). */
const STATEMENT_CACHE_SIZE = 500;
/** Longer SQL (a long IN list, a bulk insert) is seldom run twice and its statement is big: not kept. */
const CACHED_SQL_MAX_LENGTH = 2000;

/**
 * Kysely prepares every query anew; on SQLite that costs as much as running most of them. This reuses the prepared
 * statement of an SQL text seen recently (least recently used dropped first); one still iterating is not shared.
 */
function withStatementCache(sqlite: import('better-sqlite3').Database) {
  const cache = new Map<string, import('better-sqlite3').Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      const cached = cache.get(sql);
      if (cached && !cached.busy) {
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = sqlite.prepare(sql);
      if (sql.length > CACHED_SQL_MAX_LENGTH) return statement;
      cache.set(sql, statement);
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      return statement;
    },
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
    return { dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), name: 'sqlite' };
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
