// Puts a stock image into the Image service: a public image `name` (disk_format raw, container_format bare), made
// once; an image of that name already active is kept unless asked to replace it.
import { readFileSync } from 'node:fs';
import type { Session } from '@nubo/sdk';

export interface UploadResult {
  id: string;
  /** False when an active image of that name was already there. */
  uploaded: boolean;
}

export async function uploadStockImage(
  session: Session,
  name: string,
  file: string,
  options: { replace?: boolean; properties?: Record<string, string> } = {},
): Promise<UploadResult> {
  const found = await session.request<{ images: { id: string; status: string }[] }>(
    'image',
    'GET',
    `/v2/images?name=${encodeURIComponent(name)}`,
  );
  for (const image of found.data.images) {
    if (image.status === 'active' && !options.replace) return { id: image.id, uploaded: false };
    await session.request('image', 'DELETE', `/v2/images/${image.id}`);
  }
  const created = await session.request<{ id: string }>('image', 'POST', '/v2/images', {
    body: {
      name,
      disk_format: 'raw',
      container_format: 'bare',
      visibility: 'public',
      os_type: 'linux',
      ...options.properties,
    },
  });
  await session.request('image', 'PUT', `/v2/images/${created.data.id}/file`, {
    raw: readFileSync(file),
    contentType: 'application/octet-stream',
  });
  return { id: created.data.id, uploaded: true };
}
