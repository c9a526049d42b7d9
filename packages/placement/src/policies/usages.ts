// Default policies for usages (policies/usage.py) as nubo enforces them.
import type { PolicyRule } from '@nubo/core';
import { RULE_ADMIN_OR_PROJECT_READER_OR_SERVICE, RULE_ADMIN_OR_SERVICE } from './base.js';

/** Who may read provider usages, and project usages (a project's reader may read its own). */
export const usagePolicies: PolicyRule[] = [
  {
    name: 'placement:resource_providers:usages',
    checkStr: RULE_ADMIN_OR_SERVICE,
    description: 'List resource provider usages.',
    operations: [{ path: '/resource_providers/{uuid}/usages', method: 'GET' }],
  },
  {
    name: 'placement:usages',
    // An admin anywhere may read any project's usage; a member or reader only their own project's.
    checkStr: RULE_ADMIN_OR_PROJECT_READER_OR_SERVICE,
    description: 'List total resource usages for a given project.',
    operations: [{ path: '/usages', method: 'GET' }],
  },
];
