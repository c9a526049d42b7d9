import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { Forbidden, type HttpError, Unauthorized } from '../errors.js';
import { createApp } from './app.js';
import type { AuthContext, TokenValidator } from './auth-context.js';
import { registerService } from './service.js';

const validator: TokenValidator = {
  async validate(token) {
    if (token !== 'good') throw new Unauthorized();
    return { token, userId: 'u1', roles: ['member'] } as unknown as AuthContext;
  },
};

describe('a service registered on the app', () => {
  let app: FastifyInstance;
  before(async () => {
    app = createApp({ logger: false, bodyLimitBytes: 2048 });
    await registerService(app, {
      prefix: '/svc',
      tokens: validator,
      fault: (e: HttpError) => ({ fault: { code: e.status, message: e.message } }),
      routes: (scope) => {
        scope.get('/open', { config: { public: true } }, async () => ({ ok: true }));
        scope.get('/who', async (request) => ({ user: request.auth?.userId }));
        scope.post(
          '/things',
          {
            schema: {
              body: Type.Object({ thing: Type.Object({ name: Type.String() }, { additionalProperties: false }) }),
            },
          },
          async (request) => ({ got: request.body }),
        );
        scope.delete('/things/:id', async (_request, reply) => reply.code(204).send());
        scope.get('/forbidden', async () => {
          throw new Forbidden('no');
        });
        scope.get('/bug', async () => {
          throw new TypeError('oops');
        });
      },
    });
    await app.ready();
  });
  after(() => app.close());

  const cases: {
    name: string;
    method: 'GET' | 'POST' | 'DELETE';
    url: string;
    token?: string;
    body?: string;
    type?: string;
    status: number;
    message?: RegExp;
  }[] = [
    { name: 'public route needs no token', method: 'GET', url: '/svc/open', status: 200 },
    { name: 'missing token', method: 'GET', url: '/svc/who', status: 401 },
    { name: 'bad token', method: 'GET', url: '/svc/who', token: 'bad', status: 401 },
    { name: 'good token', method: 'GET', url: '/svc/who', token: 'good', status: 200 },
    { name: 'unknown path is a fault 404', method: 'GET', url: '/svc/nope', token: 'good', status: 404 },
    {
      name: 'malformed JSON',
      method: 'POST',
      url: '/svc/things',
      token: 'good',
      body: '{"thing":',
      status: 400,
      message: /not valid JSON/,
    },
    {
      name: 'wrong type',
      method: 'POST',
      url: '/svc/things',
      token: 'good',
      body: '{"thing":{"name":1}}',
      status: 400,
      message: /thing\.name/,
    },
    {
      name: 'unknown field',
      method: 'POST',
      url: '/svc/things',
      token: 'good',
      body: '{"thing":{"name":"a","x":1}}',
      status: 400,
      message: /'x' was unexpected/,
    },
    { name: 'missing member', method: 'POST', url: '/svc/things', token: 'good', body: '{}', status: 400 },
    {
      name: 'body over the limit',
      method: 'POST',
      url: '/svc/things',
      token: 'good',
      body: JSON.stringify({ thing: { name: 'x'.repeat(4096) } }),
      status: 413,
    },
    {
      name: 'unsupported media type',
      method: 'POST',
      url: '/svc/things',
      token: 'good',
      body: 'name=a',
      type: 'application/x-www-form-urlencoded',
      status: 415,
    },
    {
      name: 'DELETE with JSON content type and no body',
      method: 'DELETE',
      url: '/svc/things/1',
      token: 'good',
      body: '',
      status: 204,
    },
    {
      name: 'domain error keeps its status',
      method: 'GET',
      url: '/svc/forbidden',
      token: 'good',
      status: 403,
      message: /^no$/,
    },
    {
      name: 'unexpected error is a 500 with the request id',
      method: 'GET',
      url: '/svc/bug',
      token: 'good',
      status: 500,
      message: /Request id: req-/,
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const response = await app.inject({
        method: c.method,
        url: c.url,
        headers: {
          ...(c.token ? { 'x-auth-token': c.token } : {}),
          ...(c.body !== undefined ? { 'content-type': c.type ?? 'application/json' } : {}),
        },
        payload: c.body,
      });
      assert.equal(response.statusCode, c.status, response.body);
      assert.match(String(response.headers['x-openstack-request-id']), /^req-[0-9a-f-]{36}$/);
      if (c.status >= 400) {
        const fault = response.json().fault;
        assert.equal(fault.code, c.status);
        if (c.message) assert.match(fault.message, c.message);
      }
    });
  }
});
