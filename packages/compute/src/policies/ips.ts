// Default policies of ips (nova/policies/ips.py, 2024.1).
import type { PolicyRule } from '@nubo/core';
import { PROJECT_READER_OR_ADMIN } from './base.js';

/** Project readers list a server's addresses. */
export const ipsPolicies: PolicyRule[] = [
  {
    name: 'os_compute_api:ips:show',
    checkStr: PROJECT_READER_OR_ADMIN,
    description: 'Show IP addresses details for a network label of a  server',
    operations: [{ method: 'GET', path: '/servers/{server_id}/ips/{network_label}' }],
  },
  {
    name: 'os_compute_api:ips:index',
    checkStr: PROJECT_READER_OR_ADMIN,
    description: 'List IP addresses that are assigned to a server',
    operations: [{ method: 'GET', path: '/servers/{server_id}/ips' }],
  },
];
