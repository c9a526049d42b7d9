// How the sdk reaches an API: over HTTP (fetch), or — in the all-in-one process — straight into the Fastify app,
// still through the API's routes, auth and policy (never around them). Bodies may stream both ways, so an image
// passes through in chunks and is never held whole.
import { Readable, Transform, type TransformCallback } from 'node:stream';
import type { FastifyInstance, InjectOptions } from 'fastify';

/** A request body: text or bytes held in memory, or a stream read as it is sent. */
export type TransportBody = string | Buffer | Readable;

export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** A Readable goes out as it is read: with the `content-length` header when set, chunked otherwise. */
  body?: TransportBody;
}

export interface TransportResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** A response whose body arrives as a stream; the caller reads (or destroys) it. */
export interface TransportStreamResponse {
  status: number;
  headers: Record<string, string>;
  body: Readable;
}

export interface Transport {
  /** The whole response, its body buffered (for JSON answers). */
  request(request: TransportRequest): Promise<TransportResponse>;
  /**
   * The response as soon as its headers are in, the body streaming with backpressure. Optional, so test transports
   * that answer from memory need not implement it: the Session then falls back to `request`.
   */
  stream?(request: TransportRequest): Promise<TransportStreamResponse>;
}

/**
 * Aborts a request after `ms` without progress: until the response headers, and while a streamed body moves, each
 * chunk restarts the clock (a 1 GiB image may take longer than any fixed limit, a stalled one must not hang).
 */
class IdleTimeout {
  readonly controller = new AbortController();
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly ms: number) {
    this.touch();
  }

  touch(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(
      () => this.controller.abort(new DOMException(`no progress for ${this.ms} ms`, 'TimeoutError')),
      this.ms,
    );
    this.#timer.unref();
  }

  clear(): void {
    clearTimeout(this.#timer);
  }
}

/** Passes chunks through unchanged, restarting the idle clock on each. */
class Progress extends Transform {
  constructor(private readonly timeout: IdleTimeout) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.timeout.touch();
    done(null, chunk);
  }
}

/** `source` seen through a Progress: errors of either end reach the other, the clock stops when it ends. */
function watched(source: Readable, timeout: IdleTimeout, onEnd?: () => void): Readable {
  const progress = new Progress(timeout);
  source.on('error', (err) => progress.destroy(err));
  progress.on('close', () => {
    onEnd?.();
    if (!source.readableEnded) source.destroy();
  });
  return source.pipe(progress);
}

function flatHeaders(source: Record<string, string | string[] | number | undefined>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return headers;
}

/** HTTP with the global fetch (keep-alive by default in Node's undici). */
export class FetchTransport implements Transport {
  constructor(private readonly timeoutMs = 60_000) {}

  async request(request: TransportRequest): Promise<TransportResponse> {
    const { response, timeout } = await this.#fetch(request);
    try {
      const body = Buffer.from(await response.arrayBuffer());
      return { status: response.status, headers: this.#headers(response), body };
    } finally {
      timeout.clear();
    }
  }

  async stream(request: TransportRequest): Promise<TransportStreamResponse> {
    const { response, timeout } = await this.#fetch(request);
    if (!response.body) {
      timeout.clear();
      return { status: response.status, headers: this.#headers(response), body: Readable.from([]) };
    }
    const body = watched(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), timeout, () =>
      timeout.clear(),
    );
    return { status: response.status, headers: this.#headers(response), body };
  }

  async #fetch(request: TransportRequest): Promise<{ response: Response; timeout: IdleTimeout }> {
    const timeout = new IdleTimeout(this.timeoutMs);
    const streamed = request.body instanceof Readable;
    const init: RequestInit & { duplex?: 'half' } = {
      method: request.method,
      headers: request.headers,
      signal: timeout.controller.signal,
    };
    if (streamed) {
      // undici takes any async iterable as a body; `duplex: 'half'` is required for one.
      init.body = watched(request.body as Readable, timeout) as unknown as RequestInit['body'];
      init.duplex = 'half';
    } else if (request.body !== undefined) {
      init.body = request.body as string | Uint8Array;
    }
    try {
      return { response: await fetch(request.url, init), timeout };
    } catch (err) {
      timeout.clear();
      throw err;
    }
  }

  #headers(response: Response): Record<string, string> {
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      headers[key] = value;
    });
    return headers;
  }
}

/**
 * In-process: URLs under `baseUrl` go to `app.inject()` (same routes, hooks and policy as over HTTP, without a
 * socket); anything else goes over HTTP. A Readable request body is fed to the route as it reads it, and `stream`
 * hands the route's response body over chunk by chunk (light-my-request's `payloadAsStream`), with backpressure.
 */
export class InProcessTransport implements Transport {
  private readonly http = new FetchTransport();

  constructor(
    private readonly app: FastifyInstance,
    private readonly baseUrl: string,
  ) {}

  async request(request: TransportRequest): Promise<TransportResponse> {
    if (!request.url.startsWith(this.baseUrl)) return this.http.request(request);
    const response = await this.app.inject(this.#inject(request));
    return { status: response.statusCode, headers: flatHeaders(response.headers), body: response.rawPayload };
  }

  async stream(request: TransportRequest): Promise<TransportStreamResponse> {
    if (!request.url.startsWith(this.baseUrl)) return this.http.stream(request);
    const response = await this.app.inject({ ...this.#inject(request), payloadAsStream: true });
    const body = response.stream();
    // A caller that stops reading early closes the response, as a socket closing would: the route's stream (an
    // open image file) is destroyed rather than left paused forever.
    body.once('close', () => {
      if (!body.readableEnded) response.raw.res.destroy();
    });
    return { status: response.statusCode, headers: flatHeaders(response.headers), body };
  }

  #inject(request: TransportRequest): InjectOptions {
    const headers = { ...request.headers };
    // A server learns that a request has a body from one of these two; a stream of unknown length goes chunked.
    if (request.body instanceof Readable && headers['content-length'] === undefined) {
      headers['transfer-encoding'] = 'chunked';
    }
    return {
      method: request.method as 'GET',
      url: request.url.slice(this.baseUrl.length) || '/',
      headers,
      payload: request.body === undefined ? undefined : asStream(request.body, headers),
    };
  }
}

/**
 * A body in memory goes into inject() as a one-chunk stream: given as a string or Buffer, light-my-request delivers
 * it on a later turn of the event loop (setImmediate), which under load waits behind every request in flight — a
 * whole turn for each call between services (the Placement claim of every server build).
 */
function asStream(body: TransportBody, headers: Record<string, string>): Readable {
  if (body instanceof Readable) return body;
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  headers['content-length'] ??= String(bytes.length);
  return new Readable({
    read() {
      this.push(bytes);
      this.push(null);
    },
  });
}
