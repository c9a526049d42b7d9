// Default policies of server diagnostics, server password and the instance usage audit log
// (nova/policies/server_diagnostics.py, server_password.py, instance_usage_audit_log.py, 2024.1).
import type { PolicyRule } from '@nubo/core';
import { ADMIN, PROJECT_MEMBER_OR_ADMIN, PROJECT_READER_OR_ADMIN, RULE_ADMIN_API, withDeprecated } from './base.js';

export const serverExtrasPolicies: PolicyRule[] = [
  {
    name: 'os_compute_api:os-server-diagnostics',
    checkStr: withDeprecated(ADMIN, RULE_ADMIN_API),
    description: 'Show the usage data for a server.',
    operations: [{ method: 'GET', path: '/servers/{server_id}/diagnostics' }],
  },
  {
    name: 'os_compute_api:os-server-password:show',
    checkStr: PROJECT_READER_OR_ADMIN,
    description: 'Show the encrypted administrative password of a server.',
    operations: [{ method: 'GET', path: '/servers/{server_id}/os-server-password' }],
  },
  {
    name: 'os_compute_api:os-server-password:clear',
    checkStr: PROJECT_MEMBER_OR_ADMIN,
    description: 'Clear the encrypted administrative password of a server.',
    operations: [{ method: 'DELETE', path: '/servers/{server_id}/os-server-password' }],
  },
  {
    name: 'os_compute_api:os-instance-usage-audit-log:list',
    checkStr: withDeprecated(ADMIN, RULE_ADMIN_API),
    description: 'List all usage audits.',
    operations: [{ method: 'GET', path: '/os-instance_usage_audit_log' }],
  },
  {
    name: 'os_compute_api:os-instance-usage-audit-log:show',
    checkStr: withDeprecated(ADMIN, RULE_ADMIN_API),
    description: 'List all usage audits that occurred before a specified time.',
    operations: [{ method: 'GET', path: '/os-instance_usage_audit_log/{before_timestamp}' }],
  },
];
