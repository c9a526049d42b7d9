// Every default policy rule of the review service, in one list and as the map a PolicyEngine is built from.
import { type PolicyRule, rulesOf } from '@nubo/core';
import { basePolicies } from './base.js';
import { changePolicies } from './changes.js';
import { eventPolicies } from './events.js';
import { gitPolicies } from './git.js';
import { projectPolicies } from './projects.js';

/** All review default rules, the `rule:` building blocks first. */
export const reviewPolicies: PolicyRule[] = [
  ...basePolicies,
  ...projectPolicies,
  ...changePolicies,
  ...gitPolicies,
  ...eventPolicies,
];

/** `name → checkStr` for every review default rule. */
export const reviewPolicyRules: Record<string, string> = rulesOf(reviewPolicies);
