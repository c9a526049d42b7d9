// How the sdk reaches an API: over HTTP (fetch), or — in the all-in-one process — straight into the Fastify app,
// still through the API's routes, auth and policy (never around them).
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';

export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export interface TransportResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface Transport {
  request(request: TransportRequest): Promise<TransportResponse>;
}

/** HTTP with the global fetch (keep-alive by default in Node's undici). */
export class FetchTransport implements Transport {
  constructor(private readonly timeoutMs = 60_000) {}

  async request(request: TransportRequest): Promise<TransportResponse> {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      headers[key] = value;
    });
    return { status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) };
  }
}

/**
 * In-process: URLs under `baseUrl` go to `app.inject()` (same routes, hooks and policy as over HTTP, without a
 * socket); anything else goes over HTTP.
 */
export class InProcessTransport implements Transport {
  private readonly http = new FetchTransport();

  constructor(
    private readonly app: FastifyInstance,
    private readonly baseUrl: string,
  ) {}

  async request(request: TransportRequest): Promise<TransportResponse> {
    if (!request.url.startsWith(this.baseUrl)) return this.http.request(request);
    // A body given as a stream is read through stream events; given as a string or Buffer, light-my-request
    // delivers it on a later turn of the event loop (setImmediate), which under load waits behind every request in
    // flight — a whole turn for each call between services.
    const body = typeof request.body === 'string' ? Buffer.from(request.body) : request.body;
    const response = await this.app.inject({
      method: request.method as 'GET',
      url: request.url.slice(this.baseUrl.length) || '/',
      headers: body ? { ...request.headers, 'content-length': String(body.length) } : request.headers,
      payload: body ? bodyStream(body) : undefined,
    });
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(response.headers)) {
      if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    return { status: response.statusCode, headers, body: response.rawPayload };
  }
}

/** A readable stream of one buffer. */
function bodyStream(body: Buffer): Readable {
  return new Readable({
    read() {
      this.push(body);
      this.push(null);
    },
  });
}
