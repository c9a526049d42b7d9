// Queries on review_accounts.
import type { AccountRow, ReviewDb } from './tables.js';

/** Gerrit numbers accounts from 1000000. */
export const FIRST_ACCOUNT_ID = 1000000;

/** The account of a Keystone user. */
export function findAccountByUser(db: ReviewDb, userId: string): Promise<AccountRow | undefined> {
  return db.selectFrom('review_accounts').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** The accounts of these ids. */
export function listAccounts(db: ReviewDb, ids: number[]): Promise<AccountRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('review_accounts')
    .selectAll()
    .where('account_id', 'in', [...new Set(ids)])
    .execute();
}

/** Accounts whose id, username or email is `text` (owner:, label:…,user= operands). */
export function findAccountsMatching(db: ReviewDb, text: string): Promise<AccountRow[]> {
  const id = /^\d+$/.test(text) ? Number(text) : -1;
  return db
    .selectFrom('review_accounts')
    .selectAll()
    .where((eb) => eb.or([eb('account_id', '=', id), eb('username', '=', text), eb('email', '=', text)]))
    .execute();
}

/** The next account id: one more than the highest, and at least FIRST_ACCOUNT_ID. */
export async function nextAccountId(db: ReviewDb): Promise<number> {
  const row = await db
    .selectFrom('review_accounts')
    .select((eb) => eb.fn.max('account_id').as('max'))
    .executeTakeFirst();
  const max = Number(row?.max ?? 0);
  return Math.max(max + 1, FIRST_ACCOUNT_ID);
}

/** Adds an account (a duplicate user or id is a unique violation). */
export async function insertAccount(db: ReviewDb, row: AccountRow): Promise<void> {
  await db.insertInto('review_accounts').values(row).execute();
}

/** Updates the username or email of an account. */
export async function updateAccount(
  db: ReviewDb,
  accountId: number,
  values: Partial<Pick<AccountRow, 'username' | 'email'>>,
): Promise<void> {
  await db.updateTable('review_accounts').set(values).where('account_id', '=', accountId).execute();
}
