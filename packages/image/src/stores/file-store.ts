// The `file` store: one file per image under a directory, written through a temporary name and renamed when whole.
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { rename, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { NotFound } from '@nubo/core';
import type { ByteRange, ImageStore, StoreCapabilities, StoredData } from './store.js';

/** Image ids are UUIDs; anything else never names a file (no `..`, no separators). */
const SAFE_ID = /^[0-9A-Za-z-]{1,64}$/;

/**
 * glance_store's filesystem driver in spirit: `<dir>/<image id>`, location `file://<dir>/<image id>`.
 *
 * @example const store = new FileStore('/var/lib/nubo/images');
 */
export class FileStore implements ImageStore {
  readonly id = 'file';
  readonly capabilities: StoreCapabilities = { rangeRead: true };
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = resolve(dir);
    mkdirSync(this.#dir, { recursive: true });
  }

  async add(imageId: string, data: Readable): Promise<StoredData> {
    if (!SAFE_ID.test(imageId)) throw new Error(`file store: unsafe image id ${JSON.stringify(imageId)}`);
    const path = join(this.#dir, imageId);
    // Written beside and renamed into place, so a reader never sees half an image and a failed upload leaves none.
    const partial = `${path}.part`;
    const out = createWriteStream(partial, { highWaterMark: 1024 * 1024 });
    try {
      await pipeline(data, out);
      await rename(partial, path);
    } catch (err) {
      await unlink(partial).catch(() => undefined);
      throw err;
    }
    return { location: pathToFileURL(path).href, size: out.bytesWritten };
  }

  async get(location: string, range?: ByteRange): Promise<Readable> {
    const path = this.#pathOf(location);
    try {
      await stat(path);
    } catch {
      throw new NotFound(`No image data could be found at ${location}`);
    }
    const options: { start?: number; end?: number; highWaterMark: number } = { highWaterMark: 1024 * 1024 };
    if (range) {
      options.start = range.offset;
      if (range.length !== undefined) options.end = range.offset + range.length - 1;
    }
    return createReadStream(path, options);
  }

  async delete(location: string): Promise<void> {
    try {
      await unlink(this.#pathOf(location));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }

  properties(): Record<string, unknown> {
    // The keys glance's InfoController._get_file_properties reports.
    return { data_dir: this.#dir, chunk_size: 1024 * 1024, thin_provisioning: false };
  }

  /** The file of a location, refusing any location outside this store's directory. */
  #pathOf(location: string): string {
    let path: string;
    try {
      path = fileURLToPath(location);
    } catch {
      throw new NotFound(`No image data could be found at ${location}`);
    }
    const name = path.slice(this.#dir.length + 1);
    if (!path.startsWith(`${this.#dir}/`) || !SAFE_ID.test(name)) {
      throw new NotFound(`No image data could be found at ${location}`);
    }
    return path;
  }
}
