// The first Image schema: every table of tables.ts, portable across SQLite, PostgreSQL and MariaDB.
import type { Kysely, Migration } from 'kysely';

const imageId = 'varchar(36)';
const ts = 'varchar(32)';

/** Creates image_images, image_properties, image_tags and image_members. */
export const initial: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema builder
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('image_images')
      .addColumn('id', imageId, (c) => c.primaryKey())
      .addColumn('name', 'varchar(255)')
      .addColumn('status', 'varchar(30)', (c) => c.notNull())
      .addColumn('visibility', 'varchar(20)', (c) => c.notNull())
      .addColumn('owner', 'varchar(255)')
      .addColumn('size', 'bigint')
      .addColumn('virtual_size', 'bigint')
      .addColumn('disk_format', 'varchar(20)')
      .addColumn('container_format', 'varchar(20)')
      .addColumn('checksum', 'varchar(32)')
      .addColumn('os_hash_algo', 'varchar(64)')
      .addColumn('os_hash_value', 'varchar(128)')
      .addColumn('min_disk', 'integer', (c) => c.notNull())
      .addColumn('min_ram', 'integer', (c) => c.notNull())
      .addColumn('protected', 'integer', (c) => c.notNull())
      .addColumn('os_hidden', 'integer', (c) => c.notNull())
      .addColumn('location', 'text')
      .addColumn('store', 'varchar(255)')
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .addColumn('deleted_at', ts)
      .addColumn('deleted', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('image_images_owner').on('image_images').columns(['owner', 'deleted']).execute();
    await db.schema
      .createIndex('image_images_visibility')
      .on('image_images')
      .columns(['visibility', 'deleted'])
      .execute();
    await db.schema
      .createTable('image_properties')
      .addColumn('image_id', imageId, (c) => c.notNull())
      .addColumn('name', 'varchar(255)', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('image_properties_pk', ['image_id', 'name'])
      .execute();
    await db.schema
      .createTable('image_tags')
      .addColumn('image_id', imageId, (c) => c.notNull())
      .addColumn('value', 'varchar(255)', (c) => c.notNull())
      .addPrimaryKeyConstraint('image_tags_pk', ['image_id', 'value'])
      .execute();
    await db.schema
      .createTable('image_members')
      .addColumn('image_id', imageId, (c) => c.notNull())
      .addColumn('member', 'varchar(255)', (c) => c.notNull())
      .addColumn('status', 'varchar(20)', (c) => c.notNull())
      .addColumn('created_at', ts, (c) => c.notNull())
      .addColumn('updated_at', ts, (c) => c.notNull())
      .addPrimaryKeyConstraint('image_members_pk', ['image_id', 'member'])
      .execute();
    await db.schema.createIndex('image_members_member').on('image_members').column('member').execute();
  },
};
