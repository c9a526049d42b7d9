// Default policies of aggregates (nova/policies/aggregates.py, 2024.1).
import type { PolicyRule } from '@nubo/core';
import { ADMIN } from './base.js';

/** Host aggregates are an admin-only resource. */
export const aggregatesPolicies: PolicyRule[] = [
  {
    name: 'os_compute_api:os-aggregates:set_metadata',
    checkStr: ADMIN,
    description: 'Create or replace metadata for an aggregate',
    operations: [{ method: 'POST', path: '/os-aggregates/{aggregate_id}/action (set_metadata)' }],
  },
  {
    name: 'os_compute_api:os-aggregates:add_host',
    checkStr: ADMIN,
    description: 'Add a host to an aggregate',
    operations: [{ method: 'POST', path: '/os-aggregates/{aggregate_id}/action (add_host)' }],
  },
  {
    name: 'os_compute_api:os-aggregates:create',
    checkStr: ADMIN,
    description: 'Create an aggregate',
    operations: [{ method: 'POST', path: '/os-aggregates' }],
  },
  {
    name: 'os_compute_api:os-aggregates:remove_host',
    checkStr: ADMIN,
    description: 'Remove a host from an aggregate',
    operations: [{ method: 'POST', path: '/os-aggregates/{aggregate_id}/action (remove_host)' }],
  },
  {
    name: 'os_compute_api:os-aggregates:update',
    checkStr: ADMIN,
    description: 'Update name and/or availability zone for an aggregate',
    operations: [{ method: 'PUT', path: '/os-aggregates/{aggregate_id}' }],
  },
  {
    name: 'os_compute_api:os-aggregates:index',
    checkStr: ADMIN,
    description: 'List all aggregates',
    operations: [{ method: 'GET', path: '/os-aggregates' }],
  },
  {
    name: 'os_compute_api:os-aggregates:delete',
    checkStr: ADMIN,
    description: 'Delete an aggregate',
    operations: [{ method: 'DELETE', path: '/os-aggregates/{aggregate_id}' }],
  },
  {
    name: 'os_compute_api:os-aggregates:show',
    checkStr: ADMIN,
    description: 'Show details for an aggregate',
    operations: [{ method: 'GET', path: '/os-aggregates/{aggregate_id}' }],
  },
  {
    name: 'compute:aggregates:images',
    checkStr: ADMIN,
    description: 'Request image caching for an aggregate',
    operations: [{ method: 'POST', path: '/os-aggregates/{aggregate_id}/images' }],
  },
];
