// Default policies of availability_zone (nova/policies/availability_zone.py, 2024.1).
import type { PolicyRule } from '@nubo/core';
import { ADMIN, ANY } from './base.js';

/** Anyone lists availability zones; only admins see their hosts. */
export const availabilityZonesPolicies: PolicyRule[] = [
  {
    name: 'os_compute_api:os-availability-zone:list',
    checkStr: ANY,
    description: 'List availability zone information without host information',
    operations: [{ method: 'GET', path: '/os-availability-zone' }],
  },
  {
    name: 'os_compute_api:os-availability-zone:detail',
    checkStr: ADMIN,
    description: 'List detailed availability zone information with host information',
    operations: [{ method: 'GET', path: '/os-availability-zone/detail' }],
  },
];
