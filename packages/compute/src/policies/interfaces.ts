// Default policies of attach_interfaces (nova/policies/attach_interfaces.py, 2024.1).
import type { PolicyRule } from '@nubo/core';
import { PROJECT_MEMBER_OR_ADMIN, PROJECT_READER_OR_ADMIN, RULE_ADMIN_OR_OWNER, withDeprecated } from './base.js';

/** Project readers list a server's interfaces; members attach and detach them. */
export const interfacesPolicies: PolicyRule[] = [
  {
    name: 'os_compute_api:os-attach-interfaces:list',
    checkStr: withDeprecated(PROJECT_READER_OR_ADMIN, RULE_ADMIN_OR_OWNER),
    description: 'List port interfaces attached to a server',
    operations: [{ method: 'GET', path: '/servers/{server_id}/os-interface' }],
  },
  {
    name: 'os_compute_api:os-attach-interfaces:show',
    checkStr: withDeprecated(PROJECT_READER_OR_ADMIN, RULE_ADMIN_OR_OWNER),
    description: 'Show details of a port interface attached to a server',
    operations: [{ method: 'GET', path: '/servers/{server_id}/os-interface/{port_id}' }],
  },
  {
    name: 'os_compute_api:os-attach-interfaces:create',
    checkStr: withDeprecated(PROJECT_MEMBER_OR_ADMIN, RULE_ADMIN_OR_OWNER),
    description: 'Attach an interface to a server',
    operations: [{ method: 'POST', path: '/servers/{server_id}/os-interface' }],
  },
  {
    name: 'os_compute_api:os-attach-interfaces:delete',
    checkStr: withDeprecated(PROJECT_MEMBER_OR_ADMIN, RULE_ADMIN_OR_OWNER),
    description: 'Detach an interface from a server',
    operations: [{ method: 'DELETE', path: '/servers/{server_id}/os-interface/{port_id}' }],
  },
];
