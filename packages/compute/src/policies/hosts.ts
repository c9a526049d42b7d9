// Default policies of os-hosts (nova/policies/hosts.py, 2024.1): admin only.
import type { PolicyRule } from '@nubo/core';
import { ADMIN, RULE_ADMIN_API, withDeprecated } from './base.js';

const rule = (action: string, description: string, method: string, path: string): PolicyRule => ({
  name: `os_compute_api:os-hosts:${action}`,
  checkStr: withDeprecated(ADMIN, RULE_ADMIN_API),
  description,
  operations: [{ method, path }],
});

export const hostsPolicies: PolicyRule[] = [
  rule('list', 'List physical hosts (deprecated in 2.43).', 'GET', '/os-hosts'),
  rule('show', 'Show physical host (deprecated in 2.43).', 'GET', '/os-hosts/{host_name}'),
  rule('update', 'Update physical host (deprecated in 2.43).', 'PUT', '/os-hosts/{host_name}'),
  rule('reboot', 'Reboot physical host (deprecated in 2.43).', 'GET', '/os-hosts/{host_name}/reboot'),
  rule('shutdown', 'Shutdown physical host (deprecated in 2.43).', 'GET', '/os-hosts/{host_name}/shutdown'),
  rule('start', 'Start physical host (deprecated in 2.43).', 'GET', '/os-hosts/{host_name}/startup'),
];
