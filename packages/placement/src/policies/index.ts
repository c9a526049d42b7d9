// Every default policy rule of Placement, in one list and as the map a PolicyEngine is built from.
import { type PolicyRule, rulesOf } from '@nubo/core';
import { aggregatePolicies } from './aggregates.js';
import { allocationCandidatePolicies } from './allocation-candidates.js';
import { allocationPolicies } from './allocations.js';
import { basePolicies } from './base.js';
import { inventoryPolicies } from './inventories.js';
import { resourceClassPolicies } from './resource-classes.js';
import { resourceProviderPolicies } from './resource-providers.js';
import { traitPolicies } from './traits.js';
import { usagePolicies } from './usages.js';

/** All Placement default rules, the `rule:` building blocks first. */
export const placementPolicies: PolicyRule[] = [
  ...basePolicies,
  ...resourceProviderPolicies,
  ...inventoryPolicies,
  ...aggregatePolicies,
  ...traitPolicies,
  ...resourceClassPolicies,
  ...allocationPolicies,
  ...allocationCandidatePolicies,
  ...usagePolicies,
];

/** `name → checkStr` for every Placement default rule. */
export const placementPolicyRules: Record<string, string> = rulesOf(placementPolicies);
