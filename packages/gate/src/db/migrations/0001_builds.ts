// The first builds schema: every table of tables.ts, portable across SQLite, PostgreSQL and MariaDB.
import type { Kysely, Migration } from 'kysely';

const name = 'varchar(255)';
const uuid = 'varchar(64)';
const time = 'varchar(32)';

/** Creates the buildsets, builds, artifacts and buildset events tables. */
export const builds: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema builder
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('gate_buildsets')
      .addColumn('uuid', uuid, (c) => c.primaryKey())
      .addColumn('tenant', name, (c) => c.notNull())
      .addColumn('pipeline', name, (c) => c.notNull())
      .addColumn('project', name, (c) => c.notNull())
      .addColumn('branch', name, (c) => c.notNull())
      .addColumn('change', 'integer')
      .addColumn('patchset', 'integer')
      .addColumn('ref', name, (c) => c.notNull())
      .addColumn('newrev', uuid)
      .addColumn('event_id', uuid)
      .addColumn('result', 'varchar(32)')
      .addColumn('message', 'text')
      .addColumn('first_build_start', time)
      .addColumn('last_build_end', time)
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('gate_buildsets_tenant_project')
      .on('gate_buildsets')
      .columns(['tenant', 'project', 'created_at'])
      .execute();
    await db.schema.createIndex('gate_buildsets_change').on('gate_buildsets').columns(['change', 'patchset']).execute();
    await db.schema
      .createTable('gate_builds')
      .addColumn('uuid', uuid, (c) => c.primaryKey())
      .addColumn('buildset_uuid', uuid, (c) => c.notNull())
      .addColumn('job_name', name, (c) => c.notNull())
      .addColumn('result', 'varchar(32)')
      .addColumn('voting', 'integer', (c) => c.notNull())
      .addColumn('nodes', 'text', (c) => c.notNull())
      .addColumn('start_time', time, (c) => c.notNull())
      .addColumn('end_time', time)
      .addColumn('duration_ms', 'integer')
      .addColumn('log_url', 'text')
      .addColumn('error_detail', 'text')
      .addColumn('final', 'integer', (c) => c.notNull())
      .addColumn('held', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('gate_builds_buildset').on('gate_builds').column('buildset_uuid').execute();
    await db.schema
      .createIndex('gate_builds_job')
      .on('gate_builds')
      .columns(['job_name', 'result', 'end_time'])
      .execute();
    await db.schema
      .createTable('gate_artifacts')
      .addColumn('build_uuid', uuid, (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('name', name, (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('metadata', 'text')
      .addPrimaryKeyConstraint('gate_artifacts_pk', ['build_uuid', 'position'])
      .execute();
    await db.schema
      .createTable('gate_buildset_events')
      .addColumn('id', uuid, (c) => c.primaryKey())
      .addColumn('buildset_uuid', uuid, (c) => c.notNull())
      .addColumn('event_type', 'varchar(64)', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('event_time', time, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('gate_buildset_events_buildset')
      .on('gate_buildset_events')
      .column('buildset_uuid')
      .execute();
  },
};
