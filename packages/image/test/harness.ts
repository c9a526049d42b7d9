import type { Readable } from 'node:stream';
import { type AuthContext, createApp, InProcessBus, type TokenValidator, Unauthorized } from '@nubo/core';
import { createTestEnvironment, type TestBackend } from '@nubo/core/testing';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { createImageService, type ImageConfig, type ImageService } from '../src/index.js';

/** The personas a test acts as: the token string is the persona name. */
export const PERSONAS = {
  admin: { project: 'p-admin', roles: ['admin', 'member', 'reader'] },
  alice: { project: 'p-alice', roles: ['member', 'reader'] },
  aliceReader: { project: 'p-alice', roles: ['reader'] },
  bob: { project: 'p-bob', roles: ['member', 'reader'] },
  carol: { project: 'p-carol', roles: ['member', 'reader'] },
  dave: { project: 'p-dave', roles: ['member', 'reader'] },
} as const;

export type Persona = keyof typeof PERSONAS;

const tokens: TokenValidator = {
  async validate(token) {
    const persona = PERSONAS[token as Persona];
    if (!persona) throw new Unauthorized();
    const now = new Date();
    const auth: AuthContext = {
      token,
      userId: `u-${token}`,
      userName: token,
      userDomainId: 'default',
      userDomainName: 'Default',
      project: { id: persona.project, name: persona.project, domainId: 'default', domainName: 'Default' },
      roles: [...persona.roles],
      roleIds: [...persona.roles],
      methods: ['password'],
      auditIds: ['a'],
      issuedAt: now,
      expiresAt: new Date(now.getTime() + 3600_000),
    };
    return auth;
  },
};

export type Reply = LightMyRequestResponse & { data: Record<string, unknown> };

export interface Harness {
  app: FastifyInstance;
  image: ImageService;
  dataDir: string;
  /** inject() under /image as `as` (no token when null), JSON body unless `payload` is raw; Accept JSON by default. */
  call(
    as: Persona | null,
    method: InjectOptions['method'],
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Reply>;
  /** PATCH with Glance's v2.1 JSON-patch media type. */
  patch(as: Persona, id: string, ops: unknown): Promise<Reply>;
  /** PUT /v2/images/{id}/file with raw bytes or a stream. */
  upload(as: Persona, id: string, data: Buffer | Readable, headers?: Record<string, string>): Promise<Reply>;
  /** POST /v2/images and return the created image (asserting 201). */
  create(as: Persona, body?: Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** Starts on SQLite in a temp dir, or on a fresh database of `backend`; `config` overrides the image section. */
export async function startHarness(
  options: { backend?: TestBackend; config?: Partial<ImageConfig> } = {},
): Promise<Harness> {
  const env = await createTestEnvironment({
    name: 'image',
    section: 'image',
    config: options.config,
    backend: options.backend,
  });
  const { dataDir, source, core, log, database } = env;
  const bus = new InProcessBus();
  const image = await createImageService({
    source,
    core,
    database,
    log,
    bus,
    tokens,
    serviceSession: () => {
      throw new Error('the image service calls no other service');
    },
  });
  const app = createApp({ logger: false, bodyLimitBytes: core.server.bodyLimitBytes });
  await image.register(app);
  await app.ready();

  const call: Harness['call'] = async (as, method, path, body, headers = {}) => {
    const raw = typeof body === 'string' || Buffer.isBuffer(body);
    const response = await app.inject({
      method,
      url: `/image${path}`,
      headers: {
        accept: 'application/json',
        ...(as ? { 'x-auth-token': as } : {}),
        ...(body !== undefined && !raw ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      payload: body === undefined ? undefined : raw ? (body as string | Buffer) : JSON.stringify(body),
    });
    let data: Record<string, unknown> = {};
    try {
      data = response.body ? (JSON.parse(response.body) as Record<string, unknown>) : {};
    } catch {
      data = {};
    }
    return Object.assign(response, { data });
  };
  return {
    app,
    image,
    dataDir,
    call,
    patch: (as, id, ops) =>
      call(as, 'PATCH', `/v2/images/${id}`, JSON.stringify(ops), {
        'content-type': 'application/openstack-images-v2.1-json-patch',
      }),
    async upload(as, id, data, headers = {}) {
      const response = await app.inject({
        method: 'PUT',
        url: `/image/v2/images/${id}/file`,
        headers: {
          'x-auth-token': as,
          'content-type': 'application/octet-stream',
          accept: 'application/json',
          ...headers,
        },
        payload: data,
      });
      let parsed: Record<string, unknown> = {};
      try {
        parsed = response.body ? (JSON.parse(response.body) as Record<string, unknown>) : {};
      } catch {
        parsed = {};
      }
      return Object.assign(response, { data: parsed });
    },
    async create(as, body = { name: 'img', disk_format: 'raw', container_format: 'bare' }) {
      const response = await call(as, 'POST', '/v2/images', body);
      if (response.statusCode !== 201) throw new Error(`create as ${as}: ${response.statusCode} ${response.body}`);
      return response.data;
    },
    async close() {
      await app.close();
      await env.cleanup();
    },
  };
}
