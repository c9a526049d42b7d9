// Default policy of os-server-external-events (nova/policies/server_external_events.py, 2024.1): the service role
// (Neutron's service user sends them); admins keep it as the deprecated default allowed.
import type { PolicyRule } from '@nubo/core';
import { ADMIN } from './base.js';

export const serverExternalEventsPolicies: PolicyRule[] = [
  {
    name: 'os_compute_api:os-server-external-events:create',
    checkStr: `role:service or ${ADMIN}`,
    description: 'Create one or more external events.',
    operations: [{ method: 'POST', path: '/os-server-external-events' }],
  },
];
