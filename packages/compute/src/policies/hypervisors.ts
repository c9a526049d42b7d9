// Default policies of hypervisors (nova/policies/hypervisors.py, 2024.1).
import type { PolicyRule } from '@nubo/core';
import { ADMIN, RULE_ADMIN_API, withDeprecated } from './base.js';

/** Hypervisors are an admin-only resource. */
export const hypervisorsPolicies: PolicyRule[] = [
  {
    name: 'os_compute_api:os-hypervisors:list',
    checkStr: withDeprecated(ADMIN, RULE_ADMIN_API),
    description: 'List all hypervisors.',
    operations: [{ method: 'GET', path: '/os-hypervisors' }],
  },
  {
    name: 'os_compute_api:os-hypervisors:list-detail',
    checkStr: withDeprecated(ADMIN, RULE_ADMIN_API),
    description: 'List all hypervisors with details',
    operations: [{ method: 'GET', path: '/os-hypervisors/details' }],
  },
  {
    name: 'os_compute_api:os-hypervisors:statistics',
    checkStr: withDeprecated(ADMIN, RULE_ADMIN_API),
    description: 'Show summary statistics for all hypervisors over all compute nodes.',
    operations: [{ method: 'GET', path: '/os-hypervisors/statistics' }],
  },
  {
    name: 'os_compute_api:os-hypervisors:show',
    checkStr: withDeprecated(ADMIN, RULE_ADMIN_API),
    description: 'Show details for a hypervisor.',
    operations: [{ method: 'GET', path: '/os-hypervisors/{hypervisor_id}' }],
  },
  {
    name: 'os_compute_api:os-hypervisors:uptime',
    checkStr: withDeprecated(ADMIN, RULE_ADMIN_API),
    description: 'Show the uptime of a hypervisor.',
    operations: [{ method: 'GET', path: '/os-hypervisors/{hypervisor_id}/uptime' }],
  },
  {
    name: 'os_compute_api:os-hypervisors:search',
    checkStr: withDeprecated(ADMIN, RULE_ADMIN_API),
    description: 'Search hypervisor by hypervisor_hostname pattern.',
    operations: [{ method: 'GET', path: '/os-hypervisors/{hypervisor_hostname_pattern}/search' }],
  },
  {
    name: 'os_compute_api:os-hypervisors:servers',
    checkStr: withDeprecated(ADMIN, RULE_ADMIN_API),
    description: 'List all servers on hypervisors that can match the provided hypervisor_hostname pattern.',
    operations: [{ method: 'GET', path: '/os-hypervisors/{hypervisor_hostname_pattern}/servers' }],
  },
];
