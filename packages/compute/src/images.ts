// Images as Compute sees them: looked up in Glance (`GET /v2/images/{id}`) and created there for snapshots, through
// the sdk as the nova service user; plus a fake of the same interface for tests.
import { newUuid } from '@nubo/core';
import { ApiError, type Session } from '@nubo/sdk';

/** What server create, rebuild and createImage read of an image. */
export interface ImageInfo {
  id: string;
  name: string | null;
  /** queued, saving, active, killed, deleted, pending_delete, deactivated, uploading, importing. */
  status: string;
  /** public, community, shared, private. */
  visibility: string;
  owner: string | null;
  /** Bytes of image data (null until uploaded). */
  size: number | null;
  minDisk: number;
  minRam: number;
  diskFormat: string | null;
  containerFormat: string | null;
  /** Custom properties (hw_*, os_*, …). */
  properties: Record<string, unknown>;
  /** ISO timestamps, as Glance reports them. */
  createdAt?: string;
  updatedAt?: string;
}

/** A new image record for a snapshot, created `queued`; the engine uploads its data later. */
export interface ImageCreate {
  name: string;
  /** The project that will own the image (the server's project, as Nova's snapshot does). */
  owner: string;
  properties: Record<string, string>;
}

/** Compute's view of the Image service. */
export interface ImageApi {
  /**
   * The image `imageId` as the project `projectId` may see it (public, community, owned, or shared with it); undefined
   * when it does not exist or is not visible — Nova calls Glance with the user's token and gets a 404 then.
   */
  get(imageId: string, projectId: string): Promise<ImageInfo | undefined>;
  /** Creates a queued image owned by `image.owner`. */
  create(image: ImageCreate): Promise<ImageInfo>;
  /** Every image the caller (its token; '' for the service user) sees, as Glance lists them (Nova's image proxy). */
  listAs(token: string, filters?: Record<string, string>): Promise<ImageInfo[]>;
  /** One image as the caller sees it; undefined when Glance answers 404. */
  getAs(token: string, imageId: string): Promise<ImageInfo | undefined>;
  /** Deletes an image as the caller; false when Glance answers 404. Glance's 403 (protected, not owner) is thrown. */
  deleteAs(token: string, imageId: string): Promise<boolean>;
  /** Sets and removes custom properties as the caller; undefined when the image is not found. */
  updatePropertiesAs(
    token: string,
    imageId: string,
    set: Record<string, string>,
    remove: string[],
  ): Promise<ImageInfo | undefined>;
}

const BASE_ATTRIBUTES = new Set([
  'id',
  'name',
  'status',
  'visibility',
  'owner',
  'size',
  'virtual_size',
  'min_disk',
  'min_ram',
  'disk_format',
  'container_format',
  'checksum',
  'protected',
  'os_hidden',
  'os_hash_algo',
  'os_hash_value',
  'created_at',
  'updated_at',
  'tags',
  'self',
  'file',
  'schema',
  'locations',
  'direct_url',
  'stores',
]);

/** An ImageInfo from Glance's v2 image document. */
export function imageInfoOf(doc: Record<string, unknown>): ImageInfo {
  const properties: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) if (!BASE_ATTRIBUTES.has(key)) properties[key] = value;
  return {
    id: String(doc.id),
    name: typeof doc.name === 'string' ? doc.name : null,
    status: String(doc.status ?? 'queued'),
    visibility: String(doc.visibility ?? 'shared'),
    owner: typeof doc.owner === 'string' ? doc.owner : null,
    size: typeof doc.size === 'number' ? doc.size : null,
    minDisk: Number(doc.min_disk ?? 0),
    minRam: Number(doc.min_ram ?? 0),
    diskFormat: typeof doc.disk_format === 'string' ? doc.disk_format : null,
    containerFormat: typeof doc.container_format === 'string' ? doc.container_format : null,
    properties,
    ...(typeof doc.created_at === 'string' ? { createdAt: doc.created_at } : {}),
    ...(typeof doc.updated_at === 'string' ? { updatedAt: doc.updated_at } : {}),
  };
}

/** Glance's 404 (and the 400 of an id that is no UUID) as undefined; anything else is thrown. */
function orNotFound<T>(promise: Promise<T>): Promise<T | undefined> {
  return promise.catch((err) => {
    if (err instanceof ApiError && (err.status === 404 || err.status === 400)) return undefined;
    throw err;
  });
}

/** Glance through the sdk, as the nova service user (an admin, so visibility is checked here for the caller). */
export function glanceImageApi(session: () => Session): ImageApi {
  return {
    async get(imageId, projectId) {
      let doc: Record<string, unknown>;
      try {
        doc = (
          await session().request<Record<string, unknown>>('image', 'GET', `/v2/images/${encodeURIComponent(imageId)}`)
        ).data;
      } catch (err) {
        if (err instanceof ApiError && (err.status === 404 || err.status === 400)) return undefined;
        throw err;
      }
      const image = imageInfoOf(doc);
      if (image.visibility === 'public' || image.visibility === 'community' || image.owner === projectId) return image;
      if (image.visibility === 'shared') {
        try {
          await session().request('image', 'GET', `/v2/images/${encodeURIComponent(imageId)}/members/${projectId}`);
          return image;
        } catch (err) {
          if (err instanceof ApiError && err.status === 404) return undefined;
          throw err;
        }
      }
      return undefined;
    },
    async create(image) {
      const response = await session().request<Record<string, unknown>>('image', 'POST', '/v2/images', {
        body: { ...image.properties, name: image.name, owner: image.owner, visibility: 'private' },
      });
      return imageInfoOf(response.data);
    },
    async listAs(token, filters = {}) {
      const images: ImageInfo[] = [];
      let path: string | undefined = `/v2/images?${new URLSearchParams({ limit: '1000', ...filters })}`;
      while (path) {
        const page: { images: Record<string, unknown>[]; next?: string } = (
          await session().request<{ images: Record<string, unknown>[]; next?: string }>('image', 'GET', path, as(token))
        ).data;
        images.push(...page.images.map(imageInfoOf));
        path = page.next;
      }
      return images;
    },
    async getAs(token, imageId) {
      const found = await orNotFound(
        session().request<Record<string, unknown>>(
          'image',
          'GET',
          `/v2/images/${encodeURIComponent(imageId)}`,
          as(token),
        ),
      );
      return found && imageInfoOf(found.data);
    },
    async deleteAs(token, imageId) {
      const done = await orNotFound(
        session().request('image', 'DELETE', `/v2/images/${encodeURIComponent(imageId)}`, as(token)),
      );
      return done !== undefined;
    },
    async updatePropertiesAs(token, imageId, set, remove) {
      const current = await this.getAs(token, imageId);
      if (!current) return undefined;
      const patch = [
        ...Object.entries(set).map(([key, value]) => ({
          op: key in current.properties ? 'replace' : 'add',
          path: `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`,
          value,
        })),
        ...remove
          .filter((key) => key in current.properties)
          .map((key) => ({ op: 'remove', path: `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}` })),
      ];
      if (patch.length === 0) return current;
      const response = await orNotFound(
        session().request<Record<string, unknown>>('image', 'PATCH', `/v2/images/${encodeURIComponent(imageId)}`, {
          ...as(token),
          body: patch,
          contentType: 'application/openstack-images-v2.1-json-patch',
        }),
      );
      return response && imageInfoOf(response.data);
    },
  };
}

/** Request options that call Glance with the caller's token instead of the service user's ('' keeps the latter). */
function as(token: string): { headers?: Record<string, string> } {
  return token ? { headers: { 'x-auth-token': token } } : {};
}

/** An in-memory ImageApi for tests: `add()` images, then servers can boot from them; snapshots land in `images`. */
export class FakeImageApi implements ImageApi {
  readonly images = new Map<string, ImageInfo>();

  /** Adds an active public image (override any field) and returns it. */
  add(image: Partial<ImageInfo> = {}): ImageInfo {
    const info: ImageInfo = {
      id: newUuid(),
      name: 'cirros',
      status: 'active',
      visibility: 'public',
      owner: null,
      size: 16 * 1024 * 1024,
      minDisk: 0,
      minRam: 0,
      diskFormat: 'qcow2',
      containerFormat: 'bare',
      properties: {},
      ...image,
    };
    this.images.set(info.id, info);
    return info;
  }

  async get(imageId: string, projectId: string): Promise<ImageInfo | undefined> {
    const image = this.images.get(imageId);
    if (!image) return undefined;
    return image.visibility === 'public' || image.visibility === 'community' || image.owner === projectId
      ? image
      : undefined;
  }

  async listAs(_token: string, filters: Record<string, string> = {}): Promise<ImageInfo[]> {
    return [...this.images.values()].filter((image) =>
      Object.entries(filters).every(([k, v]) => k.startsWith('sort_') || image.properties[k] === v),
    );
  }

  async getAs(_token: string, imageId: string): Promise<ImageInfo | undefined> {
    return this.images.get(imageId);
  }

  async deleteAs(_token: string, imageId: string): Promise<boolean> {
    return this.images.delete(imageId);
  }

  async updatePropertiesAs(
    _token: string,
    imageId: string,
    set: Record<string, string>,
    remove: string[],
  ): Promise<ImageInfo | undefined> {
    const image = this.images.get(imageId);
    if (!image) return undefined;
    const properties = { ...image.properties, ...set };
    for (const key of remove) delete properties[key];
    image.properties = properties;
    return image;
  }

  async create(image: ImageCreate): Promise<ImageInfo> {
    return this.add({
      name: image.name,
      owner: image.owner,
      visibility: 'private',
      status: 'queued',
      size: null,
      diskFormat: null,
      containerFormat: null,
      properties: { ...image.properties },
    });
  }
}
