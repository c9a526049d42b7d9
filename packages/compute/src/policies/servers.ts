// Default policies of servers, extended_server_attributes (nova/policies/servers.py, 2024.1).
import type { PolicyRule } from '@nubo/core';
import {
  ADMIN,
  NOBODY,
  PROJECT_MEMBER_OR_ADMIN,
  PROJECT_READER_OR_ADMIN,
  RULE_ADMIN_OR_OWNER,
  withDeprecated,
} from './base.js';

/** Who may list, show, create, update and delete servers, and run the actions Nova's servers policy covers. */
export const serversPolicies: PolicyRule[] = [
  {
    name: 'os_compute_api:servers:index',
    checkStr: PROJECT_READER_OR_ADMIN,
    description: 'List all servers',
    operations: [{ method: 'GET', path: '/servers' }],
  },
  {
    name: 'os_compute_api:servers:detail',
    checkStr: PROJECT_READER_OR_ADMIN,
    description: 'List all servers with detailed information',
    operations: [{ method: 'GET', path: '/servers/detail' }],
  },
  {
    name: 'os_compute_api:servers:index:get_all_tenants',
    checkStr: ADMIN,
    description: 'List all servers for all projects',
    operations: [{ method: 'GET', path: '/servers' }],
  },
  {
    name: 'os_compute_api:servers:detail:get_all_tenants',
    checkStr: ADMIN,
    description: 'List all servers with detailed information for  all projects',
    operations: [{ method: 'GET', path: '/servers/detail' }],
  },
  {
    name: 'os_compute_api:servers:allow_all_filters',
    checkStr: ADMIN,
    description: 'Allow all filters when listing servers',
    operations: [
      { method: 'GET', path: '/servers' },
      { method: 'GET', path: '/servers/detail' },
    ],
  },
  {
    name: 'os_compute_api:servers:show',
    checkStr: PROJECT_READER_OR_ADMIN,
    description: 'Show a server',
    operations: [{ method: 'GET', path: '/servers/{server_id}' }],
  },
  {
    name: 'os_compute_api:servers:show:flavor-extra-specs',
    checkStr: withDeprecated(PROJECT_READER_OR_ADMIN, RULE_ADMIN_OR_OWNER),
    description: 'Starting with microversion 2.47, the flavor and its extra specs used for a server is also returned i',
    operations: [
      { method: 'GET', path: '/servers/detail' },
      { method: 'GET', path: '/servers/{server_id}' },
      { method: 'PUT', path: '/servers/{server_id}' },
      { method: 'POST', path: '/servers/{server_id}/action (rebuild)' },
    ],
  },
  {
    name: 'os_compute_api:servers:show:host_status',
    checkStr: ADMIN,
    description: 'Show a server with additional host status information.',
    operations: [
      { method: 'GET', path: '/servers/{server_id}' },
      { method: 'GET', path: '/servers/detail' },
      { method: 'PUT', path: '/servers/{server_id}' },
      { method: 'POST', path: '/servers/{server_id}/action (rebuild)' },
    ],
  },
  {
    name: 'os_compute_api:servers:show:host_status:unknown-only',
    checkStr: ADMIN,
    description: 'Show a server with additional host status information, only if host status is',
    operations: [
      { method: 'GET', path: '/servers/{server_id}' },
      { method: 'GET', path: '/servers/detail' },
      { method: 'PUT', path: '/servers/{server_id}' },
      { method: 'POST', path: '/servers/{server_id}/action (rebuild)' },
    ],
  },
  {
    name: 'os_compute_api:servers:create',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Create a server',
    operations: [{ method: 'POST', path: '/servers' }],
  },
  {
    name: 'os_compute_api:servers:create:forced_host',
    checkStr: ADMIN,
    description: 'Create a server on the specified host and/or node.',
    operations: [{ method: 'POST', path: '/servers' }],
  },
  {
    name: 'compute:servers:create:requested_destination',
    checkStr: ADMIN,
    description: 'Create a server on the requested compute service host and/or',
    operations: [{ method: 'POST', path: '/servers' }],
  },
  {
    name: 'os_compute_api:servers:create:attach_volume',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Create a server with the requested volume attached to it',
    operations: [{ method: 'POST', path: '/servers' }],
  },
  {
    name: 'os_compute_api:servers:create:attach_network',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Create a server with the requested network attached  to it',
    operations: [{ method: 'POST', path: '/servers' }],
  },
  {
    name: 'os_compute_api:servers:create:trusted_certs',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Create a server with trusted image certificate IDs',
    operations: [{ method: 'POST', path: '/servers' }],
  },
  {
    name: 'os_compute_api:servers:create:zero_disk_flavor',
    checkStr: ADMIN,
    description: 'This rule controls the compute API validation behavior of creating a server',
    operations: [{ method: 'POST', path: '/servers' }],
  },
  {
    name: 'network:attach_external_network',
    checkStr: ADMIN,
    description: 'Attach an unshared external network to a server',
    operations: [
      { method: 'POST', path: '/servers' },
      { method: 'POST', path: '/servers/{server_id}/os-interface' },
    ],
  },
  {
    name: 'os_compute_api:servers:delete',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Delete a server',
    operations: [{ method: 'DELETE', path: '/servers/{server_id}' }],
  },
  {
    name: 'os_compute_api:servers:update',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Update a server',
    operations: [{ method: 'PUT', path: '/servers/{server_id}' }],
  },
  {
    name: 'os_compute_api:servers:confirm_resize',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Confirm a server resize',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (confirmResize)' }],
  },
  {
    name: 'os_compute_api:servers:revert_resize',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Revert a server resize',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (revertResize)' }],
  },
  {
    name: 'os_compute_api:servers:reboot',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Reboot a server',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (reboot)' }],
  },
  {
    name: 'os_compute_api:servers:resize',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Resize a server',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (resize)' }],
  },
  {
    name: 'compute:servers:resize:cross_cell',
    checkStr: NOBODY,
    description: 'Resize a server across cells. By default, this is disabled for all users and recommended to be teste',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (resize)' }],
  },
  {
    name: 'os_compute_api:servers:rebuild',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Rebuild a server',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (rebuild)' }],
  },
  {
    name: 'os_compute_api:servers:rebuild:trusted_certs',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Rebuild a server with trusted image certificate IDs',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (rebuild)' }],
  },
  {
    name: 'os_compute_api:servers:create_image',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Create an image from a server',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (createImage)' }],
  },
  {
    name: 'os_compute_api:servers:create_image:allow_volume_backed',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Create an image from a volume backed server',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (createImage)' }],
  },
  {
    name: 'os_compute_api:servers:start',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Start a server',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (os-start)' }],
  },
  {
    name: 'os_compute_api:servers:stop',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Stop a server',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (os-stop)' }],
  },
  {
    name: 'os_compute_api:servers:trigger_crash_dump',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Trigger crash dump in a server',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (trigger_crash_dump)' }],
  },
  {
    name: 'os_compute_api:os-extended-server-attributes',
    checkStr: ADMIN,
    description: 'Return extended attributes for server.',
    operations: [
      { method: 'GET', path: '/servers/{id}' },
      { method: 'GET', path: '/servers/detail' },
      { method: 'PUT', path: '/servers/{server_id}' },
      { method: 'POST', path: '/servers/{server_id}/action (rebuild)' },
    ],
  },
];
