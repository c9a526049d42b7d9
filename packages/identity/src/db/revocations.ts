// Queries on identity_revocation_events.
import type { IdentityDb, RevocationEventRow } from './tables.js';

export async function insertRevocationEvent(db: IdentityDb, row: RevocationEventRow): Promise<void> {
  await db.insertInto('identity_revocation_events').values(row).execute();
}

export function listRevocationEvents(db: IdentityDb): Promise<RevocationEventRow[]> {
  return db.selectFrom('identity_revocation_events').selectAll().execute();
}

/** Events older than the longest token lifetime can match no live token. */
export async function pruneRevocationEvents(db: IdentityDb, revokedBefore: string): Promise<void> {
  await db.deleteFrom('identity_revocation_events').where('revoked_at', '<', revokedBefore).execute();
}
