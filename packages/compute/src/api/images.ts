// /images and /images/{id}/metadata: Nova's deprecated proxy to the Image service (up to 2.35, metadata up to 2.38),
// still used by older clients and Tempest. Every call goes to Glance with the caller's own token, so Glance decides
// what the caller sees and may change; Nova has no policy rules of its own here.
import { BadRequest, NotFound } from '@nubo/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ComputeContext } from '../context.js';
import type { ImageInfo } from '../images.js';
import { idFromHref } from '../server-create.js';
import { authOf, callerOf, collectionLinks, limitAndMarker, queryLast, requireVersion } from './common.js';
import { imageMetadataOf, imageStatusOf, imageSummaryView, imageView } from './views/images.js';

type Params = { image_id: string; key: string };

const IMAGE_NOT_FOUND = (id: string) => new NotFound(`Image ${id} could not be found.`);

/** The Image endpoint for `alternate` links (none when the catalog lacks it). */
async function imageEndpoint(ctx: ComputeContext): Promise<string | undefined> {
  return ctx
    .session()
    .endpoint('image')
    .catch(() => undefined);
}

/** Nova's image list filters (`_get_filters`), applied to what Glance lists for the caller. */
function filtered(request: FastifyRequest, images: ImageInfo[]): ImageInfo[] {
  const name = queryLast(request, 'name');
  const status = queryLast(request, 'status')?.toUpperCase();
  const server = queryLast(request, 'server');
  const type = queryLast(request, 'type');
  const minRam = queryLast(request, 'minRam');
  const minDisk = queryLast(request, 'minDisk');
  const since = queryLast(request, 'changes-since');
  const sinceMs = since === undefined ? undefined : Date.parse(since);
  if (since !== undefined && Number.isNaN(sinceMs)) throw new BadRequest(`Invalid changes-since value: ${since}`);
  return images.filter(
    (image) =>
      (name === undefined || image.name === name) &&
      (status === undefined || imageStatusOf(image) === status) &&
      (server === undefined || image.properties.instance_uuid === idFromHref(server)) &&
      (type === undefined || image.properties.image_type === type) &&
      (minRam === undefined || image.minRam >= Number(minRam)) &&
      (minDisk === undefined || image.minDisk >= Number(minDisk)) &&
      (sinceMs === undefined || Date.parse(image.updatedAt ?? '') >= sinceMs),
  );
}

/** The page after `marker` (404-free: an unknown marker is a 400, as Nova's MarkerNotFound). */
function paged(request: FastifyRequest, images: ImageInfo[]): ImageInfo[] {
  const { limit, marker } = limitAndMarker(request);
  let start = 0;
  if (marker !== undefined) {
    const at = images.findIndex((i) => i.id === marker);
    if (at < 0) throw new BadRequest(`Marker ${marker} could not be found.`);
    start = at + 1;
  }
  return images.slice(start, start + limit);
}

/** Metadata values must be strings of at most 255 characters, keys 1–255 (Nova's image metadata schema). */
function checkedMetadata(body: unknown, key: 'metadata' | 'meta'): Record<string, string> {
  const value = (body as Record<string, unknown> | null)?.[key];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new BadRequest(`Invalid input for field/attribute ${key}. '${key}' is a required property`);
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k.length < 1 || k.length > 255)
      throw new BadRequest(`Invalid input for field/attribute ${key}. Bad key: '${k}'`);
    if (typeof v !== 'string' || v.length > 255) {
      throw new BadRequest(`Invalid input for field/attribute ${key}/${k}. Value: ${JSON.stringify(v)}.`);
    }
    out[k] = v;
  }
  return out;
}

export function imageRoutes(scope: FastifyInstance, ctx: ComputeContext): void {
  const token = (request: FastifyRequest): string => {
    callerOf(ctx, request); // a project-scoped token, as every Compute call
    return authOf(request).token;
  };
  const list = async (request: FastifyRequest, detail: boolean) => {
    requireVersion(request, '2.1', '2.35');
    const images = paged(request, filtered(request, await ctx.images.listAs(token(request))));
    const endpoint = await imageEndpoint(ctx);
    const links = collectionLinks(ctx, request, detail ? 'images/detail' : 'images', images.length, images.at(-1)?.id);
    return {
      images: images.map((i) => (detail ? imageView(ctx, i, endpoint) : imageSummaryView(ctx, i, endpoint))),
      ...(links.length > 0 ? { images_links: links } : {}),
    };
  };
  const found = async (request: FastifyRequest): Promise<ImageInfo> => {
    const { image_id } = request.params as Params;
    const image = await ctx.images.getAs(token(request), image_id);
    if (!image) throw IMAGE_NOT_FOUND(image_id);
    return image;
  };
  const update = async (request: FastifyRequest, set: Record<string, string>, remove: string[]) => {
    const { image_id } = request.params as Params;
    const image = await ctx.images.updatePropertiesAs(token(request), image_id, set, remove);
    if (!image) throw IMAGE_NOT_FOUND(image_id);
    return image;
  };

  scope.get('/v2.1/images', (request) => list(request, false));
  scope.get('/v2.1/images/detail', (request) => list(request, true));
  scope.get('/v2.1/images/:image_id', async (request) => {
    requireVersion(request, '2.1', '2.35');
    return { image: imageView(ctx, await found(request), await imageEndpoint(ctx)) };
  });
  scope.delete('/v2.1/images/:image_id', async (request, reply) => {
    requireVersion(request, '2.1', '2.35');
    const { image_id } = request.params as Params;
    if (!(await ctx.images.deleteAs(token(request), image_id))) throw IMAGE_NOT_FOUND(image_id);
    reply.code(204);
  });

  scope.get('/v2.1/images/:image_id/metadata', async (request) => {
    requireVersion(request, '2.1', '2.38');
    return { metadata: imageMetadataOf(await found(request)) };
  });
  scope.post('/v2.1/images/:image_id/metadata', async (request) => {
    requireVersion(request, '2.1', '2.38');
    return { metadata: imageMetadataOf(await update(request, checkedMetadata(request.body, 'metadata'), [])) };
  });
  scope.put('/v2.1/images/:image_id/metadata', async (request) => {
    requireVersion(request, '2.1', '2.38');
    const metadata = checkedMetadata(request.body, 'metadata');
    const current = await found(request);
    const stale = Object.keys(imageMetadataOf(current)).filter((k) => !(k in metadata));
    return { metadata: imageMetadataOf(await update(request, metadata, stale)) };
  });
  scope.get('/v2.1/images/:image_id/metadata/:key', async (request) => {
    requireVersion(request, '2.1', '2.38');
    const { key } = request.params as Params;
    const metadata = imageMetadataOf(await found(request));
    if (!(key in metadata)) throw new NotFound(`Image ${(request.params as Params).image_id} has no metadata ${key}`);
    return { meta: { [key]: metadata[key] } };
  });
  scope.put('/v2.1/images/:image_id/metadata/:key', async (request) => {
    requireVersion(request, '2.1', '2.38');
    const { key } = request.params as Params;
    const meta = checkedMetadata(request.body, 'meta');
    if (Object.keys(meta).length > 1) throw new BadRequest('Request body contains too many items');
    if (!(key in meta)) throw new BadRequest('Request body and URI mismatch');
    const image = await update(request, meta, []);
    return { meta: { [key]: imageMetadataOf(image)[key] } };
  });
  scope.delete('/v2.1/images/:image_id/metadata/:key', async (request, reply) => {
    requireVersion(request, '2.1', '2.38');
    const { key } = request.params as Params;
    if (!(key in imageMetadataOf(await found(request)))) {
      throw new NotFound(`Image ${(request.params as Params).image_id} has no metadata ${key}`);
    }
    await update(request, {}, [key]);
    reply.code(204);
  });
}
