// The first Identity schema: every table of tables.ts, portable across SQLite, PostgreSQL and MariaDB.
import type { Kysely, Migration } from 'kysely';

const id = 'varchar(64)';
const name = 'varchar(255)';

export const initial: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema builder
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('identity_domains')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('name', name, (c) => c.notNull().unique())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('extra', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('identity_projects')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('name', name, (c) => c.notNull())
      .addColumn('domain_id', id, (c) => c.notNull())
      .addColumn('parent_id', id)
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('extra', 'text', (c) => c.notNull())
      .addUniqueConstraint('identity_projects_domain_name', ['domain_id', 'name'])
      .execute();
    await db.schema.createIndex('identity_projects_parent').on('identity_projects').column('parent_id').execute();
    await db.schema
      .createTable('identity_project_tags')
      .addColumn('project_id', id, (c) => c.notNull())
      .addColumn('name', name, (c) => c.notNull())
      .addPrimaryKeyConstraint('identity_project_tags_pk', ['project_id', 'name'])
      .execute();
    await db.schema
      .createTable('identity_users')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('name', name, (c) => c.notNull())
      .addColumn('domain_id', id, (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('default_project_id', id)
      .addColumn('password_hash', 'varchar(128)')
      .addColumn('password_created_at', 'varchar(32)')
      .addColumn('password_expires_at', 'varchar(32)')
      .addColumn('extra', 'text', (c) => c.notNull())
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addUniqueConstraint('identity_users_domain_name', ['domain_id', 'name'])
      .execute();
    await db.schema
      .createTable('identity_groups')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('name', name, (c) => c.notNull())
      .addColumn('domain_id', id, (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('extra', 'text', (c) => c.notNull())
      .addUniqueConstraint('identity_groups_domain_name', ['domain_id', 'name'])
      .execute();
    await db.schema
      .createTable('identity_memberships')
      .addColumn('user_id', id, (c) => c.notNull())
      .addColumn('group_id', id, (c) => c.notNull())
      .addPrimaryKeyConstraint('identity_memberships_pk', ['user_id', 'group_id'])
      .execute();
    await db.schema.createIndex('identity_memberships_group').on('identity_memberships').column('group_id').execute();
    await db.schema
      .createTable('identity_roles')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('name', name, (c) => c.notNull())
      .addColumn('domain_id', id, (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('extra', 'text', (c) => c.notNull())
      .addUniqueConstraint('identity_roles_name_domain', ['name', 'domain_id'])
      .execute();
    await db.schema
      .createTable('identity_implied_roles')
      .addColumn('prior_role_id', id, (c) => c.notNull())
      .addColumn('implied_role_id', id, (c) => c.notNull())
      .addPrimaryKeyConstraint('identity_implied_roles_pk', ['prior_role_id', 'implied_role_id'])
      .execute();
    await db.schema
      .createTable('identity_assignments')
      .addColumn('type', 'varchar(16)', (c) => c.notNull())
      .addColumn('actor_id', id, (c) => c.notNull())
      .addColumn('target_id', id, (c) => c.notNull())
      .addColumn('role_id', id, (c) => c.notNull())
      .addColumn('inherited', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('identity_assignments_pk', ['type', 'actor_id', 'target_id', 'role_id', 'inherited'])
      .execute();
    await db.schema.createIndex('identity_assignments_actor').on('identity_assignments').column('actor_id').execute();
    await db.schema.createIndex('identity_assignments_target').on('identity_assignments').column('target_id').execute();
    await db.schema.createIndex('identity_assignments_role').on('identity_assignments').column('role_id').execute();
    await db.schema
      .createTable('identity_regions')
      .addColumn('id', name, (c) => c.primaryKey())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('parent_region_id', name)
      .addColumn('extra', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('identity_services')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('type', name, (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('extra', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('identity_endpoints')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('service_id', id, (c) => c.notNull())
      .addColumn('interface', 'varchar(8)', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('region_id', name)
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('extra', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('identity_app_credentials')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('name', name, (c) => c.notNull())
      .addColumn('user_id', id, (c) => c.notNull())
      .addColumn('project_id', id)
      .addColumn('secret_hash', 'varchar(128)', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'varchar(32)')
      .addColumn('unrestricted', 'integer', (c) => c.notNull())
      .addColumn('system', 'varchar(16)')
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addUniqueConstraint('identity_app_credentials_user_name', ['user_id', 'name'])
      .execute();
    await db.schema
      .createTable('identity_app_credential_roles')
      .addColumn('application_credential_id', id, (c) => c.notNull())
      .addColumn('role_id', id, (c) => c.notNull())
      .addPrimaryKeyConstraint('identity_app_credential_roles_pk', ['application_credential_id', 'role_id'])
      .execute();
    await db.schema
      .createTable('identity_revocation_events')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('user_id', id)
      .addColumn('project_id', id)
      .addColumn('domain_id', id)
      .addColumn('audit_id', 'varchar(32)')
      .addColumn('issued_before', 'varchar(32)', (c) => c.notNull())
      .addColumn('revoked_at', 'varchar(32)', (c) => c.notNull())
      .execute();
  },
};
