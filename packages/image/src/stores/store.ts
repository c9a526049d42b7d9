// The contract every image store keeps (glance_store's driver API, cut to what nubo uses): add, get, delete.
import type { Readable } from 'node:stream';

/** What a store can do beyond the required methods. */
export interface StoreCapabilities {
  /** `get` honours `range` without reading the bytes before it (a seek, not a skip). */
  rangeRead: boolean;
}

/** Where an `add` put the data: an opaque location to hand back to `get` and `delete`. */
export interface StoredData {
  /** The store's URL for the data, e.g. `file:///var/lib/nubo/images/<id>`; kept in the image row. */
  location: string;
  /** Bytes written. */
  size: number;
}

/** A byte range of stored data: `offset` from the start, `length` bytes (to the end when absent). */
export interface ByteRange {
  offset: number;
  length?: number;
}

/**
 * An image store: opaque blobs by image id. The domain computes checksums and enforces quotas in the stream it hands
 * to `add`; a store only moves bytes. Stores are selected by id from a static registry (plugin.ts).
 *
 * Errors: a store throws `NotFound` (from @nubo/core) for a location it does not hold and passes through the error
 * of the data stream it was given (so a quota or size check in that stream aborts the write); anything else is an
 * infrastructure failure.
 */
export interface ImageStore {
  /** The store identifier clients see in /v2/info/stores and `OpenStack-image-store-ids` (e.g. `file`). */
  readonly id: string;
  readonly capabilities: StoreCapabilities;

  /**
   * Writes `data` as the data of image `imageId`, streaming (never the whole image in memory).
   *
   * Called once per upload, while the image is `saving`. Postcondition on success: `get(location)` returns exactly
   * the bytes read from `data`. On failure (the stream errors, the disk fills) nothing is left behind: a partial
   * write is removed before the promise rejects. Writing again for the same image id replaces the earlier data.
   *
   * @throws whatever error `data` emitted; or an infrastructure error (ENOSPC, EACCES).
   */
  add(imageId: string, data: Readable): Promise<StoredData>;

  /**
   * Streams the data at `location`, or the `range` of it. Called for every download; may be called concurrently.
   *
   * @throws NotFound when the store holds nothing at `location`.
   */
  get(location: string, range?: ByteRange): Promise<Readable>;

  /**
   * Removes the data at `location`. Idempotent: deleting a location that holds nothing succeeds.
   */
  delete(location: string): Promise<void>;

  /** Free-form facts for `GET /v2/info/stores/detail` (e.g. the file store's `data_dir`). */
  properties(): Record<string, unknown>;
}
