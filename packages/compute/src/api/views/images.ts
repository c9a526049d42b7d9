// Images as Nova's deprecated image proxy shows them (nova/api/openstack/compute/views/images.py): Glance's statuses
// in Nova's words, a progress, custom properties as `metadata`, and the server a snapshot was taken of.
import type { ComputeContext } from '../../context.js';
import type { ImageInfo } from '../../images.js';
import { resourceLinks } from '../common.js';

const STATUS: Record<string, string> = {
  active: 'ACTIVE',
  queued: 'SAVING',
  saving: 'SAVING',
  deleted: 'DELETED',
  pending_delete: 'DELETED',
  killed: 'ERROR',
};
const PROGRESS: Record<string, number> = { queued: 25, saving: 50, active: 100 };

/** Nova's status of an image. */
export function imageStatusOf(image: ImageInfo): string {
  return STATUS[image.status] ?? 'UNKNOWN';
}

/** Nova's isotime: seconds precision, `Z`. */
function isoTime(iso: string | undefined): string {
  return iso ? `${iso.slice(0, 19)}Z` : '';
}

/** self, bookmark, and the image's own address in the Image service (`alternate`). */
function imageLinks(
  ctx: ComputeContext,
  image: ImageInfo,
  imageEndpoint: string | undefined,
): Record<string, string>[] {
  const links: Record<string, string>[] = resourceLinks(ctx, 'images', image.id);
  if (imageEndpoint) {
    links.push({
      rel: 'alternate',
      type: 'application/vnd.openstack.image',
      href: `${imageEndpoint}/images/${image.id}`,
    });
  }
  return links;
}

/** An image in a plain list: id, name, links. */
export function imageSummaryView(
  ctx: ComputeContext,
  image: ImageInfo,
  imageEndpoint: string | undefined,
): Record<string, unknown> {
  return { id: image.id, name: image.name, links: imageLinks(ctx, image, imageEndpoint) };
}

/** Custom properties as Nova's `metadata`: strings, as Glance v1 kept them. */
export function imageMetadataOf(image: ImageInfo): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(image.properties)) {
    out[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}

/** An image in full (show and detail). */
export function imageView(
  ctx: ComputeContext,
  image: ImageInfo,
  imageEndpoint: string | undefined,
): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: image.id,
    name: image.name,
    minRam: image.minRam,
    minDisk: image.minDisk,
    metadata: imageMetadataOf(image),
    created: isoTime(image.createdAt),
    updated: isoTime(image.updatedAt),
    status: imageStatusOf(image),
    progress: PROGRESS[image.status] ?? 0,
    links: imageLinks(ctx, image, imageEndpoint),
    'OS-EXT-IMG-SIZE:size': image.size ?? 0,
  };
  const server = image.properties.instance_uuid;
  if (typeof server === 'string') view.server = { id: server, links: resourceLinks(ctx, 'servers', server) };
  return view;
}
