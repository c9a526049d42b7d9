// POST /v2/images/{image_id}/actions/deactivate|reactivate (Image API 2.3).
import type { FastifyInstance } from 'fastify';
import type { ImageContext } from '../context.js';
import { deactivateImage, getImage, reactivateImage } from '../images.js';
import { callerOf, enforceImage, rejectBody } from './common.js';

/** Registers the deactivate and reactivate actions. */
export function imageActionRoutes(scope: FastifyInstance, ctx: ImageContext): void {
  scope.post('/v2/images/:image_id/actions/deactivate', async (request, reply) => {
    rejectBody(request);
    const { image_id } = request.params as { image_id: string };
    const image = await getImage(ctx, callerOf(ctx, request), image_id);
    enforceImage(ctx, request, 'deactivate', image);
    await deactivateImage(ctx, image);
    reply.code(204).send();
  });
  scope.post('/v2/images/:image_id/actions/reactivate', async (request, reply) => {
    rejectBody(request);
    const { image_id } = request.params as { image_id: string };
    const image = await getImage(ctx, callerOf(ctx, request), image_id);
    enforceImage(ctx, request, 'reactivate', image);
    await reactivateImage(ctx, image);
    reply.code(204).send();
  });
}
