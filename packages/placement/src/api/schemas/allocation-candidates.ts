// Query strings of GET /allocation_candidates (placement/schemas/allocation_candidate.py), by microversion.
import { type TSchema, Type } from 'typebox';
import { GROUP_SUFFIX, GROUP_SUFFIX_1_33 } from './common.js';

const text = Type.String();
const optional = Type.Optional(text);
const limit = Type.Optional(Type.String({ pattern: '^[1-9][0-9]*$', minLength: 1 }));
const groupPolicy = Type.Optional(Type.Enum(['none', 'isolate']));

/** `resources`, `resources1` …: one pattern per group parameter, with the suffix form of the microversion. */
function groupKeys(names: string[], suffix: string): Record<string, TSchema> {
  return Object.fromEntries(names.map((n) => [`^${n}(${suffix})?$`, text]));
}

const closed = (properties: Record<string, TSchema>, patternProperties?: Record<string, TSchema>) =>
  Type.Object(properties, { additionalProperties: false, ...(patternProperties ? { patternProperties } : {}) });

const v1_10 = { resources: text };
const v1_16 = { ...v1_10, limit };
const v1_17 = { ...v1_16, required: optional };
const v1_21 = { ...v1_17, member_of: optional };
const granular = { limit, group_policy: groupPolicy };
const v1_25 = ['resources', 'required', 'member_of'];
const v1_31 = [...v1_25, 'in_tree'];

/** GET /allocation_candidates query parameters, by microversion. */
export const allocationCandidatesQuery = {
  '1.10': closed(v1_10),
  '1.16': closed(v1_16),
  '1.17': closed(v1_17),
  '1.21': closed(v1_21),
  '1.25': closed(granular, groupKeys(v1_25, GROUP_SUFFIX)),
  '1.31': closed(granular, groupKeys(v1_31, GROUP_SUFFIX)),
  '1.33': closed(granular, groupKeys(v1_31, GROUP_SUFFIX_1_33)),
  '1.35': closed({ ...granular, root_required: optional }, groupKeys(v1_31, GROUP_SUFFIX_1_33)),
  '1.36': closed({ ...granular, root_required: optional, same_subtree: optional }, groupKeys(v1_31, GROUP_SUFFIX_1_33)),
};
