// A subnet as Neutron shows it (core attributes and the standard attributes).
import { fromDbBool, fromDbJson } from '@nubo/core';
import type { SubnetRow } from '../../db/tables.js';
import { printedTime } from '../../standard-attributes.js';

export function subnetView(row: SubnetRow): Record<string, unknown> {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    tenant_id: row.project_id,
    project_id: row.project_id,
    network_id: row.network_id,
    ip_version: row.ip_version,
    cidr: row.cidr,
    gateway_ip: row.gateway_ip,
    enable_dhcp: fromDbBool(row.enable_dhcp),
    allocation_pools: fromDbJson<unknown[]>(row.allocation_pools, []),
    dns_nameservers: fromDbJson<string[]>(row.dns_nameservers, []),
    host_routes: fromDbJson<unknown[]>(row.host_routes, []),
    ipv6_ra_mode: row.ipv6_ra_mode,
    ipv6_address_mode: row.ipv6_address_mode,
    subnetpool_id: null,
    tags: fromDbJson<string[]>(row.tags, []),
    created_at: printedTime(row.created_at),
    updated_at: printedTime(row.updated_at),
    revision_number: row.revision_number,
  };
}
