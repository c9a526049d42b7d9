// An authenticated session: password login against Keystone v3, the catalog, and requests to any service in it.
// Re-authenticates shortly before the token expires, as keystoneauth does.
import { Readable } from 'node:stream';
import { ApiError } from './errors.js';
import type {
  Transport,
  TransportBody,
  TransportRequest,
  TransportResponse,
  TransportStreamResponse,
} from './transport.js';

export interface PasswordAuth {
  authUrl: string;
  username: string;
  password: string;
  projectName: string;
  userDomainName?: string;
  projectDomainName?: string;
}

interface CatalogEntry {
  type: string;
  endpoints: { interface: string; region_id: string | null; url: string }[];
}

export interface RequestOptions {
  body?: unknown;
  /**
   * Raw body (e.g. image data), sent as is with the given content type: bytes in memory, or a stream read as it is
   * sent (never held whole; with `rawLength` it goes with a Content-Length, else chunked).
   */
  raw?: Buffer | Readable;
  /** Bytes a streamed `raw` will yield, sent as Content-Length. */
  rawLength?: number;
  contentType?: string;
  headers?: Record<string, string>;
  /** e.g. `compute 2.60` → OpenStack-API-Version header. */
  microversion?: string;
  /** Statuses that are not errors (default: 2xx). */
  ok?: number[];
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  data: T;
  raw: Buffer;
}

/** A response whose body streams: read it to the end or destroy it. */
export interface StreamedApiResponse {
  status: number;
  headers: Record<string, string>;
  body: Readable;
}

/** The most of an error response's body a streamed request reads for the ApiError message. */
const ERROR_BODY_LIMIT = 64 * 1024;

export class Session {
  private token: string | undefined;
  private expiresAt = 0;
  private catalog: CatalogEntry[] = [];
  private pending: Promise<void> | undefined;

  constructor(
    private readonly auth: PasswordAuth,
    private readonly transport: Transport,
    private readonly options: { region?: string; interface?: 'public' | 'internal' | 'admin' } = {},
  ) {}

  /** A valid token (logging in when there is none or it expires within a minute). */
  async getToken(): Promise<string> {
    if (!this.token || Date.now() > this.expiresAt - 60_000) {
      this.pending ??= this.login().finally(() => {
        this.pending = undefined;
      });
      await this.pending;
    }
    return this.token!;
  }

  /** The endpoint URL of a service type in the catalog (trailing slash removed). */
  async endpoint(serviceType: string): Promise<string> {
    await this.getToken();
    const wanted = this.options.interface ?? 'internal';
    const entry = this.catalog.find((e) => e.type === serviceType);
    const endpoints = (entry?.endpoints ?? []).filter(
      (e) => !this.options.region || e.region_id === this.options.region,
    );
    const endpoint = endpoints.find((e) => e.interface === wanted) ?? endpoints.find((e) => e.interface === 'public');
    if (!endpoint) throw new Error(`no ${serviceType} endpoint in the catalog`);
    return endpoint.url.replace(/\/+$/, '');
  }

  /** A request to `path` under the service's endpoint; JSON in and out unless `raw` is given. */
  async request<T = unknown>(
    serviceType: string,
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const url = `${await this.endpoint(serviceType)}${path}`;
    return this.requestUrl<T>(method, url, options);
  }

  async requestUrl<T = unknown>(method: string, url: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const request = await this.prepare(method, url, options);
    try {
      const response = await this.transport.request(request);
      return this.parse<T>(method, url, response, options.ok);
    } finally {
      finishBody(request.body);
    }
  }

  /**
   * Like `request`, but the response body streams (e.g. an image download): resolved once the headers are in.
   *
   * @throws ApiError for a status outside `ok` (default 2xx), with the start of the error body as its message.
   */
  async requestStream(
    serviceType: string,
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<StreamedApiResponse> {
    const url = `${await this.endpoint(serviceType)}${path}`;
    return this.requestUrlStream(method, url, options);
  }

  async requestUrlStream(method: string, url: string, options: RequestOptions = {}): Promise<StreamedApiResponse> {
    const request = await this.prepare(method, url, options);
    let response: TransportStreamResponse;
    try {
      response = this.transport.stream
        ? await this.transport.stream(request)
        : bufferedAsStream(await this.transport.request(request));
    } catch (err) {
      finishBody(request.body);
      throw err;
    }
    const good = options.ok ? options.ok.includes(response.status) : response.status >= 200 && response.status < 300;
    if (!good) {
      const text = await readAtMost(response.body, ERROR_BODY_LIMIT);
      finishBody(request.body);
      throw new ApiError(response.status, method, url, text, response.headers['x-openstack-request-id']);
    }
    return { status: response.status, headers: response.headers, body: response.body };
  }

  private async prepare(method: string, url: string, options: RequestOptions): Promise<TransportRequest> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'x-auth-token': await this.getToken(),
      ...(options.microversion ? { 'openstack-api-version': options.microversion } : {}),
      ...(options.headers ?? {}),
    };
    let body: TransportBody | undefined;
    if (options.raw) {
      body = options.raw;
      headers['content-type'] = options.contentType ?? 'application/octet-stream';
      if (options.raw instanceof Readable && options.rawLength !== undefined) {
        headers['content-length'] = String(options.rawLength);
      }
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = options.contentType ?? 'application/json';
    }
    return { method, url, headers, body };
  }

  private parse<T>(method: string, url: string, response: TransportResponse, ok?: number[]): ApiResponse<T> {
    const good = ok ? ok.includes(response.status) : response.status >= 200 && response.status < 300;
    if (!good) {
      throw new ApiError(
        response.status,
        method,
        url,
        response.body.toString('utf8'),
        response.headers['x-openstack-request-id'],
      );
    }
    const type = response.headers['content-type'] ?? '';
    const data = (
      type.includes('json') && response.body.length > 0 ? JSON.parse(response.body.toString('utf8')) : undefined
    ) as T;
    return { status: response.status, headers: response.headers, data, raw: response.body };
  }

  private async login(): Promise<void> {
    const url = `${this.auth.authUrl.replace(/\/+$/, '')}/auth/tokens`;
    const response = await this.transport.request({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        auth: {
          identity: {
            methods: ['password'],
            password: {
              user: {
                name: this.auth.username,
                domain: { name: this.auth.userDomainName ?? 'Default' },
                password: this.auth.password,
              },
            },
          },
          scope: {
            project: { name: this.auth.projectName, domain: { name: this.auth.projectDomainName ?? 'Default' } },
          },
        },
      }),
    });
    const parsed = this.parse<{ token: { expires_at: string; catalog?: CatalogEntry[] } }>(
      'POST',
      url,
      response,
      [201],
    );
    this.token = response.headers['x-subject-token'];
    this.expiresAt = Date.parse(parsed.data.token.expires_at);
    this.catalog = parsed.data.token.catalog ?? [];
  }
}

/** A streamed request body the server answered before reading to its end is closed, as a socket would be. */
function finishBody(body: TransportBody | undefined): void {
  if (body instanceof Readable && !body.readableEnded) body.destroy();
}

function bufferedAsStream(response: TransportResponse): TransportStreamResponse {
  return { status: response.status, headers: response.headers, body: Readable.from([response.body]) };
}

/** Up to `limit` bytes of `body` as text; the rest is dropped and the stream destroyed. */
async function readAtMost(body: Readable, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of body) {
      chunks.push(chunk as Buffer);
      length += (chunk as Buffer).length;
      if (length >= limit) break;
    }
  } catch {
    // The error status is what matters; a body cut short still says what it can.
  } finally {
    body.destroy();
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}
