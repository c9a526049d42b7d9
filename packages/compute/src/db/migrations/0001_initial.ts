// The first Compute schema: every table of tables.ts, portable across SQLite, PostgreSQL and MariaDB.
// Integer ids (aggregates, services, nodes) are assigned by the code (max + 1 in the inserting transaction), since
// auto-increment is spelled differently on each engine and these tables are small.
import type { Kysely, Migration } from 'kysely';

const uuid = 'varchar(36)';
const id64 = 'varchar(64)';
const name = 'varchar(255)';
const time = 'varchar(32)';

export const initial: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema builder
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('compute_flavors')
      .addColumn('id', name, (c) => c.primaryKey())
      .addColumn('name', name, (c) => c.notNull().unique())
      .addColumn('vcpus', 'integer', (c) => c.notNull())
      .addColumn('ram', 'integer', (c) => c.notNull())
      .addColumn('disk', 'integer', (c) => c.notNull())
      .addColumn('ephemeral', 'integer', (c) => c.notNull())
      .addColumn('swap', 'integer', (c) => c.notNull())
      .addColumn('rxtx_factor', 'double precision', (c) => c.notNull())
      .addColumn('is_public', 'integer', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('disabled', 'integer', (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('compute_flavor_extra_specs')
      .addColumn('flavor_id', name, (c) => c.notNull())
      .addColumn('key', name, (c) => c.notNull())
      .addColumn('value', name, (c) => c.notNull())
      .addPrimaryKeyConstraint('compute_flavor_extra_specs_pk', ['flavor_id', 'key'])
      .execute();
    await db.schema
      .createTable('compute_flavor_access')
      .addColumn('flavor_id', name, (c) => c.notNull())
      .addColumn('project_id', id64, (c) => c.notNull())
      .addPrimaryKeyConstraint('compute_flavor_access_pk', ['flavor_id', 'project_id'])
      .execute();
    await db.schema
      .createTable('compute_keypairs')
      .addColumn('user_id', id64, (c) => c.notNull())
      .addColumn('name', name, (c) => c.notNull())
      .addColumn('type', 'varchar(8)', (c) => c.notNull())
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('fingerprint', name, (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .addPrimaryKeyConstraint('compute_keypairs_pk', ['user_id', 'name'])
      .execute();
    await db.schema
      .createTable('compute_instances')
      .addColumn('id', uuid, (c) => c.primaryKey())
      .addColumn('name', name, (c) => c.notNull())
      .addColumn('project_id', id64, (c) => c.notNull())
      .addColumn('user_id', id64, (c) => c.notNull())
      .addColumn('flavor', 'text', (c) => c.notNull())
      .addColumn('old_flavor', 'text')
      .addColumn('image_id', uuid)
      .addColumn('key_name', name)
      .addColumn('key_data', 'text')
      .addColumn('vm_state', 'varchar(32)', (c) => c.notNull())
      .addColumn('task_state', 'varchar(32)')
      .addColumn('power_state', 'integer', (c) => c.notNull())
      .addColumn('host', name)
      .addColumn('node', name)
      .addColumn('requested_az', name)
      .addColumn('availability_zone', name)
      .addColumn('user_data', 'text')
      .addColumn('config_drive', 'varchar(16)', (c) => c.notNull())
      .addColumn('access_ip_v4', 'varchar(39)')
      .addColumn('access_ip_v6', 'varchar(39)')
      .addColumn('description', 'text')
      .addColumn('hostname', name, (c) => c.notNull())
      .addColumn('locked', 'integer', (c) => c.notNull())
      .addColumn('locked_reason', 'text')
      .addColumn('locked_by', 'varchar(16)')
      .addColumn('reservation_id', id64, (c) => c.notNull())
      .addColumn('launch_index', 'integer', (c) => c.notNull())
      .addColumn('progress', 'integer', (c) => c.notNull())
      .addColumn('fault', 'text')
      .addColumn('driver_state', 'text')
      .addColumn('request_spec', 'text', (c) => c.notNull())
      .addColumn('launched_at', time)
      .addColumn('terminated_at', time)
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time, (c) => c.notNull())
      .addColumn('deleted', 'integer', (c) => c.notNull())
      .addColumn('deleted_at', time)
      .execute();
    await db.schema
      .createIndex('compute_instances_project')
      .on('compute_instances')
      .columns(['project_id', 'deleted'])
      .execute();
    await db.schema.createIndex('compute_instances_host').on('compute_instances').column('host').execute();
    await db.schema
      .createIndex('compute_instances_created')
      .on('compute_instances')
      .columns(['created_at', 'id'])
      .execute();
    await db.schema
      .createTable('compute_instance_metadata')
      .addColumn('instance_id', uuid, (c) => c.notNull())
      .addColumn('key', name, (c) => c.notNull())
      .addColumn('value', name, (c) => c.notNull())
      .addPrimaryKeyConstraint('compute_instance_metadata_pk', ['instance_id', 'key'])
      .execute();
    await db.schema
      .createTable('compute_instance_tags')
      .addColumn('instance_id', uuid, (c) => c.notNull())
      .addColumn('tag', 'varchar(60)', (c) => c.notNull())
      .addPrimaryKeyConstraint('compute_instance_tags_pk', ['instance_id', 'tag'])
      .execute();
    await db.schema
      .createTable('compute_tasks')
      .addColumn('id', uuid, (c) => c.primaryKey())
      .addColumn('instance_id', uuid, (c) => c.notNull())
      .addColumn('kind', 'varchar(32)', (c) => c.notNull())
      .addColumn('params', 'text', (c) => c.notNull())
      .addColumn('state', 'varchar(16)', (c) => c.notNull())
      .addColumn('host', name)
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('request_id', 'varchar(64)')
      .addColumn('message', 'text')
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('compute_tasks_state').on('compute_tasks').columns(['state', 'host']).execute();
    await db.schema.createIndex('compute_tasks_instance').on('compute_tasks').column('instance_id').execute();
    await db.schema
      .createTable('compute_instance_actions')
      .addColumn('id', uuid, (c) => c.primaryKey())
      .addColumn('instance_id', uuid, (c) => c.notNull())
      .addColumn('action', 'varchar(32)', (c) => c.notNull())
      .addColumn('request_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('user_id', id64, (c) => c.notNull())
      .addColumn('project_id', id64, (c) => c.notNull())
      .addColumn('start_time', time, (c) => c.notNull())
      .addColumn('finish_time', time)
      .addColumn('message', 'text')
      .execute();
    await db.schema
      .createIndex('compute_instance_actions_instance')
      .on('compute_instance_actions')
      .column('instance_id')
      .execute();
    await db.schema
      .createTable('compute_server_groups')
      .addColumn('id', uuid, (c) => c.primaryKey())
      .addColumn('name', name, (c) => c.notNull())
      .addColumn('policy', 'varchar(32)', (c) => c.notNull())
      .addColumn('rules', 'text', (c) => c.notNull())
      .addColumn('project_id', id64, (c) => c.notNull())
      .addColumn('user_id', id64, (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('compute_server_group_members')
      .addColumn('group_id', uuid, (c) => c.notNull())
      .addColumn('instance_id', uuid, (c) => c.notNull())
      .addPrimaryKeyConstraint('compute_server_group_members_pk', ['group_id', 'instance_id'])
      .execute();
    await db.schema
      .createTable('compute_aggregates')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('uuid', uuid, (c) => c.notNull().unique())
      .addColumn('name', name, (c) => c.notNull().unique())
      .addColumn('availability_zone', name)
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time)
      .execute();
    await db.schema
      .createTable('compute_aggregate_hosts')
      .addColumn('aggregate_id', 'integer', (c) => c.notNull())
      .addColumn('host', name, (c) => c.notNull())
      .addPrimaryKeyConstraint('compute_aggregate_hosts_pk', ['aggregate_id', 'host'])
      .execute();
    await db.schema
      .createTable('compute_aggregate_metadata')
      .addColumn('aggregate_id', 'integer', (c) => c.notNull())
      .addColumn('key', name, (c) => c.notNull())
      .addColumn('value', name, (c) => c.notNull())
      .addPrimaryKeyConstraint('compute_aggregate_metadata_pk', ['aggregate_id', 'key'])
      .execute();
    await db.schema
      .createTable('compute_services')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('uuid', uuid, (c) => c.notNull().unique())
      .addColumn('host', name, (c) => c.notNull())
      .addColumn('binary', 'varchar(64)', (c) => c.notNull())
      .addColumn('topic', 'varchar(64)', (c) => c.notNull())
      .addColumn('disabled', 'integer', (c) => c.notNull())
      .addColumn('disabled_reason', name)
      .addColumn('forced_down', 'integer', (c) => c.notNull())
      .addColumn('last_seen_up', time)
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time)
      .addUniqueConstraint('compute_services_host_binary', ['host', 'binary'])
      .execute();
    await db.schema
      .createTable('compute_nodes')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('uuid', uuid, (c) => c.notNull().unique())
      .addColumn('host', name, (c) => c.notNull())
      .addColumn('hypervisor_hostname', name, (c) => c.notNull().unique())
      .addColumn('hypervisor_type', 'varchar(32)', (c) => c.notNull())
      .addColumn('vcpus', 'integer', (c) => c.notNull())
      .addColumn('memory_mb', 'integer', (c) => c.notNull())
      .addColumn('local_gb', 'integer', (c) => c.notNull())
      .addColumn('cpu_allocation_ratio', 'double precision', (c) => c.notNull())
      .addColumn('ram_allocation_ratio', 'double precision', (c) => c.notNull())
      .addColumn('disk_allocation_ratio', 'double precision', (c) => c.notNull())
      .addColumn('traits', 'text', (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time)
      .execute();
    await db.schema
      .createTable('compute_quotas')
      .addColumn('project_id', id64, (c) => c.notNull())
      .addColumn('resource', 'varchar(64)', (c) => c.notNull())
      .addColumn('hard_limit', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('compute_quotas_pk', ['project_id', 'resource'])
      .execute();
  },
};
