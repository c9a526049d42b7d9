// /v2/images/{image_id}/members and /members/{member_id}: sharing an image with other projects.
import { BadRequest, Forbidden, HttpError, NotFound } from '@nubo/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ImageContext } from '../context.js';
import {
  addImageMember,
  assertShared,
  getImageMember,
  listImageMembers,
  removeImageMember,
  updateImageMember,
} from '../image-members.js';
import { getImage, type ImageRecord } from '../images.js';
import { allowed, bodyOf, callerOf, enforceImage, imageTarget, policyDenied, rejectBody } from './common.js';
import { imageMemberView } from './views/image-members.js';

/** The image of a members request, worded as glance ImageMembersController._lookup_image. */
function lookupImage(ctx: ImageContext, request: FastifyRequest, imageId: string): Promise<ImageRecord> {
  return getImage(ctx, callerOf(ctx, request), imageId, `Image ${imageId} not found.`);
}

/** glance MemberAPIPolicy: the caller must see the image (404 otherwise), then hold `rule` (403 otherwise). */
function enforceMember(ctx: ImageContext, request: FastifyRequest, rule: string, image: ImageRecord): void {
  enforceImage(ctx, request, 'get_image', image);
  if (!allowed(ctx, request, rule, imageTarget(image, callerOf(ctx, request)))) throw policyDenied(rule);
}

/** Only shared images have members; each controller method words the 403 its own way. */
function requireShared(image: ImageRecord, message: string): void {
  try {
    assertShared(image);
  } catch {
    throw new Forbidden(message);
  }
}

/** A JSON object body, or the 400 Glance's deserializer gives when indexing something else. */
function objectBody(request: FastifyRequest, expected: string): Record<string, unknown> {
  const body = bodyOf(request);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new BadRequest(`Expected a ${expected}`);
  }
  return body as Record<string, unknown>;
}

/** Registers the member routes. */
export function imageMemberRoutes(scope: FastifyInstance, ctx: ImageContext): void {
  scope.get('/v2/images/:image_id/members', async (request) => {
    rejectBody(request);
    const { image_id } = request.params as { image_id: string };
    const image = await lookupImage(ctx, request, image_id);
    requireShared(image, `Not allowed to list members for image ${image_id}: Only shared images have members.`);
    enforceMember(ctx, request, 'get_members', image);
    const members = await listImageMembers(ctx, image, callerOf(ctx, request));
    return { members: members.map(imageMemberView), schema: '/v2/schemas/members' };
  });

  scope.post('/v2/images/:image_id/members', async (request) => {
    const body = objectBody(request, 'member in the form: {"member": "image_id"}');
    if (!('member' in body)) throw new BadRequest('Member to be added not specified');
    const memberId = body.member;
    if (!memberId) throw new BadRequest("Member can't be empty");
    if (typeof memberId !== 'string' || memberId.length > 255) {
      throw new BadRequest('Expected a member in the form: {"member": "image_id"}');
    }
    const { image_id } = request.params as { image_id: string };
    const image = await lookupImage(ctx, request, image_id);
    requireShared(image, `Not allowed to create members for image ${image_id}.`);
    enforceMember(ctx, request, 'add_member', image);
    return imageMemberView(await addImageMember(ctx, image, memberId));
  });

  scope.get('/v2/images/:image_id/members/:member_id', async (request) => {
    rejectBody(request);
    const { image_id, member_id } = request.params as { image_id: string; member_id: string };
    const image = await lookupImage(ctx, request, image_id);
    // Show turns every refusal into a 404, so as not to reveal memberships (image_members.py show).
    if (image.visibility !== 'shared') throw new NotFound('Only shared images have members.');
    try {
      enforceMember(ctx, request, 'get_member', image);
    } catch (err) {
      if (err instanceof HttpError && err.status === 403) throw new NotFound(err.message);
      throw err;
    }
    return imageMemberView(await getImageMember(ctx, image, callerOf(ctx, request), member_id));
  });

  scope.put('/v2/images/:image_id/members/:member_id', async (request) => {
    const body = objectBody(request, 'status in the form: {"status": "status"}');
    if (!('status' in body)) throw new BadRequest('Status not specified');
    const { image_id, member_id } = request.params as { image_id: string; member_id: string };
    const image = await lookupImage(ctx, request, image_id);
    requireShared(image, `Not allowed to update members for image ${image_id}.`);
    enforceMember(ctx, request, 'get_member', image);
    const member = await getImageMember(ctx, image, callerOf(ctx, request), member_id);
    // Only the member itself (or an admin) answers an offer: the owner holds no `member_id` on its own image.
    enforceMember(ctx, request, 'modify_member', image);
    return imageMemberView(await updateImageMember(ctx, member, body.status));
  });

  scope.delete('/v2/images/:image_id/members/:member_id', async (request, reply) => {
    rejectBody(request);
    const { image_id, member_id } = request.params as { image_id: string; member_id: string };
    const image = await lookupImage(ctx, request, image_id);
    requireShared(image, `Not allowed to delete members for image ${image_id}.`);
    enforceMember(ctx, request, 'get_member', image);
    const member = await getImageMember(ctx, image, callerOf(ctx, request), member_id);
    enforceMember(ctx, request, 'delete_member', image);
    await removeImageMember(ctx, member);
    reply.code(204).send();
  });
}
