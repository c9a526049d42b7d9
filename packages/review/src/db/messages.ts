// Queries on review_messages: the messages on a change (Gerrit's ChangeMessage).
import type { MessageRow, ReviewDb } from './tables.js';

/** The messages on these changes, oldest first. */
export function listMessages(db: ReviewDb, changeNumbers: number[]): Promise<MessageRow[]> {
  if (changeNumbers.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('review_messages')
    .selectAll()
    .where('change_number', 'in', [...new Set(changeNumbers)])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Adds a message. */
export async function insertMessage(db: ReviewDb, row: MessageRow): Promise<void> {
  await db.insertInto('review_messages').values(row).execute();
}

/** Removes every message of a change (to undo a failed upload). */
export async function deleteMessages(db: ReviewDb, changeNumber: number): Promise<void> {
  await db.deleteFrom('review_messages').where('change_number', '=', changeNumber).execute();
}
