// The scheduler's queue state: one row per tenant pipeline holding its queues and items (JSON), rewritten whenever
// they change, read back when the gate starts.
import type { Kysely, Migration } from 'kysely';

export const queueState: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema builder
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('gate_queue_state')
      .addColumn('tenant', 'varchar(255)', (c) => c.notNull())
      .addColumn('pipeline', 'varchar(255)', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
      .addPrimaryKeyConstraint('gate_queue_state_pk', ['tenant', 'pipeline'])
      .execute();
  },
  // biome-ignore lint/suspicious/noExplicitAny: see up
  async down(db: Kysely<any>) {
    await db.schema.dropTable('gate_queue_state').execute();
  },
};
