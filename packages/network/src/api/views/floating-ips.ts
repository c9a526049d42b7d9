// A floating IP as Neutron shows it (l3_db _make_floatingip_dict + standard attributes).
import { fromDbJson } from '@nubo/core';
import type { FloatingIpRow } from '../../db/tables.js';
import { printedTime } from '../../standard-attributes.js';

export function floatingIpView(row: FloatingIpRow): Record<string, unknown> {
  return {
    id: row.id,
    tenant_id: row.project_id,
    project_id: row.project_id,
    floating_ip_address: row.floating_ip_address,
    floating_network_id: row.floating_network_id,
    router_id: row.router_id,
    port_id: row.port_id,
    fixed_ip_address: row.fixed_ip_address,
    status: row.status,
    description: row.description,
    tags: fromDbJson<string[]>(row.tags, []),
    created_at: printedTime(row.created_at),
    updated_at: printedTime(row.updated_at),
    revision_number: row.revision_number,
  };
}
