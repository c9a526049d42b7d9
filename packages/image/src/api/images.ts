// /v2/images and /v2/images/{image_id}: create, list, show, update (JSON patch) and delete.
import { BadRequest, Conflict, Forbidden } from '@nubo/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ImageContext } from '../context.js';
import {
  type Caller,
  createImage,
  deleteImage,
  getImage,
  type ImageCreateInput,
  listImages,
  READONLY_ATTRIBUTES,
  RESERVED_NAMESPACE,
  updateImage,
  WRITABLE_ATTRIBUTES,
  type WritableAttribute,
} from '../images.js';
import {
  allowed,
  bodyOf,
  callerOf,
  enforce,
  enforceImage,
  imageTarget,
  policyDenied,
  queryPairs,
  rejectBody,
} from './common.js';
import { parseImageListQuery } from './image-list-query.js';
import { type ParsedChange, parseImagePatch, patchDraft } from './image-patch.js';
import { BASE_PROPERTY_NAMES, imageSchema } from './schemas/image.js';
import { validateJson } from './schemas/json-schema.js';
import { imageView } from './views/images.js';

/** Keys a create body may not carry at all (RequestDeserializer._disallowed_properties). */
const DISALLOWED = ['direct_url', 'self', 'file', 'schema', 'stores'];
/** Custom property names reserved for Glance (deserializer and ImageFactory). */
const RESERVED = new Set(['location', 'locations', 'deleted', 'deleted_at']);

/** A create body split as glance/api/v2/images.py RequestDeserializer.create and ImageFactory.new_image do. */
function parseCreateBody(body: unknown): ImageCreateInput & { owner?: string | null } {
  if (body === undefined) throw new BadRequest('Body expected in request.');
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new BadRequest(
      `Provided object does not match schema 'image': ${JSON.stringify(body)} is not of type 'object'`,
    );
  }
  const fields = body as Record<string, unknown>;
  for (const key of DISALLOWED) if (key in fields) throw new Forbidden(`Attribute '${key}' is read-only.`);
  const problem = validateJson(imageSchema, fields);
  if (problem) throw new BadRequest(`Provided object does not match schema 'image': ${problem}`);
  const input: ImageCreateInput & { owner?: string | null } = {
    attributes: {},
    properties: {},
    tags: (fields.tags as string[] | undefined) ?? [],
  };
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'tags') continue;
    if (READONLY_ATTRIBUTES.has(key)) throw new Forbidden(`Attribute '${key}' is read-only.`);
    if (key === 'id') input.id = value as string;
    else if (key === 'owner') input.owner = value as string | null;
    else if (WRITABLE_ATTRIBUTES.has(key)) input.attributes[key as WritableAttribute] = value;
    else {
      if ([...key].length > 255) throw new BadRequest('Custom property should not be greater than 255 characters.');
      if (RESERVED.has(key) || key.startsWith(RESERVED_NAMESPACE))
        throw new Forbidden(`Attribute '${key}' is reserved.`);
      // A null custom value (allowed by the schema for kernel_id and ramdisk_id) sets nothing.
      if (value !== null && !BASE_PROPERTY_NAMES.has(key)) input.properties[key] = value as string;
    }
  }
  return input;
}

/** Python's urlencode (quote_plus) of query pairs, for the `first` and `next` links. */
function urlencode(params: Map<string, string>): string {
  const quote = (s: string) =>
    encodeURIComponent(s)
      .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
      .replaceAll('%20', '+');
  return [...params].map(([k, v]) => `${quote(k)}=${quote(v)}`).join('&');
}

/** Enforces the policies a patch needs (glance ImageAPIPolicy.update_property per change, in order). */
function authorizeChanges(
  ctx: ImageContext,
  request: FastifyRequest,
  caller: Caller,
  image: Parameters<typeof imageTarget>[0],
  changes: ParsedChange[],
): void {
  const target = imageTarget(image, caller);
  for (const change of changes) {
    // Glance checks replace only; nubo refuses `add /owner` too, or any member could give an image away.
    if (change.name === 'owner' && change.op !== 'remove' && !caller.isAdmin) {
      throw new Forbidden("Owner can't be updated by non admin.");
    }
    if (change.name === 'visibility' && change.op !== 'remove') {
      const rule = { public: 'publicize_image', community: 'communitize_image' }[String(change.value)];
      if (rule && !allowed(ctx, request, rule, target)) throw policyDenied(rule);
    }
    enforceImage(ctx, request, 'modify_image', image);
  }
}

/** Registers the image collection and item routes. */
export function imageRoutes(scope: FastifyInstance, ctx: ImageContext): void {
  scope.post('/v2/images', async (request, reply) => {
    const input = parseCreateBody(bodyOf(request));
    const caller = callerOf(ctx, request);
    const owner = input.owner === undefined ? caller.projectId : input.owner;
    const visibility = (input.attributes.visibility as string | undefined) ?? 'private';
    const target = { project_id: owner, owner, visibility };
    if (!allowed(ctx, request, 'add_image', target)) {
      // glance ImageAPIPolicy.add_image words the refusal after the owner when that is what differs.
      if (owner !== caller.projectId) {
        throw new Forbidden(`You are not permitted to create images owned by '${owner ?? 'None'}'`);
      }
      throw policyDenied('add_image');
    }
    const visibilityRule = { public: 'publicize_image', community: 'communitize_image' }[visibility];
    if (visibilityRule) enforce(ctx, request, visibilityRule, target);
    const image = await createImage(ctx, owner, input);
    reply
      .code(201)
      .header('location', `${ctx.baseUrl}/v2/images/${image.id}`)
      // Sent when multiple stores are enabled (Image API 2.8); nubo has exactly one, `file`.
      .header('openstack-image-store-ids', ctx.store.id);
    return imageView(image);
  });

  scope.get('/v2/images', async (request) => {
    const caller = callerOf(ctx, request);
    enforce(ctx, request, 'get_images', { project_id: caller.projectId });
    const pairs = queryPairs(request);
    const params = parseImageListQuery(pairs, {
      defaultLimit: ctx.config.limitParamDefault,
      maxLimit: ctx.config.apiLimitMax,
    });
    const page = await listImages(ctx, caller, params);
    const images = page.images.filter((image) => allowed(ctx, request, 'get_image', imageTarget(image, caller)));
    const query = new Map<string, string>();
    for (const [key, value] of pairs) query.set(key, value);
    query.delete('marker');
    const body: Record<string, unknown> = {
      images: images.map(imageView),
      first: query.size > 0 ? `/v2/images?${urlencode(query)}` : '/v2/images',
      schema: '/v2/schemas/images',
    };
    if (page.nextMarker !== undefined && images.length > 0) {
      query.set('marker', page.nextMarker);
      body.next = `/v2/images?${urlencode(query)}`;
    }
    return body;
  });

  scope.get('/v2/images/:image_id', async (request) => {
    rejectBody(request);
    const { image_id } = request.params as { image_id: string };
    const image = await getImage(ctx, callerOf(ctx, request), image_id);
    enforceImage(ctx, request, 'get_image', image);
    return imageView(image);
  });

  scope.patch('/v2/images/:image_id', async (request) => {
    const draft = patchDraft(request.headers['content-type']);
    const changes = parseImagePatch(request.body, draft);
    const { image_id } = request.params as { image_id: string };
    const caller = callerOf(ctx, request);
    const image = await getImage(ctx, caller, image_id);
    authorizeChanges(ctx, request, caller, image, changes);
    for (const change of changes) {
      // Draft 4 `add` means "add, and it must not exist yet" (glance _do_add).
      if (change.draft === 4 && change.op === 'add') {
        if (WRITABLE_ATTRIBUTES.has(change.name) || change.name in image.properties) {
          throw new Conflict(`Property ${change.name} already present.`);
        }
      }
    }
    return imageView(await updateImage(ctx, image, changes));
  });

  scope.delete('/v2/images/:image_id', async (request, reply) => {
    rejectBody(request);
    const { image_id } = request.params as { image_id: string };
    const image = await getImage(ctx, callerOf(ctx, request), image_id);
    enforceImage(ctx, request, 'delete_image', image);
    await deleteImage(ctx, image);
    reply.code(204).send();
  });
}
