// /v2/images/{image_id}/file: upload (PUT, streamed into the store) and download (GET, streamed out, with ranges).
import { Readable } from 'node:stream';
import { BadRequest, HttpError } from '@nubo/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ImageContext } from '../context.js';
import { assertDownloadable, readImageData, uploadImageData } from '../image-data.js';
import { getImage } from '../images.js';
import type { ByteRange } from '../stores/store.js';
import { callerOf, enforceImage, rejectBody } from './common.js';

/** The declared size of an upload: `x-openstack-image-size`, else Content-Length, else unknown (chunked). */
function declaredSize(headers: Record<string, string | string[] | undefined>): number | null {
  const explicit = headers['x-openstack-image-size'];
  const text = typeof explicit === 'string' ? explicit : headers['content-length'];
  if (text === undefined) return null;
  if (typeof text !== 'string' || !/^\s*\d+\s*$/.test(text)) {
    throw new BadRequest('Invalid or missing image size in request headers.');
  }
  return Number(text);
}

/**
 * A single `bytes=` range of RFC 7233 (what webob's Range.parse accepts), resolved against the image size; undefined
 * for no or an unparsable header (Glance then sends the whole image).
 *
 * @throws HttpError 416 when the range lies outside the data.
 */
function rangeOf(header: string | undefined, size: number): ByteRange | undefined {
  const m = header ? /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header) : null;
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (m[2] !== '' && Number(m[2]) < start) return undefined;
  }
  if (start >= size || end < start) {
    throw new HttpError(416, 'Requested Range Not Satisfiable', 'The Range requested is not available.', {
      'content-range': `bytes */${size}`,
    });
  }
  return { offset: start, length: end - start + 1 };
}

/** Glance checks the media type before reading anything, so data sent as JSON or text is a 415, never parsed. */
async function requireOctetStream(request: FastifyRequest): Promise<void> {
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (contentType !== 'application/octet-stream') {
    throw new HttpError(415, 'Unsupported Media Type', `Invalid content type ${contentType || 'None'}`);
  }
}

/** Registers upload and download of image data. */
export function imageDataRoutes(scope: FastifyInstance, ctx: ImageContext): void {
  const upload = { config: { streamedBody: true }, preParsing: requireOctetStream };
  scope.put('/v2/images/:image_id/file', upload, async (request, reply) => {
    const size = declaredSize(request.headers);
    // Image API 2.8: X-Image-Meta-Store picks the store; an unknown one is a 400 before anything is read.
    const store = request.headers['x-image-meta-store'];
    if (store !== undefined && store !== ctx.store.id) {
      throw new BadRequest(`Unknown scheme '${String(store)}' found in URI`);
    }
    const { image_id } = request.params as { image_id: string };
    const image = await getImage(ctx, callerOf(ctx, request), image_id);
    enforceImage(ctx, request, 'upload_image', image);
    const data = request.body instanceof Readable ? request.body : Readable.from([]);
    await uploadImageData(ctx, image, data, size);
    reply.code(204).send();
  });

  scope.get('/v2/images/:image_id/file', async (request, reply) => {
    rejectBody(request);
    const { image_id } = request.params as { image_id: string };
    const caller = callerOf(ctx, request);
    const image = await getImage(ctx, caller, image_id);
    assertDownloadable(image, caller);
    enforceImage(ctx, request, 'download_image', image);
    const size = image.size ?? 0;
    const range = image.location ? rangeOf(request.headers.range, size) : undefined;
    const data = await readImageData(ctx, image, range);
    // No data yet: Glance answers 204 No Content (api-ref "Download binary image data").
    if (!data) return reply.code(204).send();
    reply.header('content-type', 'application/octet-stream');
    if (image.checksum) reply.header('content-md5', image.checksum);
    if (range) {
      reply
        .code(206)
        .header('content-range', `bytes ${range.offset}-${range.offset + range.length! - 1}/${size}`)
        .header('content-length', String(range.length));
    } else {
      reply.header('content-length', String(size));
    }
    return reply.send(data);
  });
}
