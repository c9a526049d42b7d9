// Image data as the agent writes it: a snapshot's bytes uploaded to Glance (`PUT /v2/images/{id}/file`) after the
// formats are set, through the sdk as the nova service user; plus an in-memory stand-in for tests.
import { ApiError, type Session } from '@nubo/sdk';
import type { SnapshotData } from '../drivers/driver.js';

/** What the agent asks of the Image service. */
export interface ImageDataApi {
  /** Sets the image's disk and container formats when unset, then uploads the data (the image becomes active). */
  upload(imageId: string, snapshot: SnapshotData): Promise<void>;
  /** Deletes an image whose snapshot failed (Nova deletes the queued image); an image already gone is fine. */
  delete(imageId: string): Promise<void>;
}

/** Glance v2 through an sdk Session. */
export class GlanceImageData implements ImageDataApi {
  constructor(private readonly session: () => Session) {}

  async upload(imageId: string, snapshot: SnapshotData): Promise<void> {
    const path = `/v2/images/${encodeURIComponent(imageId)}`;
    const image = (await this.session().request<Record<string, unknown>>('image', 'GET', path)).data;
    const ops = [];
    // Glance refuses data until both formats are set ("Properties disk_format, container_format must be set prior
    // to saving data"); Nova sets them from the hypervisor's snapshot as it uploads.
    if (!image.disk_format) ops.push({ op: 'replace', path: '/disk_format', value: snapshot.diskFormat });
    if (!image.container_format)
      ops.push({ op: 'replace', path: '/container_format', value: snapshot.containerFormat });
    if (ops.length > 0) {
      await this.session().request('image', 'PATCH', path, {
        body: ops,
        contentType: 'application/openstack-images-v2.1-json-patch',
      });
    }
    await this.session().request('image', 'PUT', `${path}/file`, {
      raw: snapshot.data,
      contentType: 'application/octet-stream',
    });
  }

  async delete(imageId: string): Promise<void> {
    try {
      await this.session().request('image', 'DELETE', `/v2/images/${encodeURIComponent(imageId)}`);
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) throw err;
    }
  }
}

/** Keeps uploads in memory (for tests): image id → the snapshot uploaded. */
export class MemoryImageData implements ImageDataApi {
  readonly uploads = new Map<string, SnapshotData>();
  readonly deleted: string[] = [];

  async upload(imageId: string, snapshot: SnapshotData): Promise<void> {
    this.uploads.set(imageId, snapshot);
  }

  async delete(imageId: string): Promise<void> {
    this.deleted.push(imageId);
  }
}
