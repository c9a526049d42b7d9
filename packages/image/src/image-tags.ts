// Image tags: one tag added or removed at a time (PUT/DELETE /v2/images/{id}/tags/{tag}).
import { NotFound } from '@nubo/core';
import type { ImageContext } from './context.js';
import { type ImageRecord, saveImage } from './images.js';
import { enforceTagQuota } from './quotas.js';

/** Adds a tag; adding one the image already has changes nothing but `updated_at`. */
export async function addImageTag(ctx: ImageContext, image: ImageRecord, tag: string): Promise<void> {
  const tags = new Set(image.tags).add(tag);
  enforceTagQuota(ctx, tags.size);
  await saveImage(ctx, { ...image, tags: [...tags].sort() });
}

/**
 * Removes a tag.
 *
 * @throws NotFound when the image does not have it.
 */
export async function removeImageTag(ctx: ImageContext, image: ImageRecord, tag: string): Promise<void> {
  if (!image.tags.includes(tag)) throw new NotFound('The resource could not be found.');
  await saveImage(ctx, { ...image, tags: image.tags.filter((t) => t !== tag) });
}
