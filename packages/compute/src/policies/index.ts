// Nova's default policies, one file per resource, gathered into the list the PolicyEngine is built from.
import { type PolicyRule, rulesOf } from '@nubo/core';
import { aggregatesPolicies } from './aggregates.js';
import { availabilityZonesPolicies } from './availability-zones.js';
import { basePolicies } from './base.js';
import { computeServicesPolicies } from './compute-services.js';
import { extensionsPolicies } from './extensions.js';
import { flavorAccessPolicies } from './flavor-access.js';
import { flavorExtraSpecsPolicies } from './flavor-extra-specs.js';
import { flavorsPolicies } from './flavors.js';
import { hostsPolicies } from './hosts.js';
import { hypervisorsPolicies } from './hypervisors.js';
import { instanceActionsPolicies } from './instance-actions.js';
import { interfacesPolicies } from './interfaces.js';
import { ipsPolicies } from './ips.js';
import { keypairsPolicies } from './keypairs.js';
import { limitsPolicies } from './limits.js';
import { quotaSetsPolicies } from './quota-sets.js';
import { serverActionsPolicies } from './server-actions.js';
import { serverExternalEventsPolicies } from './server-external-events.js';
import { serverExtrasPolicies } from './server-extras.js';
import { serverGroupsPolicies } from './server-groups.js';
import { serverMetadataPolicies } from './server-metadata.js';
import { serverTagsPolicies } from './server-tags.js';
import { serversPolicies } from './servers.js';
import { usagePolicies } from './usage.js';

/** Every default rule of Compute, documented (oslo.policy's `list_rules`). */
export const computePolicies: PolicyRule[] = [
  ...basePolicies,
  ...serversPolicies,
  ...serverActionsPolicies,
  ...serverMetadataPolicies,
  ...serverTagsPolicies,
  ...serverGroupsPolicies,
  ...serverExternalEventsPolicies,
  ...serverExtrasPolicies,
  ...instanceActionsPolicies,
  ...ipsPolicies,
  ...interfacesPolicies,
  ...flavorsPolicies,
  ...flavorAccessPolicies,
  ...flavorExtraSpecsPolicies,
  ...keypairsPolicies,
  ...availabilityZonesPolicies,
  ...aggregatesPolicies,
  ...hostsPolicies,
  ...hypervisorsPolicies,
  ...computeServicesPolicies,
  ...usagePolicies,
  ...limitsPolicies,
  ...quotaSetsPolicies,
  ...extensionsPolicies,
];

/** The `name → checkStr` map the PolicyEngine is built from. */
export const computePolicyRules: Record<string, string> = rulesOf(computePolicies);
