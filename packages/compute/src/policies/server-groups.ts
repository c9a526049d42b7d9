// Default policies of server_groups (nova/policies/server_groups.py, 2024.1).
import type { PolicyRule } from '@nubo/core';
import { ADMIN, PROJECT_MEMBER_OR_ADMIN, PROJECT_READER_OR_ADMIN } from './base.js';

/** Members of a project manage its server groups; only admins list those of every project. */
export const serverGroupsPolicies: PolicyRule[] = [
  {
    name: 'os_compute_api:os-server-groups:create',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Create a new server group',
    operations: [{ method: 'POST', path: '/os-server-groups' }],
  },
  {
    name: 'os_compute_api:os-server-groups:delete',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Delete a server group',
    operations: [{ method: 'DELETE', path: '/os-server-groups/{server_group_id}' }],
  },
  {
    name: 'os_compute_api:os-server-groups:index',
    checkStr: PROJECT_READER_OR_ADMIN,
    description: 'List all server groups',
    operations: [{ method: 'GET', path: '/os-server-groups' }],
  },
  {
    name: 'os_compute_api:os-server-groups:index:all_projects',
    checkStr: ADMIN,
    description: 'List all server groups for all projects',
    operations: [{ method: 'GET', path: '/os-server-groups' }],
  },
  {
    name: 'os_compute_api:os-server-groups:show',
    checkStr: PROJECT_READER_OR_ADMIN,
    description: 'Show details of a server group',
    operations: [{ method: 'GET', path: '/os-server-groups/{server_group_id}' }],
  },
];
