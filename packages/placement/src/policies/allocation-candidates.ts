// The default rules of Placement's policies/allocation_candidate.py, as nubo enforces them.
import type { PolicyRule } from '@nubo/core';
import { RULE_ADMIN_OR_SERVICE } from './base.js';

/** Who may ask for allocation candidates (policies/allocation_candidate.py). */
export const allocationCandidatePolicies: PolicyRule[] = [
  {
    name: 'placement:allocation_candidates:list',
    checkStr: RULE_ADMIN_OR_SERVICE,
    description: 'List allocation candidates.',
    operations: [{ path: '/allocation_candidates', method: 'GET' }],
  },
];
