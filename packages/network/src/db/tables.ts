// The Neutron tables as Kysely sees them (booleans 0/1, lists and maps as JSON text, timestamps ISO text).
import type { Kysely, Transaction } from 'kysely';

/** Columns every Neutron resource with standard attributes has (standard-attr-* extensions). */
interface StandardColumns {
  id: string;
  project_id: string;
  name: string;
  description: string;
  /** JSON array of strings (standard-attr-tag). */
  tags: string;
  revision_number: number;
  created_at: string;
  updated_at: string;
}

/** A network; provider attributes are set by nubo, not by callers (read-only in this API). */
export interface NetworkRow extends StandardColumns {
  admin_state_up: number;
  shared: number;
  external: number;
  mtu: number;
  status: string;
  port_security_enabled: number;
  provider_network_type: string;
  provider_physical_network: string | null;
  provider_segmentation_id: number | null;
}

/** A subnet; `allocation_pools`, `dns_nameservers` and `host_routes` are JSON. */
export interface SubnetRow extends StandardColumns {
  network_id: string;
  ip_version: number;
  cidr: string;
  gateway_ip: string | null;
  enable_dhcp: number;
  allocation_pools: string;
  dns_nameservers: string;
  host_routes: string;
  ipv6_ra_mode: string | null;
  ipv6_address_mode: string | null;
}

/** A port; `binding_*` are the portbindings attributes the compute and network agents fill. */
export interface PortRow extends StandardColumns {
  network_id: string;
  mac_address: string;
  admin_state_up: number;
  status: string;
  device_id: string;
  device_owner: string;
  allowed_address_pairs: string;
  port_security_enabled: number;
  binding_host_id: string;
  binding_vnic_type: string;
  binding_vif_type: string;
  binding_profile: string;
  binding_vif_details: string;
}

/**
 * One address held by one port. The primary key (subnet_id, ip_address) is what makes IPAM race-safe: two writers
 * that pick the same free address cannot both insert it, on any of the three databases.
 */
export interface IpAllocationRow {
  subnet_id: string;
  ip_address: string;
  network_id: string;
  port_id: string;
  /** Position in the port's fixed_ips, so the order a caller gave survives. */
  position: number;
}

/** A security group a port is in. */
export interface PortSecurityGroupRow {
  port_id: string;
  security_group_id: string;
}

/** A router; its gateway is a port (device_owner network:router_gateway) whose id is `gw_port_id`. */
export interface RouterRow extends StandardColumns {
  admin_state_up: number;
  status: string;
  gw_network_id: string | null;
  gw_port_id: string | null;
  enable_snat: number;
  /** JSON list of {destination, nexthop} (extraroute); added by migration 0002. */
  routes: string;
}

/** A floating IP; its address is held by a port on the external network (device_owner network:floatingip). */
export interface FloatingIpRow extends Omit<StandardColumns, 'name'> {
  floating_network_id: string;
  floating_ip_address: string;
  floating_port_id: string;
  port_id: string | null;
  fixed_ip_address: string | null;
  router_id: string | null;
  status: string;
}

export interface SecurityGroupRow extends StandardColumns {
  stateful: number;
}

export interface SecurityGroupRuleRow extends Omit<StandardColumns, 'name' | 'tags'> {
  security_group_id: string;
  direction: string;
  ethertype: string;
  protocol: string | null;
  port_range_min: number | null;
  port_range_max: number | null;
  remote_ip_prefix: string | null;
  remote_group_id: string | null;
}

/** The default security group of a project; the primary key lets only one creator win a race. */
export interface DefaultSecurityGroupRow {
  project_id: string;
  security_group_id: string;
}

/** A limit an admin set for a project (a missing row means the configured default). */
export interface QuotaRow {
  project_id: string;
  resource: string;
  hard_limit: number;
}

/** Every Neutron table, as Kysely types them. */
export interface NetworkTables {
  neutron_networks: NetworkRow;
  neutron_subnets: SubnetRow;
  neutron_ports: PortRow;
  neutron_ip_allocations: IpAllocationRow;
  neutron_port_security_groups: PortSecurityGroupRow;
  neutron_routers: RouterRow;
  neutron_floating_ips: FloatingIpRow;
  neutron_security_groups: SecurityGroupRow;
  neutron_security_group_rules: SecurityGroupRuleRow;
  neutron_default_security_groups: DefaultSecurityGroupRow;
  neutron_quotas: QuotaRow;
}

/** The database, typed with the Neutron tables. */
export type NetworkDb = Kysely<NetworkTables>;

/** The database or an open transaction: query functions take either. */
export type NetworkQueryable = NetworkDb | Transaction<NetworkTables>;
