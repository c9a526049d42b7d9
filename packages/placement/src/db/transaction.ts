// Write transactions that serialise on provider rows: row locks on PostgreSQL and MariaDB, the one writer on SQLite.
import { type DialectName, inWriteTransaction as inCoreWriteTransaction } from '@nubo/core';
import type { Transaction } from 'kysely';
import { ProviderConcurrentUpdate } from '../errors.js';
import type { PlacementDb, PlacementTables, ResourceProviderRow } from './tables.js';

/** An open transaction on the Placement tables. */
export type PlacementTransaction = Transaction<PlacementTables>;

/** Runs `work` in one write transaction on the Placement tables (see @nubo/core's inWriteTransaction). */
export function inWriteTransaction<T>(
  db: PlacementDb,
  dialect: DialectName,
  work: (trx: PlacementTransaction) => Promise<T>,
): Promise<T> {
  return inCoreWriteTransaction(db, dialect, work);
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
