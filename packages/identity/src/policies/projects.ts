// Default policies for /v3/projects, project tags and /v3/users/{user_id}/projects (Keystone's policies/project.py).
import type { PolicyRule } from '@nubo/core';
import {
  RULE_ADMIN_OR_OWNER,
  RULE_ADMIN_OR_TARGET_PROJECT,
  RULE_ADMIN_REQUIRED,
  SYSTEM_ADMIN,
  SYSTEM_READER,
  withDeprecated,
} from './base.js';

const SYSTEM_READER_OR_DOMAIN_READER_OR_PROJECT_USER =
  `(${SYSTEM_READER}) or ` +
  '(role:reader and domain_id:%(target.project.domain_id)s) or ' +
  'project_id:%(target.project.id)s';

const SYSTEM_ADMIN_OR_DOMAIN_ADMIN_OR_PROJECT_ADMIN =
  `(${SYSTEM_ADMIN}) or ` +
  '(role:admin and domain_id:%(target.project.domain_id)s) or ' +
  '(role:admin and project_id:%(target.project.id)s)';

// Only for /v3/users/{user_id}/projects: the last check matches the caller to the user in the path.
const SYSTEM_READER_OR_DOMAIN_READER_OR_OWNER = [
  `(${SYSTEM_READER})`,
  '(role:reader and domain_id:%(target.user.domain_id)s)',
  'user_id:%(target.user.id)s',
].join(' or ');

const SYSTEM_READER_OR_DOMAIN_READER = `(${SYSTEM_READER}) or (role:reader and domain_id:%(target.domain_id)s)`;

const SYSTEM_ADMIN_OR_DOMAIN_ADMIN =
  '(role:admin and system_scope:all) or (role:admin and domain_id:%(target.project.domain_id)s)';

const PROJECT = '/v3/projects/{project_id}';

/** Who may read and manage projects and their tags; the target of a single project is `{ target: { project } }`. */
export const projectPolicies: PolicyRule[] = [
  {
    name: 'identity:get_project',
    checkStr: withDeprecated(SYSTEM_READER_OR_DOMAIN_READER_OR_PROJECT_USER, RULE_ADMIN_OR_TARGET_PROJECT),
    description: 'Show project details.',
    operations: [{ path: PROJECT, method: 'GET' }],
  },
  {
    name: 'identity:list_projects',
    checkStr: withDeprecated(SYSTEM_READER_OR_DOMAIN_READER, RULE_ADMIN_REQUIRED),
    description: 'List projects.',
    operations: [{ path: '/v3/projects', method: 'GET' }],
  },
  {
    name: 'identity:list_user_projects',
    checkStr: withDeprecated(SYSTEM_READER_OR_DOMAIN_READER_OR_OWNER, RULE_ADMIN_OR_OWNER),
    description: 'List projects for user.',
    operations: [{ path: '/v3/users/{user_id}/projects', method: 'GET' }],
  },
  {
    name: 'identity:create_project',
    checkStr: withDeprecated(SYSTEM_ADMIN_OR_DOMAIN_ADMIN, RULE_ADMIN_REQUIRED),
    description: 'Create project.',
    operations: [{ path: '/v3/projects', method: 'POST' }],
  },
  {
    name: 'identity:update_project',
    checkStr: withDeprecated(SYSTEM_ADMIN_OR_DOMAIN_ADMIN, RULE_ADMIN_REQUIRED),
    description: 'Update project.',
    operations: [{ path: PROJECT, method: 'PATCH' }],
  },
  {
    name: 'identity:delete_project',
    checkStr: withDeprecated(SYSTEM_ADMIN_OR_DOMAIN_ADMIN, RULE_ADMIN_REQUIRED),
    description: 'Delete project.',
    operations: [{ path: PROJECT, method: 'DELETE' }],
  },
  {
    name: 'identity:list_project_tags',
    checkStr: withDeprecated(SYSTEM_READER_OR_DOMAIN_READER_OR_PROJECT_USER, RULE_ADMIN_OR_TARGET_PROJECT),
    description: 'List tags for a project.',
    operations: [
      { path: `${PROJECT}/tags`, method: 'GET' },
      { path: `${PROJECT}/tags`, method: 'HEAD' },
    ],
  },
  {
    name: 'identity:get_project_tag',
    checkStr: withDeprecated(SYSTEM_READER_OR_DOMAIN_READER_OR_PROJECT_USER, RULE_ADMIN_OR_TARGET_PROJECT),
    description: 'Check if project contains a tag.',
    operations: [
      { path: `${PROJECT}/tags/{value}`, method: 'GET' },
      { path: `${PROJECT}/tags/{value}`, method: 'HEAD' },
    ],
  },
  {
    name: 'identity:update_project_tags',
    checkStr: withDeprecated(SYSTEM_ADMIN_OR_DOMAIN_ADMIN_OR_PROJECT_ADMIN, RULE_ADMIN_REQUIRED),
    description: 'Replace all tags on a project with the new set of tags.',
    operations: [{ path: `${PROJECT}/tags`, method: 'PUT' }],
  },
  {
    name: 'identity:create_project_tag',
    checkStr: withDeprecated(SYSTEM_ADMIN_OR_DOMAIN_ADMIN_OR_PROJECT_ADMIN, RULE_ADMIN_REQUIRED),
    description: 'Add a single tag to a project.',
    operations: [{ path: `${PROJECT}/tags/{value}`, method: 'PUT' }],
  },
  {
    name: 'identity:delete_project_tags',
    checkStr: withDeprecated(SYSTEM_ADMIN_OR_DOMAIN_ADMIN_OR_PROJECT_ADMIN, RULE_ADMIN_REQUIRED),
    description: 'Remove all tags from a project.',
    operations: [{ path: `${PROJECT}/tags`, method: 'DELETE' }],
  },
  {
    name: 'identity:delete_project_tag',
    checkStr: withDeprecated(SYSTEM_ADMIN_OR_DOMAIN_ADMIN_OR_PROJECT_ADMIN, RULE_ADMIN_REQUIRED),
    description: 'Delete a specified tag from project.',
    operations: [{ path: `${PROJECT}/tags/{value}`, method: 'DELETE' }],
  },
];
