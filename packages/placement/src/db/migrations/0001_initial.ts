// The first Placement schema: every table of tables.ts, portable across SQLite, PostgreSQL and MariaDB.
import type { Kysely, Migration } from 'kysely';

const uuid = 'varchar(36)';
const name = 'varchar(255)';
const stamp = 'varchar(32)';

/** Creates every table of tables.ts. */
export const initial: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema builder
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('placement_resource_providers')
      .addColumn('uuid', uuid, (c) => c.primaryKey())
      // Placement's schema caps a provider name at 200 characters.
      .addColumn('name', 'varchar(200)', (c) => c.notNull().unique())
      .addColumn('generation', 'integer', (c) => c.notNull())
      .addColumn('parent_provider_uuid', uuid)
      .addColumn('root_provider_uuid', uuid, (c) => c.notNull())
      .addColumn('created_at', stamp, (c) => c.notNull())
      .addColumn('updated_at', stamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('placement_rp_parent')
      .on('placement_resource_providers')
      .column('parent_provider_uuid')
      .execute();
    await db.schema
      .createIndex('placement_rp_root')
      .on('placement_resource_providers')
      .column('root_provider_uuid')
      .execute();
    await db.schema
      .createTable('placement_inventories')
      .addColumn('resource_provider_uuid', uuid, (c) => c.notNull())
      .addColumn('resource_class', name, (c) => c.notNull())
      .addColumn('total', 'integer', (c) => c.notNull())
      .addColumn('reserved', 'integer', (c) => c.notNull())
      .addColumn('min_unit', 'integer', (c) => c.notNull())
      .addColumn('max_unit', 'integer', (c) => c.notNull())
      .addColumn('step_size', 'integer', (c) => c.notNull())
      .addColumn('allocation_ratio', 'double precision', (c) => c.notNull())
      .addColumn('created_at', stamp, (c) => c.notNull())
      .addColumn('updated_at', stamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('placement_inventories_pk', ['resource_provider_uuid', 'resource_class'])
      .execute();
    await db.schema
      .createIndex('placement_inventories_class')
      .on('placement_inventories')
      .column('resource_class')
      .execute();
    await db.schema
      .createTable('placement_resource_classes')
      .addColumn('name', name, (c) => c.primaryKey())
      .addColumn('created_at', stamp, (c) => c.notNull())
      .addColumn('updated_at', stamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('placement_traits')
      .addColumn('name', name, (c) => c.primaryKey())
      .addColumn('created_at', stamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('placement_provider_traits')
      .addColumn('resource_provider_uuid', uuid, (c) => c.notNull())
      .addColumn('trait', name, (c) => c.notNull())
      .addPrimaryKeyConstraint('placement_provider_traits_pk', ['resource_provider_uuid', 'trait'])
      .execute();
    await db.schema
      .createIndex('placement_provider_traits_trait')
      .on('placement_provider_traits')
      .column('trait')
      .execute();
    await db.schema
      .createTable('placement_provider_aggregates')
      .addColumn('resource_provider_uuid', uuid, (c) => c.notNull())
      .addColumn('aggregate_uuid', uuid, (c) => c.notNull())
      .addPrimaryKeyConstraint('placement_provider_aggregates_pk', ['resource_provider_uuid', 'aggregate_uuid'])
      .execute();
    await db.schema
      .createIndex('placement_provider_aggregates_agg')
      .on('placement_provider_aggregates')
      .column('aggregate_uuid')
      .execute();
    await db.schema
      .createTable('placement_consumers')
      .addColumn('uuid', uuid, (c) => c.primaryKey())
      .addColumn('project_id', name, (c) => c.notNull())
      .addColumn('user_id', name, (c) => c.notNull())
      .addColumn('consumer_type', name)
      .addColumn('generation', 'integer', (c) => c.notNull())
      .addColumn('created_at', stamp, (c) => c.notNull())
      .addColumn('updated_at', stamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('placement_consumers_project').on('placement_consumers').column('project_id').execute();
    await db.schema
      .createTable('placement_allocations')
      .addColumn('consumer_uuid', uuid, (c) => c.notNull())
      .addColumn('resource_provider_uuid', uuid, (c) => c.notNull())
      .addColumn('resource_class', name, (c) => c.notNull())
      .addColumn('used', 'integer', (c) => c.notNull())
      .addColumn('created_at', stamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('placement_allocations_pk', [
        'consumer_uuid',
        'resource_provider_uuid',
        'resource_class',
      ])
      .execute();
    await db.schema
      .createIndex('placement_allocations_provider')
      .on('placement_allocations')
      .columns(['resource_provider_uuid', 'resource_class'])
      .execute();
  },
};
