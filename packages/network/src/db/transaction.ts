// Write transactions for Networking, on @nubo/core's shared write transaction.
import { type DialectName, inWriteTransaction } from '@nubo/core';
import type { Transaction } from 'kysely';
import type { NetworkDb, NetworkTables } from './tables.js';

/** An open transaction on the Networking tables. */
export type NetworkTransaction = Transaction<NetworkTables>;

/** Runs `work` in one write transaction on the Networking tables (see @nubo/core's inWriteTransaction). */
export function inTransaction<T>(
  db: NetworkDb,
  dialect: DialectName,
  work: (trx: NetworkTransaction) => Promise<T>,
): Promise<T> {
  return inWriteTransaction(db, dialect, work);
}
