// Image data: the upload that takes an image from queued through saving to active, and the download of its bytes.
import type { Readable } from 'node:stream';
import { BadRequest, Conflict, Forbidden, HttpError, PayloadTooLarge } from '@nubo/core';
import type { ImageContext } from './context.js';
import * as q from './db/images.js';
import { ImageDataMeter, OS_HASH_ALGO } from './image-data-meter.js';
import { type Caller, type ImageRecord, isoNow } from './images.js';
import { remainingStorage } from './quotas.js';
import type { ByteRange } from './stores/store.js';

export { OS_HASH_ALGO };

const QCOW2_MAGIC = 0x514649fb;

/** Bytes of a refused upload read and dropped so the client still gets the answer; past this the socket is cut. */
const DISCARD_LIMIT = 16 * 1024 * 1024;

/** The virtual size Glance's format inspector would report: a raw or iso image is its size; qcow2 says in its header. */
function virtualSizeOf(diskFormat: string | null, size: number, head: Buffer): number | null {
  if (diskFormat === 'raw' || diskFormat === 'iso') return size;
  if (diskFormat === 'qcow2' && head.length >= 32 && head.readUInt32BE(0) === QCOW2_MAGIC) {
    return Number(head.readBigUInt64BE(24));
  }
  return null;
}

/**
 * Pipes the request into the meter so that a failing request (client gone) fails the meter and, when the meter
 * stops early (quota exceeded, store failed), the rest of the request is read and dropped rather than the socket
 * destroyed: the client then still receives the 413 or 500 (up to DISCARD_LIMIT bytes).
 */
function connect(data: Readable, meter: ImageDataMeter): void {
  data.on('error', (err) => meter.destroy(err));
  meter.on('close', () => {
    if (data.readableEnded || data.destroyed) return;
    data.unpipe(meter);
    let dropped = 0;
    data.on('data', (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > DISCARD_LIMIT) data.destroy();
    });
    data.resume();
  });
  data.pipe(meter);
}

/** 410: the image went away while its data was being written (glance/api/v2/image_data.py). */
function goneDuringUpload(id: string): HttpError {
  return new HttpError(
    410,
    'Gone',
    `Image ${id} could not be found after upload. The image may have been deleted during the upload, cleaning up the chunks uploaded.`,
  );
}

/**
 * Streams `data` into the store as the image's data and activates the image.
 *
 * The image goes queued → saving (a compare-and-set, so one upload wins), the bytes are hashed on the way, and on
 * success it becomes active with size, checksum and hash. On any failure the partial data is removed and the image
 * returns to queued (Glance v2 no longer leaves images `killed`), so the upload can be retried.
 *
 * @throws Conflict (409) unless the image is queued.
 * @throws BadRequest without disk and container formats, or when `declaredSize` does not match the bytes sent.
 * @throws PayloadTooLarge (413) when the data would exceed the owner's storage quota.
 * @throws HttpError 410 when the image was deleted during the upload.
 */
export async function uploadImageData(
  ctx: ImageContext,
  image: ImageRecord,
  data: Readable,
  declaredSize: number | null,
): Promise<void> {
  const remaining = await remainingStorage(ctx, image.owner, declaredSize);
  if (image.status !== 'queued') {
    throw new Conflict(`Image status transition from ${image.status} to saving is not allowed`);
  }
  const missing = (['disk_format', 'container_format'] as const).filter((k) => !image[k]);
  if (missing.length > 0) {
    const what = missing.length === 1 ? 'Property' : 'Properties';
    throw new BadRequest(`${what} ${missing.join(', ')} must be set prior to saving data.`);
  }
  if (!(await q.updateImage(ctx.db, image.id, { status: 'saving', updated_at: isoNow() }, 'queued'))) {
    throw new Conflict(`Image status transition from ${image.status} to saving is not allowed`);
  }
  const meter = new ImageDataMeter(remaining);
  connect(data, meter);
  let location: string | undefined;
  try {
    const stored = await ctx.store.add(image.id, meter);
    location = stored.location;
    if (declaredSize !== null && stored.size !== declaredSize) {
      throw new BadRequest(
        `Size of the uploaded data (${stored.size} bytes) does not match x-openstack-image-size (${declaredSize} bytes).`,
      );
    }
    const activated = await q.updateImage(
      ctx.db,
      image.id,
      {
        status: 'active',
        size: stored.size,
        virtual_size: virtualSizeOf(image.disk_format, stored.size, meter.head),
        checksum: meter.checksum!,
        os_hash_algo: OS_HASH_ALGO,
        os_hash_value: meter.osHashValue!,
        location: stored.location,
        store: ctx.store.id,
        updated_at: isoNow(),
      },
      'saving',
    );
    if (!activated) throw goneDuringUpload(image.id);
  } catch (err) {
    if (location) await ctx.store.delete(location).catch(() => undefined);
    // Back to queued unless the image was deleted meanwhile (then the update matches nothing).
    await q.updateImage(ctx.db, image.id, { status: 'queued', updated_at: isoNow() }, 'saving');
    if (err instanceof HttpError) throw err;
    throw storeFailure(err);
  }
}

/** The answer Glance gives for a store or stream failure (glance/api/v2/image_data.py upload). */
function storeFailure(err: unknown): unknown {
  const { code, message } = err as NodeJS.ErrnoException;
  // glance_store's message when the client stops sending mid-upload.
  if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || message === 'aborted') {
    return new BadRequest('Client disconnected before sending all data to backend');
  }
  if (code === 'ENOSPC' || code === 'EDQUOT') return new PayloadTooLarge(`Image storage media is full: ${message}`);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new HttpError(503, 'Service Unavailable', `Insufficient permissions on image storage media: ${message}`);
  }
  return err;
}

/** Glance refuses data of a deactivated image to all but admins (api-ref "Deactivate image"). */
export function assertDownloadable(image: ImageRecord, caller: Caller): void {
  if (image.status === 'deactivated' && !caller.isAdmin) {
    throw new Forbidden('The requested image has been deactivated. Image data download is forbidden.');
  }
}

/** The image's bytes (or a range of them), or null when it has no data yet (Glance answers 204). */
export async function readImageData(
  ctx: ImageContext,
  image: ImageRecord,
  range?: ByteRange,
): Promise<Readable | null> {
  if (!image.location) return null;
  return ctx.store.get(image.location, range);
}
