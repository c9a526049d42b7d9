// An image as Glance shows it: custom properties at the top level beside the base attributes, and relative links.
import type { ImageRecord } from '../../images.js';

/**
 * glance/api/v2/images.py ResponseSerializer._format_image with Glance's default configuration
 * (show_multiple_locations and show_image_direct_url off, so no `locations` nor `direct_url`), plus `stores`
 * because nubo runs with one enabled backend.
 */
export function imageView(image: ImageRecord): Record<string, unknown> {
  const view: Record<string, unknown> = {
    ...image.properties,
    name: image.name,
    disk_format: image.disk_format,
    container_format: image.container_format,
    visibility: image.visibility,
    size: image.size,
    virtual_size: image.virtual_size,
    status: image.status,
    checksum: image.checksum,
    protected: image.protected,
    min_ram: image.min_ram,
    min_disk: image.min_disk,
    owner: image.owner,
    os_hidden: image.os_hidden,
    os_hash_algo: image.os_hash_algo,
    os_hash_value: image.os_hash_value,
    id: image.id,
    created_at: image.created_at,
    updated_at: image.updated_at,
    tags: image.tags,
    self: `/v2/images/${image.id}`,
    file: `/v2/images/${image.id}/file`,
    schema: '/v2/schemas/image',
  };
  if (image.location && image.store) view.stores = image.store;
  return view;
}
