// Write transactions that serialise on provider rows: row locks on PostgreSQL and MariaDB, the one writer on SQLite.
import type { DialectName } from '@nubo/core';
import type { Transaction } from 'kysely';
import { ProviderConcurrentUpdate } from '../errors.js';
import type { PlacementDb, PlacementTables, ResourceProviderRow } from './tables.js';

/** An open transaction on the Placement tables. */
export type PlacementTransaction = Transaction<PlacementTables>;

/** Attempts at a transaction the database aborted as a deadlock or serialisation failure. */
const DEADLOCK_RETRIES = 5;

function isDeadlock(err: unknown): boolean {
  const e = err as { code?: string; errno?: number };
  // PostgreSQL deadlock_detected / serialization_failure; MariaDB ER_LOCK_DEADLOCK / ER_LOCK_WAIT_TIMEOUT.
  return e?.code === '40P01' || e?.code === '40001' || e?.errno === 1213 || e?.errno === 1205;
}

/**
 * Runs `work` in one transaction at READ COMMITTED, so every statement after a row lock sees what the previous
 * holder committed (MariaDB's REPEATABLE READ would keep the snapshot of the first read). SQLite has a single
 * writer: Kysely holds its one connection for the whole transaction, so writers queue. A deadlock is retried.
 */
export async function inWriteTransaction<T>(
  db: PlacementDb,
  dialect: DialectName,
  work: (trx: PlacementTransaction) => Promise<T>,
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

/**
 * Reads and locks the providers named, in uuid order so that two writers never wait on each other in a cycle.
 * Missing uuids are simply absent from the map.
 */
export async function lockProviders(
  trx: PlacementTransaction,
  dialect: DialectName,
  uuids: Iterable<string>,
): Promise<Map<string, ResourceProviderRow>> {
  const sorted = [...new Set(uuids)].sort();
  const out = new Map<string, ResourceProviderRow>();
  if (sorted.length === 0) return out;
  let query = trx.selectFrom('placement_resource_providers').selectAll().where('uuid', 'in', sorted).orderBy('uuid');
  // SQLite has no row locks and needs none: the transaction already holds the only connection.
  if (dialect !== 'sqlite') query = query.forUpdate();
  for (const row of await query.execute()) out.set(row.uuid, row);
  return out;
}

/**
 * Placement's generation compare-and-swap: `generation = generation + 1 WHERE uuid = ? AND generation = ?`.
 *
 * @throws ProviderConcurrentUpdate when no row matched: another writer changed the provider first.
 * @returns the new generation.
 */
export async function bumpGeneration(
  trx: PlacementTransaction,
  uuid: string,
  expected: number,
  now: string,
): Promise<number> {
  const result = await trx
    .updateTable('placement_resource_providers')
    .set({ generation: expected + 1, updated_at: now })
    .where('uuid', '=', uuid)
    .where('generation', '=', expected)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new ProviderConcurrentUpdate();
  return expected + 1;
}
