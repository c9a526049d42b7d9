// Default policies of flavor_extra_specs (nova/policies/flavor_extra_specs.py, 2024.1).
import type { PolicyRule } from '@nubo/core';
import { ADMIN, PROJECT_READER_OR_ADMIN } from './base.js';

/** Project readers read a flavor's extra specs; only admins change them. */
export const flavorExtraSpecsPolicies: PolicyRule[] = [
  {
    name: 'os_compute_api:os-flavor-extra-specs:show',
    checkStr: PROJECT_READER_OR_ADMIN,
    description: 'Show an extra spec for a flavor',
    operations: [{ method: 'GET', path: '/flavors/{flavor_id}/os-extra_specs/{flavor_extra_spec_key}' }],
  },
  {
    name: 'os_compute_api:os-flavor-extra-specs:create',
    checkStr: ADMIN,
    description: 'Create extra specs for a flavor',
    operations: [{ method: 'POST', path: '/flavors/{flavor_id}/os-extra_specs/' }],
  },
  {
    name: 'os_compute_api:os-flavor-extra-specs:update',
    checkStr: ADMIN,
    description: 'Update an extra spec for a flavor',
    operations: [{ method: 'PUT', path: '/flavors/{flavor_id}/os-extra_specs/{flavor_extra_spec_key}' }],
  },
  {
    name: 'os_compute_api:os-flavor-extra-specs:delete',
    checkStr: ADMIN,
    description: 'Delete an extra spec for a flavor',
    operations: [{ method: 'DELETE', path: '/flavors/{flavor_id}/os-extra_specs/{flavor_extra_spec_key}' }],
  },
  {
    name: 'os_compute_api:os-flavor-extra-specs:index',
    checkStr: PROJECT_READER_OR_ADMIN,
    description: 'List extra specs for a flavor. Starting with microversion 2.61, extra specs may be returned in respo',
    operations: [
      { method: 'GET', path: '/flavors/{flavor_id}/os-extra_specs/' },
      { method: 'POST', path: '/flavors' },
      { method: 'GET', path: '/flavors/detail' },
      { method: 'GET', path: '/flavors/{flavor_id}' },
      { method: 'PUT', path: '/flavors/{flavor_id}' },
    ],
  },
];
