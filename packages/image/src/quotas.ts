// Per-project and per-image limits: image count and stored bytes (Glance's unified limits), properties, tags, members.
import { PayloadTooLarge } from '@nubo/core';
import type { ImageContext } from './context.js';
import { countOwnedImages, sumOwnedImageSizes } from './db/images.js';

/**
 * Glance's LimitExceeded text wrapped around oslo.limit's ProjectOverLimit message, which is what a client sees
 * when `image_count_total` or `image_size_total` is exceeded (glance/quota/keystone.py).
 */
function overLimit(projectId: string, resource: string, limit: number, usage: number, delta: number): PayloadTooLarge {
  return new PayloadTooLarge(
    'The request returned a 413 Request Entity Too Large. This generally means that rate limiting or a quota ' +
      `threshold was breached.\n\nThe response body:\nProject ${projectId} is over a limit for ` +
      `[Resource ${resource} is over limit of ${limit} due to current usage ${usage} and delta ${delta}]`,
  );
}

/** Before a create: one more image must fit under `imageCountQuota`. */
export async function enforceImageCount(ctx: ImageContext, owner: string): Promise<void> {
  const limit = ctx.config.imageCountQuota;
  if (limit < 0) return;
  const usage = await countOwnedImages(ctx.db, owner);
  if (usage + 1 > limit) throw overLimit(owner, 'image_count_total', limit, usage, 1);
}

/**
 * Bytes the owner may still store, or Infinity. With `declared` (the upload's announced size) it refuses up front,
 * as Glance's enforce_image_size_total does before reading any data.
 */
export async function remainingStorage(
  ctx: ImageContext,
  owner: string | null,
  declared: number | null,
): Promise<number> {
  const limit = ctx.config.imageSizeTotalQuotaBytes;
  if (limit < 0 || owner === null) return Number.POSITIVE_INFINITY;
  const usage = await sumOwnedImageSizes(ctx.db, owner);
  if (declared !== null && usage + declared > limit) {
    throw overLimit(owner, 'image_size_total', limit, usage, declared);
  }
  return Math.max(0, limit - usage);
}

/** The 413 of an upload that ran past the owner's remaining storage (Glance's StorageQuotaFull). */
export function storageQuotaFull(written: number, remaining: number): PayloadTooLarge {
  return new PayloadTooLarge(
    `Image exceeds the storage quota: The size of the data ${written} will exceed the limit. ${remaining} bytes remaining.`,
  );
}

function perImage(limit: number, attempted: number, what: string): void {
  if (limit >= 0 && attempted > limit) {
    throw new PayloadTooLarge(
      `The limit has been exceeded on the number of allowed image ${what}. Attempted: ${attempted}, Maximum: ${limit}`,
    );
  }
}

/** Custom properties per image (Glance image_property_quota). */
export function enforcePropertyQuota(ctx: ImageContext, attempted: number): void {
  perImage(ctx.config.imagePropertyQuota, attempted, 'properties');
}

/** Tags per image (Glance image_tag_quota). */
export function enforceTagQuota(ctx: ImageContext, attempted: number): void {
  perImage(ctx.config.imageTagQuota, attempted, 'tags');
}

/** Members per image (Glance image_member_quota), worded as glance/api/v2/image_members.py words the 413. */
export function enforceMemberQuota(ctx: ImageContext, imageId: string, attempted: number): void {
  const limit = ctx.config.imageMemberQuota;
  if (limit >= 0 && attempted > limit) {
    throw new PayloadTooLarge(
      `Image member limit exceeded for image ${imageId}: The limit has been exceeded on the number of allowed ` +
        `image members for this image. Attempted: ${attempted}, Maximum: ${limit}:`,
    );
  }
}

/** A project's usage against the limits nubo enforces, as GET /v2/info/usage reports it (sizes in MiB). */
export async function quotaUsage(
  ctx: ImageContext,
  projectId: string | null,
): Promise<Record<string, { limit: number; usage: number }>> {
  const [count, bytes] = projectId
    ? await Promise.all([countOwnedImages(ctx.db, projectId), sumOwnedImageSizes(ctx.db, projectId)])
    : [0, 0];
  const mib = (n: number) => (n < 0 ? -1 : Math.floor(n / 1024 ** 2));
  return {
    image_size_total: { limit: mib(ctx.config.imageSizeTotalQuotaBytes), usage: mib(bytes) },
    image_count_total: { limit: ctx.config.imageCountQuota, usage: count },
  };
}
