// POST /changes/{id}/revisions/{revision}/review, /submit, /abandon and /restore.
import type { FastifyInstance } from 'fastify';
import { abandonChange, findChange, restoreChange } from '../changes.js';
import type { ReviewContext } from '../context.js';
import { findRevision, postReview, type ReviewInput } from '../reviews.js';
import { submitChange } from '../submit.js';
import { viewContext } from './changes.js';
import { inputOf, sendJson, signedIn } from './common.js';
import {
  abandonInput,
  changeParams,
  restoreInput,
  reviewInput,
  revisionParams,
  submitInput,
} from './schemas/changes.js';
import { changeInfo } from './views/changes.js';

const NO_OPTIONS = new Set<string>();

/** Registers the review, submit, abandon and restore routes. */
export function changeActionRoutes(scope: FastifyInstance, ctx: ReviewContext): void {
  scope.post(
    '/changes/:id/revisions/:revision/review',
    { schema: { params: revisionParams, body: reviewInput }, config: { public: true } },
    async (request, reply) => {
      const { id, revision } = request.params as { id: string; revision: string };
      const caller = signedIn(request);
      const change = await findChange(ctx, caller, id);
      const patchSet = findRevision(change, revision);
      const result = await postReview(ctx, caller, change, patchSet, inputOf<ReviewInput>(request));
      return sendJson(request, reply, result);
    },
  );

  scope.post(
    '/changes/:id/submit',
    { schema: { params: changeParams, body: submitInput }, config: { public: true } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const caller = signedIn(request);
      const merged = await submitChange(ctx, caller, await findChange(ctx, caller, id));
      return sendJson(request, reply, changeInfo(merged, NO_OPTIONS, await viewContext(ctx, caller, [merged])));
    },
  );

  scope.post(
    '/changes/:id/abandon',
    { schema: { params: changeParams, body: abandonInput }, config: { public: true } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const caller = signedIn(request);
      const { message } = inputOf<{ message?: string }>(request);
      const abandoned = await abandonChange(ctx, caller, await findChange(ctx, caller, id), message?.trim() ?? '');
      return sendJson(request, reply, changeInfo(abandoned, NO_OPTIONS, await viewContext(ctx, caller, [abandoned])));
    },
  );

  scope.post(
    '/changes/:id/restore',
    { schema: { params: changeParams, body: restoreInput }, config: { public: true } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const caller = signedIn(request);
      const { message } = inputOf<{ message?: string }>(request);
      const restored = await restoreChange(ctx, caller, await findChange(ctx, caller, id), message?.trim() ?? '');
      return sendJson(request, reply, changeInfo(restored, NO_OPTIONS, await viewContext(ctx, caller, [restored])));
    },
  );
}
