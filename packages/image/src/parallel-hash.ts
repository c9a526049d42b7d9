// Hashes of image data computed in worker threads (each thread one group of algorithms), so md5 and sha512 run on
// another core while the main thread parses HTTP and writes to the store: on one thread the two hashes alone cost
// more than the HTTP and the write together (see docs/benchmarks.md, Image).
import { Worker } from 'node:worker_threads';

/**
 * The worker's whole program, plain CommonJS evaluated as is: the bundled CLI has no separate worker file to point
 * at, and this keeps the worker free of the TypeScript loader. One `Hash` per job id; the data arrives as views on
 * shared memory, so nothing is copied on the way; every `data` message is acknowledged once hashed, in order.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hashes = new Map();
parentPort.on('message', (m) => {
  if (m.op === 'start') hashes.set(m.id, m.algorithms.map((a) => createHash(a)));
  else if (m.op === 'data') {
    const data = new Uint8Array(m.buffer, m.offset, m.length);
    for (const hash of hashes.get(m.id) ?? []) hash.update(data);
    parentPort.postMessage({ id: m.id, op: 'ack' });
  } else if (m.op === 'end') {
    const list = hashes.get(m.id);
    hashes.delete(m.id);
    parentPort.postMessage({ id: m.id, op: 'digest', hex: list ? list.map((h) => h.digest('hex')) : null });
  } else if (m.op === 'drop') hashes.delete(m.id);
});
`;

type Reply = { id: number; op: 'ack' } | { id: number; op: 'digest'; hex: string[] | null };

/** What a job listens to on its worker. */
interface JobListener {
  reply(message: Reply): void;
  fail(err: Error): void;
}

/** One worker thread for one group of algorithms, shared by every upload; spawned on first use and after a crash. */
class HashThread {
  readonly #listeners = new Map<number, JobListener>();
  #worker: Worker | undefined;

  constructor(readonly algorithms: readonly string[]) {}

  /** Starts job `id` on the live worker and returns the worker, so the job keeps talking to that one. */
  open(id: number, listener: JobListener): Worker {
    this.#worker ??= this.#spawn();
    const worker = this.#worker;
    this.#listeners.set(id, listener);
    // A job in progress keeps the process alive (an in-process upload has no socket to do it); an idle one does not.
    worker.ref();
    worker.postMessage({ op: 'start', id, algorithms: this.algorithms });
    return worker;
  }

  close(id: number): void {
    this.#listeners.delete(id);
    if (this.#listeners.size === 0) this.#worker?.unref();
  }

  #spawn(): Worker {
    const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], env: {} });
    worker.on('message', (message: Reply) => this.#listeners.get(message.id)?.reply(message));
    const failAll = (err: Error) => {
      if (this.#worker !== worker) return;
      this.#worker = undefined;
      const listeners = [...this.#listeners.values()];
      this.#listeners.clear();
      for (const listener of listeners) listener.fail(err);
    };
    worker.on('error', failAll);
    worker.on('exit', (code) =>
      failAll(new Error(`${this.algorithms.join('+')} hash worker exited with code ${code}`)),
    );
    // Idle until a job opens (after the listeners: adding a 'message' listener refs the worker's port again).
    worker.unref();
    return worker;
  }
}

const threads = new Map<string, HashThread>();
let lastJobId = 0;

/** Per-thread progress of one job: resolvers of the acknowledgements still due, in order. */
interface Lane {
  worker: Worker;
  acks: { resolve(): void; reject(err: Error): void }[];
  digest?: { resolve(hex: string[]): void; reject(err: Error): void };
}

/**
 * Several digests of one stream, each computed in its own worker thread.
 *
 * The caller hands over data in SharedArrayBuffer-backed views and must not touch a view until the promise of its
 * `update` settles (the workers read it in place). After `digest`, or `abort`, the object is spent.
 *
 * @example
 *   const hash = new ParallelHash(['md5', 'sha512']);
 *   await hash.update(slab.subarray(0, filled));
 *   const [md5, sha512] = await hash.digest();
 */
export class ParallelHash {
  readonly #id = ++lastJobId;
  readonly #threads: HashThread[];
  readonly #lanes: Lane[];
  #failure: Error | undefined;

  constructor(groups: readonly (readonly string[])[]) {
    this.#threads = groups.map((algorithms) => {
      const key = algorithms.join('+');
      const thread = threads.get(key) ?? new HashThread(algorithms);
      threads.set(key, thread);
      return thread;
    });
    this.#lanes = this.#threads.map((thread) => {
      const lane: Lane = { worker: undefined as unknown as Worker, acks: [] };
      lane.worker = thread.open(this.#id, {
        reply: (message) => {
          if (message.op === 'ack') lane.acks.shift()?.resolve();
          else if (message.hex === null) lane.digest?.reject(new Error('hash worker lost the job'));
          else lane.digest?.resolve(message.hex);
        },
        fail: (err) => this.#fail(err),
      });
      return lane;
    });
  }

  /** Feeds `data` (a view on a SharedArrayBuffer) to every algorithm; settles once all have hashed it. */
  update(data: Uint8Array): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    const message = { op: 'data', id: this.#id, buffer: data.buffer, offset: data.byteOffset, length: data.length };
    return Promise.all(
      this.#lanes.map(
        (lane) =>
          new Promise<void>((resolve, reject) => {
            lane.acks.push({ resolve, reject });
            lane.worker.postMessage(message);
          }),
      ),
    ).then(() => undefined);
  }

  /** The hex digests, in the order of the algorithms given; after every `update` before it. */
  async digest(): Promise<string[]> {
    if (this.#failure) throw this.#failure;
    try {
      const digests = await Promise.all(
        this.#lanes.map(
          (lane) =>
            new Promise<string[]>((resolve, reject) => {
              lane.digest = { resolve, reject };
              lane.worker.postMessage({ op: 'end', id: this.#id });
            }),
        ),
      );
      return digests.flat();
    } finally {
      this.#release();
    }
  }

  /** Drops the job (the upload failed): the workers forget its state, pending promises reject. */
  abort(): void {
    if (!this.#failure) this.#fail(new Error('hashing aborted'));
    for (const lane of this.#lanes) lane.worker.postMessage({ op: 'drop', id: this.#id });
  }

  #fail(err: Error): void {
    this.#failure ??= err;
    for (const lane of this.#lanes) {
      for (const ack of lane.acks.splice(0)) ack.reject(err);
      lane.digest?.reject(err);
      lane.digest = undefined;
    }
    this.#release();
  }

  #release(): void {
    for (const thread of this.#threads) thread.close(this.#id);
  }
}
