// Reads the request groups and request-wide parameters of GET /allocation_candidates (placement/lib.py).
import { BadRequest, type Microversion } from '@nubo/core';
import type { RequestGroup, RequestWideParams } from '../candidates/request-group.js';
import { CodedBadRequest, ErrorCode } from '../errors.js';
import { parseInTree, parseMemberOf, parseRequired, parseResources } from './query-params.js';
import { GROUP_SUFFIX, GROUP_SUFFIX_1_33 } from './schemas/common.js';

/** Python's repr of a list of strings, as Placement's messages print them. */
const pyList = (items: Iterable<string>) => `[${[...items].map((s) => `'${s}'`).join(', ')}]`;

function emptyGroup(suffix: string): RequestGroup {
  return {
    suffix,
    useSameProvider: suffix !== '',
    resources: new Map(),
    requiredTraits: [],
    forbiddenTraits: new Set(),
    memberOf: [],
    forbiddenAggregates: new Set(),
  };
}

/** The request groups, keyed by suffix in the order they first appear; checked as Placement checks them. */
export function parseRequestGroups(
  query: Map<string, string[]>,
  version: Microversion,
  params: RequestWideParams,
): RequestGroup[] {
  const suffix = version.atLeast('1.33') ? GROUP_SUFFIX_1_33 : GROUP_SUFFIX;
  const pattern = new RegExp(`^(resources|required|member_of|in_tree)(${suffix})?$`);
  const groups = new Map<string, RequestGroup>();
  for (const [key, values] of query) {
    const match = pattern.exec(key);
    if (!match || values.length === 0) continue;
    const [, kind, groupSuffix = ''] = match;
    const group = groups.get(groupSuffix) ?? emptyGroup(groupSuffix);
    groups.set(groupSuffix, group);
    const last = values[values.length - 1]!;
    if (kind === 'resources') group.resources = parseResources(last);
    else if (kind === 'required') {
      const traits = parseRequired(values, version);
      group.requiredTraits = traits.required;
      group.forbiddenTraits = traits.forbidden;
    } else if (kind === 'member_of') {
      const aggregates = parseMemberOf(values, version, groupSuffix);
      group.memberOf = aggregates.memberOf;
      group.forbiddenAggregates = aggregates.forbidden;
    } else group.inTree = parseInTree(last);
  }
  const list = [...groups.values()];
  if (version.atLeast('1.36')) checkResourceless(list, params);
  else checkOrphans(list);
  if (version.atLeast('1.22')) checkConflicts(list);
  return list;
}

/** From 1.36 a group may lack resources if same_subtree names it; same_subtree may only name real groups. */
function checkResourceless(groups: RequestGroup[], params: RequestWideParams): void {
  const resourceless = groups.filter((g) => g.resources.size === 0).map((g) => g.suffix);
  const inSubtrees = new Set(params.sameSubtrees.flatMap((s) => [...s]));
  if (resourceless.length === groups.length) {
    throw new CodedBadRequest(
      'There must be at least one resources or resources[$S] parameter.',
      ErrorCode.missingValue,
    );
  }
  const bad = resourceless.filter((s) => !inSubtrees.has(s));
  if (bad.length > 0) {
    throw new CodedBadRequest(
      `Resourceless suffixed group request should be specified in \`same_subtree\` query param: bad group(s) - ` +
        `${pyList(bad)}.`,
      ErrorCode.badValue,
    );
  }
  const known = new Set(groups.map((g) => g.suffix));
  const unknown = [...inSubtrees].filter((s) => !known.has(s));
  if (unknown.length > 0) {
    throw new CodedBadRequest(
      `Real suffixes should be specified in \`same_subtree\`: ${pyList(unknown)} not found in ` +
        `${pyList(groups.map((g) => g.suffix))}.`,
      ErrorCode.badValue,
    );
  }
}

/** Before 1.36 every group needs resources, and traits or aggregates without resources are "orphaned". */
function checkOrphans(groups: RequestGroup[]): void {
  const traitOrphans = groups.filter((g) => g.requiredTraits.length > 0 && g.resources.size === 0);
  if (traitOrphans.length > 0) {
    throw new BadRequest(
      'All traits parameters must be associated with resources.  Found the following orphaned traits keys: ' +
        traitOrphans.map((g) => `required${g.suffix}`).join(', '),
    );
  }
  const aggregateOrphans = groups.filter(
    (g) => g.resources.size === 0 && (g.memberOf.length > 0 || g.forbiddenAggregates.size > 0),
  );
  if (aggregateOrphans.length > 0) {
    throw new BadRequest(
      'All member_of parameters must be associated with resources. Found the following orphaned member_of keys: ' +
        aggregateOrphans.map((g) => `member_of${g.suffix}`).join(', '),
    );
  }
  if (groups.some((g) => g.resources.size === 0)) throw new BadRequest('All request groups must specify resources.');
  if (groups.length === 0) {
    throw new BadRequest('At least one request group (`resources` or `resources{$S}`) is required.');
  }
}

/** A required any-of set made entirely of forbidden traits can never be met. */
function checkConflicts(groups: RequestGroup[]): void {
  const conflicts: string[] = [];
  for (const g of groups) {
    for (const any of g.requiredTraits) {
      if ([...any].every((t) => g.forbiddenTraits.has(t))) {
        conflicts.push(`required${g.suffix}: (${[...any].sort().join(', ')})`);
      }
    }
  }
  if (conflicts.length > 0) {
    throw new BadRequest(
      `Conflicting required and forbidden traits found in the following traits keys: ${conflicts.sort().join(', ')}`,
    );
  }
}

/** limit, group_policy, root_required (1.35) and same_subtree (1.36). */
export function parseRequestWideParams(query: Map<string, string[]>, version: Microversion): RequestWideParams {
  const params: RequestWideParams = { rootRequired: new Set(), rootForbidden: new Set(), sameSubtrees: [] };
  const limit = query.get('limit')?.[0];
  if (limit !== undefined) params.limit = Number.parseInt(limit, 10);
  const policy = query.get('group_policy')?.[0];
  if (policy === 'none' || policy === 'isolate') params.groupPolicy = policy;
  const rootRequired = query.get('root_required') ?? [];
  if (rootRequired.length > 1) {
    throw new CodedBadRequest("Query parameter 'root_required' may be specified only once.", ErrorCode.duplicateKey);
  }
  if (rootRequired.length === 1) {
    // root_required takes neither repeats nor the 1.39 any-of form.
    const traits = parseRequired(rootRequired, version, { allowForbidden: true, allowAny: false });
    const required = traits.required.map((s) => [...s][0]!);
    const conflicts = required.filter((t) => traits.forbidden.has(t));
    if (conflicts.length > 0) {
      throw new CodedBadRequest(
        `Conflicting required and forbidden traits found in root_required: ${conflicts.join(', ')}`,
        ErrorCode.badValue,
      );
    }
    params.rootRequired = new Set(required);
    params.rootForbidden = traits.forbidden;
  }
  for (const value of query.get('same_subtree') ?? []) {
    const suffixes = new Set(value.split(',').map((s) => s.trim()));
    if (suffixes.has('')) {
      throw new CodedBadRequest(
        'Empty string (unsuffixed group) can not be specified in `same_subtree` ',
        ErrorCode.badValue,
      );
    }
    params.sameSubtrees.push(suffixes);
  }
  return params;
}
