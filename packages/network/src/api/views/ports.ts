// A port as Neutron shows it (core attributes, security-group, allowed-address-pairs, port-security, the standard
// attributes); the port bindings (`binding:*`) only to those `get_port:binding` allows (admins, the service user).
import { fromDbBool, fromDbJson } from '@nubo/core';
import type { Port } from '../../ports.js';
import { printedTime } from '../../standard-attributes.js';

export function portView(port: Port, showBinding: boolean): Record<string, unknown> {
  const { row } = port;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    tenant_id: row.project_id,
    project_id: row.project_id,
    network_id: row.network_id,
    mac_address: row.mac_address,
    admin_state_up: fromDbBool(row.admin_state_up),
    status: row.status,
    device_id: row.device_id,
    device_owner: row.device_owner,
    fixed_ips: port.fixedIps,
    security_groups: port.securityGroups,
    allowed_address_pairs: fromDbJson<unknown[]>(row.allowed_address_pairs, []),
    port_security_enabled: fromDbBool(row.port_security_enabled),
    ...(showBinding
      ? {
          'binding:host_id': row.binding_host_id,
          'binding:vnic_type': row.binding_vnic_type,
          'binding:vif_type': row.binding_vif_type,
          'binding:profile': fromDbJson<Record<string, unknown>>(row.binding_profile, {}),
          'binding:vif_details': fromDbJson<Record<string, unknown>>(row.binding_vif_details, {}),
        }
      : {}),
    tags: fromDbJson<string[]>(row.tags, []),
    created_at: printedTime(row.created_at),
    updated_at: printedTime(row.updated_at),
    revision_number: row.revision_number,
  };
}
