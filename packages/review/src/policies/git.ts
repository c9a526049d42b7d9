// Default policies for git pushes over smart HTTP (Gerrit's Push on refs/for/* and on refs/heads/*).
import type { PolicyRule } from '@nubo/core';
import { ADMIN } from './base.js';

/** Who may push for review and who may push directly. */
export const gitPolicies: PolicyRule[] = [
  {
    name: 'review:upload',
    checkStr: 'role:member',
    description: 'Push commits for review to refs/for/<branch>, creating changes and patch sets.',
    operations: [{ path: '/{project-name}/git-receive-pack', method: 'POST' }],
  },
  {
    name: 'review:push_direct',
    checkStr: ADMIN,
    description: 'Create, update or delete branches and tags directly, bypassing review.',
    operations: [{ path: '/{project-name}/git-receive-pack', method: 'POST' }],
  },
];
