// Default policies for /projects/ (Gerrit's global capability Create Project and the project Owner permission).
import type { PolicyRule } from '@nubo/core';
import { ADMIN, ANYONE } from './base.js';

const PROJECT = '/projects/{project-name}';

/** Who may read and manage projects, branches and webhooks. */
export const projectPolicies: PolicyRule[] = [
  {
    name: 'review:get_project',
    checkStr: ANYONE,
    description: 'List and show projects and their branches (Read on refs/*).',
    operations: [
      { path: '/projects/', method: 'GET' },
      { path: PROJECT, method: 'GET' },
      { path: `${PROJECT}/branches/`, method: 'GET' },
    ],
  },
  {
    name: 'review:create_project',
    checkStr: ADMIN,
    description: 'Create a project and its repository (the Create Project capability).',
    operations: [{ path: PROJECT, method: 'PUT' }],
  },
  {
    name: 'review:update_project',
    checkStr: ADMIN,
    description: "Change a project's description, state, submit type or HEAD (project Owner).",
    operations: [
      { path: `${PROJECT}/config`, method: 'PUT' },
      { path: `${PROJECT}/description`, method: 'PUT' },
      { path: `${PROJECT}/HEAD`, method: 'PUT' },
    ],
  },
  {
    name: 'review:create_branch',
    checkStr: ADMIN,
    description: 'Create a branch (Create Reference on refs/heads/*).',
    operations: [{ path: `${PROJECT}/branches/{branch-id}`, method: 'PUT' }],
  },
  {
    name: 'review:manage_webhooks',
    checkStr: ADMIN,
    description: "Read and change a project's webhooks (the webhooks plugin's remotes).",
    operations: [{ path: '/config/server/webhooks~projects/{project-name}/remotes/{remote-name}', method: 'PUT' }],
  },
];
