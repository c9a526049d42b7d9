// A network as Neutron shows it (core attributes plus external-net, network-mtu, port-security and the standard
// attributes); the provider attributes only to those `get_network:provider:*` allows (admins).
import { fromDbBool, fromDbJson } from '@nubo/core';
import type { Network } from '../../networks.js';
import { printedTime } from '../../standard-attributes.js';

export function networkView(network: Network, showProvider: boolean): Record<string, unknown> {
  const { row } = network;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    tenant_id: row.project_id,
    project_id: row.project_id,
    admin_state_up: fromDbBool(row.admin_state_up),
    status: row.status,
    subnets: network.subnetIds,
    shared: fromDbBool(row.shared),
    'router:external': fromDbBool(row.external),
    mtu: row.mtu,
    port_security_enabled: fromDbBool(row.port_security_enabled),
    ...(showProvider
      ? {
          'provider:network_type': row.provider_network_type,
          'provider:physical_network': row.provider_physical_network,
          'provider:segmentation_id': row.provider_segmentation_id,
        }
      : {}),
    tags: fromDbJson<string[]>(row.tags, []),
    created_at: printedTime(row.created_at),
    updated_at: printedTime(row.updated_at),
    revision_number: row.revision_number,
  };
}
