// Default policies of server_metadata (nova/policies/server_metadata.py, 2024.1).
import type { PolicyRule } from '@nubo/core';
import { PROJECT_MEMBER_OR_ADMIN, PROJECT_READER_OR_ADMIN } from './base.js';

/** Readers of the server's project read its metadata; members change it. */
export const serverMetadataPolicies: PolicyRule[] = [
  {
    name: 'os_compute_api:server-metadata:index',
    checkStr: PROJECT_READER_OR_ADMIN,
    description: 'List all metadata of a server',
    operations: [{ method: 'GET', path: '/servers/{server_id}/metadata' }],
  },
  {
    name: 'os_compute_api:server-metadata:show',
    checkStr: PROJECT_READER_OR_ADMIN,
    description: 'Show metadata for a server',
    operations: [{ method: 'GET', path: '/servers/{server_id}/metadata/{key}' }],
  },
  {
    name: 'os_compute_api:server-metadata:create',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Create metadata for a server',
    operations: [{ method: 'POST', path: '/servers/{server_id}/metadata' }],
  },
  {
    name: 'os_compute_api:server-metadata:update_all',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Replace metadata for a server',
    operations: [{ method: 'PUT', path: '/servers/{server_id}/metadata' }],
  },
  {
    name: 'os_compute_api:server-metadata:update',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Update metadata from a server',
    operations: [{ method: 'PUT', path: '/servers/{server_id}/metadata/{key}' }],
  },
  {
    name: 'os_compute_api:server-metadata:delete',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Delete metadata from a server',
    operations: [{ method: 'DELETE', path: '/servers/{server_id}/metadata/{key}' }],
  },
];
