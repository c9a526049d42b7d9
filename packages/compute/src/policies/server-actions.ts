// Default policies of pause_server, suspend_server, lock_server, rescue, shelve, console_output, admin_actions, deferred_delete, security_groups (nova/policies/pause_server.py, 2024.1).
import type { PolicyRule } from '@nubo/core';
import {
  ADMIN,
  PROJECT_MEMBER_OR_ADMIN,
  PROJECT_READER_OR_ADMIN,
  RULE_ADMIN_API,
  RULE_ADMIN_OR_OWNER,
  withDeprecated,
} from './base.js';

/** The server actions that have their own Nova policy files: pause, suspend, lock, rescue, shelve, console output, admin actions, deferred delete and security groups. */
export const serverActionsPolicies: PolicyRule[] = [
  {
    name: 'os_compute_api:os-pause-server:pause',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Pause a server',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (pause)' }],
  },
  {
    name: 'os_compute_api:os-pause-server:unpause',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Unpause a paused server',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (unpause)' }],
  },
  {
    name: 'os_compute_api:os-suspend-server:resume',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Resume suspended server',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (resume)' }],
  },
  {
    name: 'os_compute_api:os-suspend-server:suspend',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Suspend server',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (suspend)' }],
  },
  {
    name: 'os_compute_api:os-lock-server:lock',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Lock a server',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (lock)' }],
  },
  {
    name: 'os_compute_api:os-lock-server:unlock',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Unlock a server',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (unlock)' }],
  },
  {
    name: 'os_compute_api:os-lock-server:unlock:unlock_override',
    checkStr: ADMIN,
    description: 'Unlock a server, regardless who locked the server.',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (unlock)' }],
  },
  {
    name: 'os_compute_api:os-rescue',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Rescue a server',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (rescue)' }],
  },
  {
    name: 'os_compute_api:os-unrescue',
    checkStr: withDeprecated(PROJECT_MEMBER_OR_ADMIN, RULE_ADMIN_OR_OWNER),
    description: 'Unrescue a server',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (unrescue)' }],
  },
  {
    name: 'os_compute_api:os-shelve:shelve',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Shelve server',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (shelve)' }],
  },
  {
    name: 'os_compute_api:os-shelve:unshelve',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Unshelve (restore) shelved server',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (unshelve)' }],
  },
  {
    name: 'os_compute_api:os-shelve:unshelve_to_host',
    checkStr: ADMIN,
    description: 'Unshelve (restore) shelve offloaded server to a specific host',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (unshelve)' }],
  },
  {
    name: 'os_compute_api:os-shelve:shelve_offload',
    checkStr: ADMIN,
    description: 'Shelf-offload (remove) server',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (shelveOffload)' }],
  },
  {
    name: 'os_compute_api:os-console-output',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Show console output for a server',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (os-getConsoleOutput)' }],
  },
  {
    name: 'os_compute_api:os-admin-actions:reset_state',
    checkStr: ADMIN,
    description: 'Reset the state of a given server',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (os-resetState)' }],
  },
  {
    name: 'os_compute_api:os-admin-actions:inject_network_info',
    checkStr: ADMIN,
    description: 'Inject network information into the server',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (injectNetworkInfo)' }],
  },
  {
    name: 'os_compute_api:os-deferred-delete:restore',
    checkStr: withDeprecated(PROJECT_MEMBER_OR_ADMIN, RULE_ADMIN_OR_OWNER),
    description: 'Restore a soft deleted server',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (restore)' }],
  },
  {
    name: 'os_compute_api:os-deferred-delete:force',
    checkStr: withDeprecated(PROJECT_MEMBER_OR_ADMIN, RULE_ADMIN_OR_OWNER),
    description: 'Force delete a server before deferred cleanup',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (forceDelete)' }],
  },
  {
    name: 'os_compute_api:os-migrate-server:migrate',
    checkStr: withDeprecated(ADMIN, RULE_ADMIN_API),
    description: 'Cold migrate a server to a host',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (migrate)' }],
  },
  {
    name: 'os_compute_api:os-migrate-server:migrate:host',
    checkStr: withDeprecated(ADMIN, RULE_ADMIN_API),
    description: 'Cold migrate a server to a specified host',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (migrate)' }],
  },
  {
    name: 'os_compute_api:os-create-backup',
    checkStr: withDeprecated(PROJECT_MEMBER_OR_ADMIN, RULE_ADMIN_OR_OWNER),
    description: 'Create a back up of a server',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (createBackup)' }],
  },
  {
    name: 'os_compute_api:os-security-groups:list',
    checkStr: withDeprecated(PROJECT_READER_OR_ADMIN, RULE_ADMIN_OR_OWNER),
    description: 'List security groups of server.',
    operations: [{ method: 'GET', path: '/servers/{server_id}/os-security-groups' }],
  },
  {
    name: 'os_compute_api:os-security-groups:add',
    checkStr: withDeprecated(PROJECT_MEMBER_OR_ADMIN, RULE_ADMIN_OR_OWNER),
    description: 'Add security groups to server.',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (addSecurityGroup)' }],
  },
  {
    name: 'os_compute_api:os-security-groups:remove',
    checkStr: withDeprecated(PROJECT_MEMBER_OR_ADMIN, RULE_ADMIN_OR_OWNER),
    description: 'Remove security groups from server.',
    operations: [{ method: 'POST', path: '/servers/{server_id}/action (removeSecurityGroup)' }],
  },
];
