// The first review schema: every table of tables.ts, portable across SQLite, PostgreSQL and MariaDB.
import type { Kysely, Migration } from 'kysely';

const name = 'varchar(255)';
const time = 'varchar(32)';

/** Creates every review table. */
export const initial: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema builder
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('review_projects')
      .addColumn('name', name, (c) => c.primaryKey())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('state', 'varchar(16)', (c) => c.notNull())
      .addColumn('submit_type', 'varchar(32)', (c) => c.notNull())
      .addColumn('parent', name)
      .addColumn('created_at', time, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('review_accounts')
      .addColumn('account_id', 'integer', (c) => c.primaryKey())
      .addColumn('user_id', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('username', name, (c) => c.notNull())
      .addColumn('email', name)
      .addColumn('created_at', time, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('review_accounts_username').on('review_accounts').column('username').execute();
    await db.schema
      .createTable('review_changes')
      .addColumn('number', 'integer', (c) => c.primaryKey())
      .addColumn('change_key', 'varchar(64)', (c) => c.notNull())
      .addColumn('project', name, (c) => c.notNull())
      .addColumn('branch', name, (c) => c.notNull())
      .addColumn('topic', name)
      .addColumn('owner_account_id', 'integer', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('current_patch_set', 'integer', (c) => c.notNull())
      .addColumn('work_in_progress', 'integer', (c) => c.notNull())
      .addColumn('depends_on', 'text', (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time, (c) => c.notNull())
      .addColumn('submitted_at', time)
      .addColumn('submitter_account_id', 'integer')
      .addUniqueConstraint('review_changes_key', ['project', 'branch', 'change_key'])
      .execute();
    await db.schema
      .createIndex('review_changes_status')
      .on('review_changes')
      .columns(['status', 'updated_at'])
      .execute();
    await db.schema.createIndex('review_changes_change_key').on('review_changes').column('change_key').execute();
    await db.schema
      .createTable('review_patch_sets')
      .addColumn('change_number', 'integer', (c) => c.notNull())
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('revision', 'varchar(64)', (c) => c.notNull())
      .addColumn('ref', name, (c) => c.notNull())
      .addColumn('uploader_account_id', 'integer', (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('kind', 'varchar(32)', (c) => c.notNull())
      .addColumn('commit_json', 'text', (c) => c.notNull())
      .addColumn('insertions', 'integer', (c) => c.notNull())
      .addColumn('deletions', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('review_patch_sets_pk', ['change_number', 'number'])
      .execute();
    await db.schema.createIndex('review_patch_sets_revision').on('review_patch_sets').column('revision').execute();
    await db.schema
      .createTable('review_approvals')
      .addColumn('change_number', 'integer', (c) => c.notNull())
      .addColumn('patch_set', 'integer', (c) => c.notNull())
      .addColumn('label', 'varchar(64)', (c) => c.notNull())
      .addColumn('account_id', 'integer', (c) => c.notNull())
      .addColumn('value', 'integer', (c) => c.notNull())
      .addColumn('granted_at', time, (c) => c.notNull())
      .addColumn('tag', name)
      .addColumn('copied', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('review_approvals_pk', ['change_number', 'patch_set', 'label', 'account_id'])
      .execute();
    await db.schema
      .createTable('review_messages')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('change_number', 'integer', (c) => c.notNull())
      .addColumn('patch_set', 'integer')
      .addColumn('author_account_id', 'integer')
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('tag', name)
      .addColumn('created_at', time, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('review_messages_change').on('review_messages').column('change_number').execute();
    await db.schema
      .createTable('review_webhooks')
      .addColumn('project', name, (c) => c.notNull())
      .addColumn('name', name, (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('events', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('review_webhooks_pk', ['project', 'name'])
      .execute();
  },
};
