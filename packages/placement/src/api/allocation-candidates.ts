// GET /allocation_candidates (1.10).
import { BadRequest } from '@nubo/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { findAllocationCandidates } from '../allocation-candidates.js';
import type { PlacementContext } from '../context.js';
import { cacheHeaders, checkAccept, enforce, requireVersion, versionOf } from './common.js';
import { parseRequestGroups, parseRequestWideParams } from './request-groups.js';
import { allocationCandidatesQuery } from './schemas/allocation-candidates.js';
import { forVersion, queryValues, validateQuery } from './validation.js';
import { allocationCandidatesView } from './views/allocation-candidates.js';

/** The handler of GET /allocation_candidates. */
export function allocationCandidateHandlers(ctx: PlacementContext) {
  return {
    async list(request: FastifyRequest, reply: FastifyReply) {
      requireVersion(request, '1.10');
      checkAccept(request);
      enforce(ctx, request, 'placement:allocation_candidates:list');
      const version = versionOf(request);
      validateQuery(request, forVersion(allocationCandidatesQuery, version));
      const query = queryValues(request);
      const params = parseRequestWideParams(query, version);
      const groups = parseRequestGroups(query, version, params);
      if (!params.groupPolicy && groups.filter((g) => g.useSameProvider).length > 1) {
        throw new BadRequest(
          'The "group_policy" parameter is required when specifying more than one "resources{N}" parameter.',
        );
      }
      // Before 1.29 a client cannot see trees, so a candidate may not span two providers of one.
      const plan = await findAllocationCandidates(ctx, groups, params, version.atLeast('1.29'));
      cacheHeaders(request, reply);
      return allocationCandidatesView(plan, groups, version);
    },
  };
}
