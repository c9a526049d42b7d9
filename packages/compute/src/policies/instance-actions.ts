// Default policies of instance_actions (nova/policies/instance_actions.py, 2024.1).
import type { PolicyRule } from '@nubo/core';
import { ADMIN, PROJECT_READER_OR_ADMIN, RULE_ADMIN_OR_OWNER, withDeprecated } from './base.js';

/** Project readers list a server's actions; only admins see their events. */
export const instanceActionsPolicies: PolicyRule[] = [
  {
    name: 'os_compute_api:os-instance-actions:events:details',
    checkStr: ADMIN,
    description: 'Add "details" key in action events for a server.',
    operations: [{ method: 'GET', path: '/servers/{server_id}/os-instance-actions/{request_id}' }],
  },
  {
    name: 'os_compute_api:os-instance-actions:events',
    checkStr: ADMIN,
    description: 'Add events details in action details for a server.',
    operations: [{ method: 'GET', path: '/servers/{server_id}/os-instance-actions/{request_id}' }],
  },
  {
    name: 'os_compute_api:os-instance-actions:list',
    checkStr: withDeprecated(PROJECT_READER_OR_ADMIN, RULE_ADMIN_OR_OWNER),
    description: 'List actions for a server.',
    operations: [{ method: 'GET', path: '/servers/{server_id}/os-instance-actions' }],
  },
  {
    name: 'os_compute_api:os-instance-actions:show',
    checkStr: withDeprecated(PROJECT_READER_OR_ADMIN, RULE_ADMIN_OR_OWNER),
    description: 'Show action details for a server.',
    operations: [{ method: 'GET', path: '/servers/{server_id}/os-instance-actions/{request_id}' }],
  },
];
