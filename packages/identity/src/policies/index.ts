// Every default policy rule of the Identity service, in one list and as the map a PolicyEngine is built from.
import { type PolicyRule, rulesOf } from '@nubo/core';
import { applicationCredentialPolicies } from './application-credentials.js';
import { basePolicies } from './base.js';
import { domainPolicies } from './domains.js';
import { endpointPolicies } from './endpoints.js';
import { grantPolicies } from './grants.js';
import { groupPolicies } from './groups.js';
import { projectPolicies } from './projects.js';
import { regionPolicies } from './regions.js';
import { roleAssignmentPolicies } from './role-assignments.js';
import { impliedRolePolicies, rolePolicies } from './roles.js';
import { servicePolicies } from './services.js';
import { tokenPolicies } from './tokens.js';
import { userPolicies } from './users.js';

/** All Identity default rules, the `rule:` building blocks first; the source of a sample policy file and its docs. */
export const identityPolicies: PolicyRule[] = [
  ...basePolicies,
  ...tokenPolicies,
  ...domainPolicies,
  ...projectPolicies,
  ...userPolicies,
  ...groupPolicies,
  ...rolePolicies,
  ...impliedRolePolicies,
  ...grantPolicies,
  ...roleAssignmentPolicies,
  ...regionPolicies,
  ...servicePolicies,
  ...endpointPolicies,
  ...applicationCredentialPolicies,
];

/**
 * `name → checkStr` for every Identity default rule.
 *
 * @example const policy = new PolicyEngine(identityPolicyRules).withOverrides(operatorPolicyFile);
 */
export const identityPolicyRules: Record<string, string> = rulesOf(identityPolicies);
