// The first Neutron schema: every table of tables.ts, portable across SQLite, PostgreSQL and MariaDB.
import type { CreateTableBuilder, Kysely, Migration } from 'kysely';

const uuid = 'varchar(36)';
const name = 'varchar(255)';
const stamp = 'varchar(32)';
const text = 'text';
const ip = 'varchar(64)';

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema builder
type Table = CreateTableBuilder<any, any>;

/** The standard attributes (id, project, name, description, tags, revision, timestamps). */
function standard(table: Table, options: { name?: boolean; tags?: boolean } = {}): Table {
  let t = table
    .addColumn('id', uuid, (c) => c.primaryKey())
    .addColumn('project_id', name, (c) => c.notNull())
    .addColumn('description', name, (c) => c.notNull());
  if (options.name !== false) t = t.addColumn('name', name, (c) => c.notNull());
  if (options.tags !== false) t = t.addColumn('tags', text, (c) => c.notNull());
  return t
    .addColumn('revision_number', 'integer', (c) => c.notNull())
    .addColumn('created_at', stamp, (c) => c.notNull())
    .addColumn('updated_at', stamp, (c) => c.notNull());
}

/** Creates every table of tables.ts. */
export const initial: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are written against the untyped schema builder
  async up(db: Kysely<any>) {
    await standard(db.schema.createTable('neutron_networks'))
      .addColumn('admin_state_up', 'integer', (c) => c.notNull())
      .addColumn('shared', 'integer', (c) => c.notNull())
      .addColumn('external', 'integer', (c) => c.notNull())
      .addColumn('mtu', 'integer', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('port_security_enabled', 'integer', (c) => c.notNull())
      .addColumn('provider_network_type', 'varchar(32)', (c) => c.notNull())
      .addColumn('provider_physical_network', 'varchar(64)')
      .addColumn('provider_segmentation_id', 'integer')
      .execute();
    await db.schema.createIndex('neutron_networks_project').on('neutron_networks').column('project_id').execute();

    await standard(db.schema.createTable('neutron_subnets'))
      .addColumn('network_id', uuid, (c) => c.notNull().references('neutron_networks.id'))
      .addColumn('ip_version', 'integer', (c) => c.notNull())
      .addColumn('cidr', ip, (c) => c.notNull())
      .addColumn('gateway_ip', ip)
      .addColumn('enable_dhcp', 'integer', (c) => c.notNull())
      .addColumn('allocation_pools', text, (c) => c.notNull())
      .addColumn('dns_nameservers', text, (c) => c.notNull())
      .addColumn('host_routes', text, (c) => c.notNull())
      .addColumn('ipv6_ra_mode', 'varchar(16)')
      .addColumn('ipv6_address_mode', 'varchar(16)')
      .execute();
    await db.schema.createIndex('neutron_subnets_network').on('neutron_subnets').column('network_id').execute();

    await standard(db.schema.createTable('neutron_ports'))
      .addColumn('network_id', uuid, (c) => c.notNull().references('neutron_networks.id'))
      .addColumn('mac_address', 'varchar(32)', (c) => c.notNull())
      .addColumn('admin_state_up', 'integer', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('device_id', name, (c) => c.notNull())
      .addColumn('device_owner', name, (c) => c.notNull())
      .addColumn('allowed_address_pairs', text, (c) => c.notNull())
      .addColumn('port_security_enabled', 'integer', (c) => c.notNull())
      .addColumn('binding_host_id', name, (c) => c.notNull())
      .addColumn('binding_vnic_type', 'varchar(64)', (c) => c.notNull())
      .addColumn('binding_vif_type', 'varchar(64)', (c) => c.notNull())
      .addColumn('binding_profile', text, (c) => c.notNull())
      .addColumn('binding_vif_details', text, (c) => c.notNull())
      // Neutron's uniq_ports0network_id0mac_address.
      .addUniqueConstraint('neutron_ports_network_mac', ['network_id', 'mac_address'])
      .execute();
    await db.schema.createIndex('neutron_ports_device').on('neutron_ports').column('device_id').execute();
    await db.schema.createIndex('neutron_ports_host').on('neutron_ports').column('binding_host_id').execute();

    await db.schema
      .createTable('neutron_ip_allocations')
      .addColumn('subnet_id', uuid, (c) => c.notNull())
      .addColumn('ip_address', ip, (c) => c.notNull())
      .addColumn('network_id', uuid, (c) => c.notNull())
      .addColumn('port_id', uuid, (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('neutron_ip_allocations_pk', ['subnet_id', 'ip_address'])
      .execute();
    await db.schema.createIndex('neutron_ip_allocations_port').on('neutron_ip_allocations').column('port_id').execute();

    await db.schema
      .createTable('neutron_port_security_groups')
      .addColumn('port_id', uuid, (c) => c.notNull())
      .addColumn('security_group_id', uuid, (c) => c.notNull())
      .addPrimaryKeyConstraint('neutron_port_security_groups_pk', ['port_id', 'security_group_id'])
      .execute();
    await db.schema
      .createIndex('neutron_port_security_groups_group')
      .on('neutron_port_security_groups')
      .column('security_group_id')
      .execute();

    await standard(db.schema.createTable('neutron_routers'))
      .addColumn('admin_state_up', 'integer', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('gw_network_id', uuid)
      .addColumn('gw_port_id', uuid)
      .addColumn('enable_snat', 'integer', (c) => c.notNull())
      .execute();

    await standard(db.schema.createTable('neutron_floating_ips'), { name: false })
      .addColumn('floating_network_id', uuid, (c) => c.notNull())
      .addColumn('floating_ip_address', ip, (c) => c.notNull())
      .addColumn('floating_port_id', uuid, (c) => c.notNull())
      .addColumn('port_id', uuid)
      .addColumn('fixed_ip_address', ip)
      .addColumn('router_id', uuid)
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      // One floating IP per fixed address of a port (Neutron's uniq_floatingips0floatingnetworkid0fixedport…).
      .addUniqueConstraint('neutron_floating_ips_fixed', ['floating_network_id', 'port_id', 'fixed_ip_address'])
      .execute();

    await standard(db.schema.createTable('neutron_security_groups'))
      .addColumn('stateful', 'integer', (c) => c.notNull())
      .execute();
    await standard(db.schema.createTable('neutron_security_group_rules'), { name: false, tags: false })
      .addColumn('security_group_id', uuid, (c) => c.notNull())
      .addColumn('direction', 'varchar(8)', (c) => c.notNull())
      .addColumn('ethertype', 'varchar(8)', (c) => c.notNull())
      .addColumn('protocol', 'varchar(40)')
      .addColumn('port_range_min', 'integer')
      .addColumn('port_range_max', 'integer')
      .addColumn('remote_ip_prefix', ip)
      .addColumn('remote_group_id', uuid)
      .execute();
    await db.schema
      .createIndex('neutron_sg_rules_group')
      .on('neutron_security_group_rules')
      .column('security_group_id')
      .execute();
    await db.schema
      .createTable('neutron_default_security_groups')
      .addColumn('project_id', name, (c) => c.primaryKey())
      .addColumn('security_group_id', uuid, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('neutron_quotas')
      .addColumn('project_id', name, (c) => c.notNull())
      .addColumn('resource', 'varchar(64)', (c) => c.notNull())
      .addColumn('hard_limit', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('neutron_quotas_pk', ['project_id', 'resource'])
      .execute();
  },
};
