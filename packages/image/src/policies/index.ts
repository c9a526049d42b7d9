// Every default policy rule of the Image service, in one list and as the map a PolicyEngine is built from.
import { type PolicyRule, rulesOf } from '@nubo/core';
import { basePolicies } from './base.js';
import { discoveryPolicies } from './discovery.js';
import { imageMemberPolicies } from './image-members.js';
import { imagePolicies } from './images.js';

/** All Image default rules, the `rule:` building blocks first; the source of a sample policy file and its docs. */
export const imagePolicyList: PolicyRule[] = [
  ...basePolicies,
  ...imagePolicies,
  ...imageMemberPolicies,
  ...discoveryPolicies,
];

/**
 * `name → checkStr` for every Image default rule.
 *
 * @example const policy = new PolicyEngine(imagePolicyRules);
 */
export const imagePolicyRules: Record<string, string> = rulesOf(imagePolicyList);
