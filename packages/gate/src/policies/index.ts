// Every default policy rule of the gate, as the map a PolicyEngine is built from.
import { type PolicyRule, rulesOf } from '@nubo/core';
import { adminPolicies } from './admin.js';

/** All gate default rules. */
export const gatePolicies: PolicyRule[] = [...adminPolicies];

/** `name → checkStr` for every gate default rule. */
export const gatePolicyRules: Record<string, string> = rulesOf(gatePolicies);
