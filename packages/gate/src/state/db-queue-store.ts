// The queue store over the shared database (SQLite, PostgreSQL, MariaDB): a pipeline's snapshot replaces its row.
import { fromDbJson, migrate, toDbJson } from '@nubo/core';
import type { Kysely } from 'kysely';
import { queueMigrations } from './migrations/index.js';
import type { PipelineSnapshot, QueueStore } from './queue-store.js';

interface QueueStateTable {
  tenant: string;
  pipeline: string;
  state: string;
  updated_at: string;
}

type QueueDb = Kysely<{ gate_queue_state: QueueStateTable }>;

/** Applies the queue-state migrations (package `gate_queue`). */
// biome-ignore lint/suspicious/noExplicitAny: the shared database is untyped until the gate narrows it
export async function migrateGateQueue(db: Kysely<any>): Promise<string[]> {
  return migrate(db, 'gate_queue', queueMigrations);
}

export class DbQueueStore implements QueueStore {
  private readonly db: QueueDb;

  // biome-ignore lint/suspicious/noExplicitAny: the shared database, narrowed here
  constructor(db: Kysely<any>) {
    this.db = db as QueueDb;
  }

  async save(tenant: string, pipeline: string, snapshot: PipelineSnapshot): Promise<void> {
    const row = { tenant, pipeline, state: toDbJson(snapshot), updated_at: new Date().toISOString() };
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('gate_queue_state').where('tenant', '=', tenant).where('pipeline', '=', pipeline).execute();
      await tx.insertInto('gate_queue_state').values(row).execute();
    });
  }

  async load(tenant: string): Promise<Map<string, PipelineSnapshot>> {
    const rows = await this.db.selectFrom('gate_queue_state').selectAll().where('tenant', '=', tenant).execute();
    return new Map(rows.map((r) => [r.pipeline, fromDbJson<PipelineSnapshot>(r.state, { queues: [] })]));
  }
}
