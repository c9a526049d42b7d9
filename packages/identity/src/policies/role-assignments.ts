// Default policies for /v3/role_assignments (Keystone's policies/role_assignment.py).
import type { PolicyRule } from '@nubo/core';
import { RULE_ADMIN_REQUIRED, SYSTEM_READER, withDeprecated } from './base.js';

const SYSTEM_READER_OR_DOMAIN_READER = `(${SYSTEM_READER}) or (role:reader and domain_id:%(target.domain_id)s)`;

const SYSTEM_READER_OR_PROJECT_DOMAIN_READER_OR_PROJECT_ADMIN =
  `(${SYSTEM_READER}) or ` +
  '(role:reader and domain_id:%(target.project.domain_id)s) or ' +
  '(role:admin and project_id:%(target.project.id)s)';

/** Who may list role assignments; with `include_subtree` the target is the subtree's root `{ target: { project } }`. */
export const roleAssignmentPolicies: PolicyRule[] = [
  {
    name: 'identity:list_role_assignments',
    checkStr: withDeprecated(SYSTEM_READER_OR_DOMAIN_READER, RULE_ADMIN_REQUIRED),
    description: 'List role assignments.',
    operations: [
      { path: '/v3/role_assignments', method: 'GET' },
      { path: '/v3/role_assignments', method: 'HEAD' },
    ],
  },
  {
    name: 'identity:list_role_assignments_for_tree',
    checkStr: withDeprecated(SYSTEM_READER_OR_PROJECT_DOMAIN_READER_OR_PROJECT_ADMIN, RULE_ADMIN_REQUIRED),
    description: 'List all role assignments for a given tree of hierarchical projects.',
    operations: [
      { path: '/v3/role_assignments?include_subtree', method: 'GET' },
      { path: '/v3/role_assignments?include_subtree', method: 'HEAD' },
    ],
  },
];
