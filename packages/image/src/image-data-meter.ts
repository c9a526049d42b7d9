// The bytes of an upload on their way to the store: counted, held to the owner's remaining storage, hashed as Glance
// does (md5 `checksum`, sha512 `os_hash_value`) in worker threads beside the write, and the first bytes kept for the
// qcow2 header.
import { availableParallelism } from 'node:os';
import { Transform, type TransformCallback } from 'node:stream';
import { ParallelHash } from './parallel-hash.js';
import { storageQuotaFull } from './quotas.js';

/** The algorithm of `os_hash_value` (Glance's default `hashing_algorithm`). */
export const OS_HASH_ALGO = 'sha512';

/**
 * Which algorithms share a worker thread. Measured on 2 cores (docs/benchmarks.md, Image): the main thread's own
 * share of an upload (HTTP, streams, GC) is about half a hash's, so one hasher for both already takes the hashing off
 * it, and a third busy thread only adds switching; with more cores md5 and sha512 each get their own.
 */
const HASH_THREADS = availableParallelism() > 2 ? [['md5'], [OS_HASH_ALGO]] : [['md5', OS_HASH_ALGO]];

/**
 * Shared-memory slabs the data is copied into for the hash workers: a full slab is one message per worker. 1 MiB
 * keeps messages few (1024 per GiB); 8 of them let the hashers fall 8 MiB behind before the upload waits for them.
 */
const SLAB_BYTES = 1024 * 1024;
const SLABS = 8;

/**
 * A pass-through Transform: the request's chunks go on to the store untouched (no copy on that path), and a copy of
 * them, gathered into reused shared slabs, goes to the md5 and sha512 workers. The stream finishes only once both
 * digests are known, so `checksum` and `osHashValue` are set when the store's write completes.
 */
export class ImageDataMeter extends Transform {
  written = 0;
  head = Buffer.alloc(0);
  checksum: string | undefined;
  osHashValue: string | undefined;

  readonly #hash = new ParallelHash(HASH_THREADS);
  readonly #free: Buffer[] = [];
  #allocated = 0;
  #slab: Buffer | undefined;
  #filled = 0;
  #slabFreed: (() => void) | undefined;

  constructor(private readonly remaining: number) {
    super({ highWaterMark: SLAB_BYTES });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.written += chunk.length;
    if (this.written > this.remaining) {
      done(storageQuotaFull(this.written, this.remaining));
      return;
    }
    if (this.head.length < 32) this.head = Buffer.concat([this.head, chunk.subarray(0, 32 - this.head.length)]);
    this.push(chunk);
    this.#copy(chunk).then(() => done(), done);
  }

  override _flush(done: TransformCallback): void {
    if (this.#slab && this.#filled > 0) this.#seal();
    this.#hash.digest().then(([md5, sha512]) => {
      this.checksum = md5;
      this.osHashValue = sha512;
      done();
    }, done);
  }

  override _destroy(err: Error | null, done: (error?: Error | null) => void): void {
    if (this.checksum === undefined) this.#hash.abort();
    this.#slabFreed?.();
    done(err);
  }

  /** Copies `chunk` into slabs, handing each full one to the hashers; waits when all slabs are with them. */
  async #copy(chunk: Buffer): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) {
      this.#slab ??= await this.#takeSlab();
      if (this.destroyed) return;
      const copied = chunk.copy(this.#slab, this.#filled, offset);
      offset += copied;
      this.#filled += copied;
      if (this.#filled === SLAB_BYTES) this.#seal();
    }
  }

  #seal(): void {
    const slab = this.#slab!;
    this.#hash.update(slab.subarray(0, this.#filled)).then(
      () => {
        this.#free.push(slab);
        const wake = this.#slabFreed;
        this.#slabFreed = undefined;
        wake?.();
      },
      (err: Error) => this.destroy(err),
    );
    this.#slab = undefined;
    this.#filled = 0;
  }

  async #takeSlab(): Promise<Buffer> {
    for (;;) {
      const slab = this.#free.pop();
      if (slab) return slab;
      if (this.#allocated < SLABS) {
        this.#allocated++;
        return Buffer.from(new SharedArrayBuffer(SLAB_BYTES));
      }
      if (this.destroyed) throw new Error('upload stopped');
      await new Promise<void>((resolve) => {
        this.#slabFreed = resolve;
      });
    }
  }
}
