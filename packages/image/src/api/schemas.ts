// /v2/schemas/image(s) and /v2/schemas/member(s): the JSON schemas clients (glanceclient, the sdk) fetch.
import type { FastifyInstance } from 'fastify';
import { rejectBody } from './common.js';
import { imageSchema, imagesSchema } from './schemas/image.js';
import { memberSchema, membersSchema } from './schemas/member.js';

/** Registers GET /v2/schemas/{image,images,member,members}. */
export function schemaRoutes(scope: FastifyInstance): void {
  const documents = { image: imageSchema, images: imagesSchema, member: memberSchema, members: membersSchema };
  for (const [name, document] of Object.entries(documents)) {
    scope.get(`/v2/schemas/${name}`, async (request) => {
      rejectBody(request);
      return document;
    });
  }
}
