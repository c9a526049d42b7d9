// Write transactions for Networking: READ COMMITTED on PostgreSQL and MariaDB, the one writer on SQLite, with
// deadlocks retried.
import type { DialectName } from '@nubo/core';
import type { Transaction } from 'kysely';
import type { NetworkDb, NetworkTables } from './tables.js';

/** An open transaction on the Networking tables. */
export type NetworkTransaction = Transaction<NetworkTables>;

const RETRIES = 5;

function isRetryable(err: unknown): boolean {
  const e = err as { code?: string; errno?: number };
  // PostgreSQL deadlock_detected / serialization_failure; MariaDB ER_LOCK_DEADLOCK / ER_LOCK_WAIT_TIMEOUT.
  return e?.code === '40P01' || e?.code === '40001' || e?.errno === 1213 || e?.errno === 1205;
}

/** Runs `work` in one transaction; everything it wrote is undone when it throws (nothing half-made). */
export async function inTransaction<T>(
  db: NetworkDb,
  dialect: DialectName,
  work: (trx: NetworkTransaction) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const builder = db.transaction();
      return await (dialect === 'sqlite' ? builder : builder.setIsolationLevel('read committed')).execute(work);
    } catch (err) {
      if (attempt < RETRIES && isRetryable(err)) continue;
      throw err;
    }
  }
}
