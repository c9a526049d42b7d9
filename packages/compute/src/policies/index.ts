// Nova's default policies, one file per resource (being written).
import { type PolicyRule, rulesOf } from '@nubo/core';

export const computePolicies: PolicyRule[] = [];

export const computePolicyRules: Record<string, string> = rulesOf(computePolicies);
