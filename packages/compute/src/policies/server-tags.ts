// Default policies of server_tags (nova/policies/server_tags.py, 2024.1).
import type { PolicyRule } from '@nubo/core';
import { PROJECT_MEMBER_OR_ADMIN, PROJECT_READER_OR_ADMIN } from './base.js';

/** Readers of the server's project read its tags; members change them. */
export const serverTagsPolicies: PolicyRule[] = [
  {
    name: 'os_compute_api:os-server-tags:delete_all',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Delete all the server tags',
    operations: [{ method: 'DELETE', path: '/servers/{server_id}/tags' }],
  },
  {
    name: 'os_compute_api:os-server-tags:index',
    checkStr: PROJECT_READER_OR_ADMIN,
    description: 'List all tags for given server',
    operations: [{ method: 'GET', path: '/servers/{server_id}/tags' }],
  },
  {
    name: 'os_compute_api:os-server-tags:update_all',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Replace all tags on specified server with the new set of tags.',
    operations: [{ method: 'PUT', path: '/servers/{server_id}/tags' }],
  },
  {
    name: 'os_compute_api:os-server-tags:delete',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Delete a single tag from the specified server',
    operations: [{ method: 'DELETE', path: '/servers/{server_id}/tags/{tag}' }],
  },
  {
    name: 'os_compute_api:os-server-tags:update',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Add a single tag to the server if server has no specified tag',
    operations: [{ method: 'PUT', path: '/servers/{server_id}/tags/{tag}' }],
  },
  {
    name: 'os_compute_api:os-server-tags:show',
    checkStr: PROJECT_READER_OR_ADMIN,
    description: 'Check tag existence on the server.',
    operations: [{ method: 'GET', path: '/servers/{server_id}/tags/{tag}' }],
  },
];
