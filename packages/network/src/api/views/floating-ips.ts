// A floating IP as Neutron shows it (l3_db _make_floatingip_dict + standard attributes).
import { fromDbBool, fromDbJson } from '@nubo/core';
import type { FloatingIpRow, PortRow } from '../../db/tables.js';
import { printedTime } from '../../standard-attributes.js';

/** fip-port-details: a few attributes of the associated port, null without one. */
function portDetails(port: PortRow | undefined): Record<string, unknown> | null {
  if (!port) return null;
  return {
    name: port.name,
    network_id: port.network_id,
    mac_address: port.mac_address,
    admin_state_up: fromDbBool(port.admin_state_up),
    status: port.status,
    device_id: port.device_id,
    device_owner: port.device_owner,
  };
}

/** One floating IP; `ports` holds its associated port (see associatedPorts). */
export function floatingIpView(row: FloatingIpRow, ports: Map<string, PortRow>): Record<string, unknown> {
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
    port_details: portDetails(row.port_id ? ports.get(row.port_id) : undefined),
    description: row.description,
    tags: fromDbJson<string[]>(row.tags, []),
    created_at: printedTime(row.created_at),
    updated_at: printedTime(row.updated_at),
    revision_number: row.revision_number,
  };
}
