// Image data for the container driver from Glance (`GET /v2/images/{id}` for its formats, then `/file`), through
// the sdk as the nova service user, as Nova's libvirt driver fetches an image into its cache.
import type { Session } from '@nubo/sdk';
import type { DriverImageData } from '../driver.js';

export function glanceDriverImageData(session: () => Session): DriverImageData {
  return {
    async download(imageId) {
      const path = `/v2/images/${encodeURIComponent(imageId)}`;
      const image = (await session().request<Record<string, unknown>>('image', 'GET', path)).data;
      if (image.status !== 'active') throw new Error(`image ${imageId} is ${String(image.status)}, not active`);
      const file = await session().request('image', 'GET', `${path}/file`, {
        headers: { accept: 'application/octet-stream' },
      });
      return {
        containerFormat: typeof image.container_format === 'string' ? image.container_format : null,
        diskFormat: typeof image.disk_format === 'string' ? image.disk_format : null,
        data: file.raw,
      };
    },
  };
}
