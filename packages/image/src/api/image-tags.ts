// PUT and DELETE /v2/images/{image_id}/tags/{tag}.
import { BadRequest } from '@nubo/core';
import type { FastifyInstance } from 'fastify';
import type { ImageContext } from '../context.js';
import { addImageTag, removeImageTag } from '../image-tags.js';
import { getImage } from '../images.js';
import { callerOf, enforceImage, rejectBody } from './common.js';
import { imageSchema } from './schemas/image.js';
import { validateJson } from './schemas/json-schema.js';

/** Registers the tag routes. */
export function imageTagRoutes(scope: FastifyInstance, ctx: ImageContext): void {
  scope.put('/v2/images/:image_id/tags/:tag', async (request, reply) => {
    rejectBody(request);
    const { image_id, tag } = request.params as { image_id: string; tag: string };
    // glance/api/v2/image_tags.py checks the tag against the image schema's `tags` items before anything else.
    const problem = validateJson(imageSchema, { tags: [tag] });
    if (problem) throw new BadRequest(`Provided object does not match schema 'image': ${problem}`);
    const image = await getImage(ctx, callerOf(ctx, request), image_id, `Image ${image_id} not found.`);
    enforceImage(ctx, request, 'modify_image', image);
    await addImageTag(ctx, image, tag);
    reply.code(204).send();
  });
  scope.delete('/v2/images/:image_id/tags/:tag', async (request, reply) => {
    rejectBody(request);
    const { image_id, tag } = request.params as { image_id: string; tag: string };
    const image = await getImage(ctx, callerOf(ctx, request), image_id, `Image ${image_id} not found.`);
    enforceImage(ctx, request, 'modify_image', image);
    await removeImageTag(ctx, image, tag);
    reply.code(204).send();
  });
}
