// Who may steer the gate through its admin API. Zuul grants these per tenant through admin-rules on JWT claims;
// nubo maps them onto Keystone roles: the admin role may enqueue, dequeue, promote and hold nodes.
import type { PolicyRule } from '@nubo/core';

const ADMIN = 'role:admin';

/** The gate's admin-API rules. */
export const adminPolicies: PolicyRule[] = [
  {
    name: 'gate:enqueue',
    checkStr: ADMIN,
    description: 'Enqueue a change or ref into a pipeline.',
    operations: [{ path: '/zuul/api/tenant/{tenant}/project/{project}/enqueue', method: 'POST' }],
  },
  {
    name: 'gate:dequeue',
    checkStr: ADMIN,
    description: 'Remove a change or ref from a pipeline.',
    operations: [{ path: '/zuul/api/tenant/{tenant}/project/{project}/dequeue', method: 'POST' }],
  },
  {
    name: 'gate:promote',
    checkStr: ADMIN,
    description: 'Move changes to the head of their queues.',
    operations: [{ path: '/zuul/api/tenant/{tenant}/promote', method: 'POST' }],
  },
  {
    name: 'gate:autohold',
    checkStr: ADMIN,
    description: 'Create or delete a request to hold the nodes of a failing build.',
    operations: [
      { path: '/zuul/api/tenant/{tenant}/project/{project}/autohold', method: 'POST' },
      { path: '/zuul/api/tenant/{tenant}/autohold/{id}', method: 'DELETE' },
    ],
  },
];
