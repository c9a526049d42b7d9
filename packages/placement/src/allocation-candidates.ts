// GET /allocation_candidates: checks the names in the request, takes a snapshot and plans the candidates.
import { BadRequest } from '@nubo/core';
import { type CandidatePlan, planAllocationCandidates } from './candidates/plan.js';
import type { RequestGroup, RequestWideParams } from './candidates/request-group.js';
import type { PlacementContext } from './context.js';
import { loadProviderSnapshot } from './db/snapshot.js';
import { missingResourceClasses, resourceClassOrder } from './resource-classes.js';
import { missingTraits, traitsNotFound } from './traits.js';

/**
 * The allocation candidates for a request. Before 1.29 (`nestedAware` false) a candidate never takes from two
 * providers of one tree.
 *
 * @throws BadRequest for a resource class or trait that does not exist.
 */
export async function findAllocationCandidates(
  ctx: PlacementContext,
  groups: RequestGroup[],
  params: RequestWideParams,
  nestedAware: boolean,
): Promise<CandidatePlan> {
  const classes = groups.flatMap((g) => [...g.resources.keys()]);
  const unknownClasses = await missingResourceClasses(ctx.db, classes);
  if (unknownClasses.length > 0) {
    throw new BadRequest(`Invalid resource class in resources parameter: No such resource class ${unknownClasses[0]}.`);
  }
  const traits = [
    ...groups.flatMap((g) => [...g.requiredTraits.flatMap((s) => [...s]), ...g.forbiddenTraits]),
    ...params.rootRequired,
    ...params.rootForbidden,
  ];
  const unknownTraits = await missingTraits(ctx.db, traits);
  if (unknownTraits.length > 0) throw new BadRequest(traitsNotFound(unknownTraits));
  const snapshot = await loadProviderSnapshot(ctx.db);
  return planAllocationCandidates(snapshot, groups, params, {
    nestedAware,
    maxCandidates: ctx.config.maxAllocationCandidates,
    randomize: ctx.config.randomizeAllocationCandidates,
    classOrder: await resourceClassOrder(ctx),
  });
}
