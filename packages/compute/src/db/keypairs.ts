// Queries on compute_keypairs.
import type { ComputeDb, KeypairRow } from './tables.js';

export function findKeypair(db: ComputeDb, userId: string, name: string): Promise<KeypairRow | undefined> {
  return db
    .selectFrom('compute_keypairs')
    .selectAll()
    .where('user_id', '=', userId)
    .where('name', '=', name)
    .executeTakeFirst();
}

/** A user's key pairs by name, as Nova sorts them. */
export function listKeypairs(db: ComputeDb, userId: string): Promise<KeypairRow[]> {
  return db.selectFrom('compute_keypairs').selectAll().where('user_id', '=', userId).orderBy('name').execute();
}

export async function countKeypairs(db: ComputeDb, userId: string): Promise<number> {
  const row = await db
    .selectFrom('compute_keypairs')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Inserts a key pair with the next integer id (in one transaction, so two inserts do not share an id). */
export async function insertKeypair(db: ComputeDb, row: Omit<KeypairRow, 'id'>): Promise<KeypairRow> {
  return db.transaction().execute(async (trx) => {
    const max = await trx
      .selectFrom('compute_keypairs')
      .select((eb) => eb.fn.max<number | null>('id').as('id'))
      .executeTakeFirst();
    const inserted = { ...row, id: Number(max?.id ?? 0) + 1 };
    await trx.insertInto('compute_keypairs').values(inserted).execute();
    return inserted;
  });
}

/** Deletes a key pair; returns whether it existed. */
export async function deleteKeypair(db: ComputeDb, userId: string, name: string): Promise<boolean> {
  const result = await db
    .deleteFrom('compute_keypairs')
    .where('user_id', '=', userId)
    .where('name', '=', name)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
