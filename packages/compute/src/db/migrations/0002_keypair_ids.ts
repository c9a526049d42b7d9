// Key pairs get Nova's integer id (GET /os-keypairs/{name} shows it, and Tempest's schema requires an integer).
// Assigned by the code (max + 1), like the other integer ids of 0001; existing rows are numbered here.
import type { Kysely, Migration } from 'kysely';

export const keypairIds: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema builder
  async up(db: Kysely<any>) {
    await db.schema.alterTable('compute_keypairs').addColumn('id', 'integer').execute();
    const rows = await db.selectFrom('compute_keypairs').select(['user_id', 'name']).orderBy('created_at').execute();
    let id = 0;
    for (const row of rows as { user_id: string; name: string }[]) {
      id += 1;
      await db
        .updateTable('compute_keypairs')
        .set({ id })
        .where('user_id', '=', row.user_id)
        .where('name', '=', row.name)
        .execute();
    }
  },
};
