import { type AuthContext, createApp, InProcessBus, type TokenValidator, Unauthorized } from '@nubo/core';
import { createTestEnvironment, type TestBackend } from '@nubo/core/testing';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createPlacementService, type PlacementConfig, type PlacementService } from '../src/index.js';

/** The tokens the fake validator knows: an admin, a service user, and a member and a reader of project `p1`. */
export const TOKENS = {
  admin: { roles: ['admin', 'member', 'reader'], project: 'admin-project' },
  service: { roles: ['service'], project: 'service' },
  member: { roles: ['member', 'reader'], project: 'p1' },
  reader: { roles: ['reader'], project: 'p1' },
} as const;

export type TokenName = keyof typeof TOKENS;

class FakeTokens implements TokenValidator {
  async validate(token: string): Promise<AuthContext> {
    const known = TOKENS[token as TokenName];
    if (!known) throw new Unauthorized();
    const now = new Date();
    return {
      token,
      userId: `${token}-user`,
      userName: token,
      userDomainId: 'default',
      userDomainName: 'Default',
      project: { id: known.project, name: known.project, domainId: 'default', domainName: 'Default' },
      roles: [...known.roles],
      roleIds: [...known.roles],
      methods: ['password'],
      auditIds: ['audit'],
      issuedAt: now,
      expiresAt: new Date(now.getTime() + 3600_000),
    };
  }
}

/** A parsed JSON body; tests read fields freely and assert on them. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted on, not trusted, so they go untyped
export type Json = Record<string, any>;

export type Response = LightMyRequestResponse & { data: Json };

export interface CallOptions {
  /** Microversion (without the service name), e.g. '1.39'; none sends no header (1.0). */
  version?: string;
  headers?: Record<string, string>;
  /** A raw body, sent as is (the content-type header then comes from `headers`). */
  raw?: string;
}

export interface Harness {
  app: FastifyInstance;
  placement: PlacementService;
  /** inject() under /placement with a token, a JSON body and a microversion; the parsed answer as `data`. */
  call(
    token: TokenName | undefined,
    method: string,
    path: string,
    body?: unknown,
    options?: CallOptions,
  ): Promise<Response>;
  close(): Promise<void>;
}

export async function startHarness(
  options: { backend?: TestBackend; config?: Partial<PlacementConfig> } = {},
): Promise<Harness> {
  const env = await createTestEnvironment({
    name: 'placement',
    section: 'placement',
    config: options.config,
    backend: options.backend,
  });
  const { source, core, log, database } = env;
  const placement = await createPlacementService({
    source,
    core,
    database,
    log,
    bus: new InProcessBus(),
    tokens: new FakeTokens(),
    serviceSession: () => {
      throw new Error('placement calls no other service');
    },
  });
  const app = createApp({ logger: false, bodyLimitBytes: core.server.bodyLimitBytes });
  await placement.register(app);
  await app.ready();

  const call: Harness['call'] = async (token, method, path, body, opts = {}) => {
    const headers: Record<string, string> = {
      ...(token ? { 'x-auth-token': token } : {}),
      ...(opts.version ? { 'openstack-api-version': `placement ${opts.version}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...opts.headers,
    };
    const response = await app.inject({
      method: method as 'GET',
      url: `/placement${path}`,
      headers,
      payload: opts.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    let data: Json = {};
    try {
      data = response.body ? JSON.parse(response.body) : {};
    } catch {
      data = {};
    }
    return Object.assign(response, { data });
  };
  return {
    app,
    placement,
    call,
    async close() {
      await app.close();
      await env.cleanup();
    },
  };
}

/** Creates a provider at `version` (1.20+ answers with it) and returns its uuid. */
export async function createProvider(
  h: Harness,
  name: string,
  extra: Record<string, unknown> = {},
  version = '1.39',
): Promise<string> {
  const response = await h.call('admin', 'POST', '/resource_providers', { name, ...extra }, { version });
  if (response.statusCode !== 200) throw new Error(`create ${name}: ${response.statusCode} ${response.body}`);
  return response.data.uuid;
}

/** Replaces a provider's inventories (reading its generation first) and returns the new generation. */
export async function setInventory(
  h: Harness,
  uuid: string,
  inventories: Record<string, Record<string, unknown>>,
): Promise<number> {
  const current = await h.call('admin', 'GET', `/resource_providers/${uuid}`, undefined, { version: '1.39' });
  const response = await h.call(
    'admin',
    'PUT',
    `/resource_providers/${uuid}/inventories`,
    { resource_provider_generation: current.data.generation, inventories },
    { version: '1.39' },
  );
  if (response.statusCode !== 200) throw new Error(`inventory of ${uuid}: ${response.statusCode} ${response.body}`);
  return response.data.resource_provider_generation;
}
