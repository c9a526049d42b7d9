// A router as Neutron shows it (l3_db _make_router_dict, with ext-gw-mode's enable_snat and extraroute's routes).
import { fromDbBool, fromDbJson } from '@nubo/core';
import type { RouterInterfaceInfo } from '../../router-interfaces.js';
import type { Router } from '../../routers.js';
import { printedTime } from '../../standard-attributes.js';

/** One router; external_gateway_info is null without a gateway. */
export function routerView(router: Router): Record<string, unknown> {
  const { row } = router;
  return {
    id: row.id,
    name: row.name,
    tenant_id: row.project_id,
    project_id: row.project_id,
    admin_state_up: fromDbBool(row.admin_state_up),
    status: row.status,
    external_gateway_info: row.gw_network_id
      ? {
          network_id: row.gw_network_id,
          enable_snat: fromDbBool(row.enable_snat),
          external_fixed_ips: router.gatewayIps.map((ip) => ({ subnet_id: ip.subnet_id, ip_address: ip.ip_address })),
        }
      : null,
    routes: router.routes,
    description: row.description,
    tags: fromDbJson<string[]>(row.tags, []),
    created_at: printedTime(row.created_at),
    updated_at: printedTime(row.updated_at),
    revision_number: row.revision_number,
  };
}

/** What add/remove_router_interface answer (the body is not wrapped). */
export function routerInterfaceView(info: RouterInterfaceInfo): Record<string, unknown> {
  return { ...info };
}
