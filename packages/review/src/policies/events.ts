// Default policy for the event stream (Gerrit's global capability Stream Events).
import type { PolicyRule } from '@nubo/core';
import { ADMIN_OR_SERVICE } from './base.js';

/** Who may read the event stream. */
export const eventPolicies: PolicyRule[] = [
  {
    name: 'review:stream_events',
    checkStr: ADMIN_OR_SERVICE,
    description: 'Read the event stream at /events (Stream Events: administrators and CI).',
    operations: [{ path: '/events', method: 'GET' }],
  },
];
