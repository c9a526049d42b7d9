// Every default policy rule of Networking, in one list and as the map a PolicyEngine is built from.
import { type PolicyRule, rulesOf } from '@nubo/core';
import { basePolicies } from './base.js';
import { floatingIpPolicies } from './floating-ips.js';
import { networkPolicies } from './networks.js';
import { portPolicies } from './ports.js';
import { quotaPolicies } from './quotas.js';
import { routerPolicies } from './routers.js';
import { securityGroupPolicies } from './security-groups.js';
import { subnetPolicies } from './subnets.js';

/** All Networking default rules, the `rule:` building blocks first. */
export const networkPolicyList: PolicyRule[] = [
  ...basePolicies,
  ...networkPolicies,
  ...subnetPolicies,
  ...portPolicies,
  ...routerPolicies,
  ...floatingIpPolicies,
  ...securityGroupPolicies,
  ...quotaPolicies,
];

/** `name → checkStr` for every Networking default rule. */
export const networkPolicyRules: Record<string, string> = rulesOf(networkPolicyList);
