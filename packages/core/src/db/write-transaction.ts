// Write transactions every service shares: READ COMMITTED on PostgreSQL and MariaDB (so a statement after a row lock
// sees what the previous holder committed; MariaDB's REPEATABLE READ would keep the snapshot of the first read), the
// single writer on SQLite (Kysely holds its one connection for the whole transaction, so writers queue), and
// deadlocks or serialisation failures retried.
import type { Kysely, Transaction } from 'kysely';
import type { DialectName } from './database.js';

/** Attempts at a transaction the database aborted as a deadlock or serialisation failure. */
const DEADLOCK_RETRIES = 5;

function isDeadlock(err: unknown): boolean {
  const e = err as { code?: string; errno?: number };
  // PostgreSQL deadlock_detected / serialization_failure; MariaDB ER_LOCK_DEADLOCK / ER_LOCK_WAIT_TIMEOUT.
  return e?.code === '40P01' || e?.code === '40001' || e?.errno === 1213 || e?.errno === 1205;
}

/** Runs `work` in one transaction; everything it wrote is undone when it throws (nothing half-made). */
export async function inWriteTransaction<DB, T>(
  db: Kysely<DB>,
  dialect: DialectName,
  work: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const builder = db.transaction();
      return await (dialect === 'sqlite' ? builder : builder.setIsolationLevel('read committed')).execute(work);
    } catch (err) {
      if (attempt < DEADLOCK_RETRIES && isDeadlock(err)) continue;
      throw err;
    }
  }
}
