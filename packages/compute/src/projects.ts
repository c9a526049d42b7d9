// Nova's `identity.verify_project_id`: a project id named in a request must exist in Identity.
import { BadRequest } from '@nubo/core';
import { ApiError } from '@nubo/sdk';
import type { ComputeContext } from './context.js';

/**
 * Checks `projectId` against Keystone (`GET /v3/projects/{id}` as the nova service user).
 *
 * @throws BadRequest "Project ID … is not a valid project." when Keystone does not know it.
 */
export async function verifyProjectId(ctx: ComputeContext, projectId: string): Promise<void> {
  try {
    await ctx.session().request('identity', 'GET', `/v3/projects/${encodeURIComponent(projectId)}`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      throw new BadRequest(`Project ID ${projectId} is not a valid project.`);
    }
    // Nova lets the request through when Keystone cannot answer (403 or an outage): the check is a courtesy.
    if (err instanceof ApiError) return;
    throw err;
  }
}
