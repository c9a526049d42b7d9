// Raw HTTP calls (global fetch) to a running nubo's Keystone API, for e2e tests that assert exact statuses and bodies.
import assert from 'node:assert/strict';
import type { NuboServer } from './nubo-server.js';

export interface HttpAnswer {
  status: number;
  /** The parsed JSON body, or undefined when the body is empty or not JSON. */
  json: unknown;
  text: string;
  headers: Headers;
}

export interface HttpCall {
  method?: string;
  /** Sent as X-Auth-Token when given. */
  token?: string;
  /** JSON-encoded into the body. */
  body?: unknown;
  /** Sent as-is (as application/json), for malformed or oversized bodies. */
  rawBody?: string;
  headers?: Record<string, string>;
}

/** One request to `<server>/identity<path>` (path starts with /v3); never throws on an HTTP error status. */
export async function keystoneCall(server: NuboServer, path: string, call: HttpCall = {}): Promise<HttpAnswer> {
  const headers: Record<string, string> = { accept: 'application/json', ...call.headers };
  if (call.token !== undefined) headers['x-auth-token'] = call.token;
  let body: string | undefined;
  if (call.rawBody !== undefined) body = call.rawBody;
  else if (call.body !== undefined) body = JSON.stringify(call.body);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${server.url}/identity${path}`, { method: call.method ?? 'GET', headers, body });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text, headers: response.headers };
}

/** A project-scoped token for a user of the Default domain, by password; fails the test when refused. */
export async function passwordToken(
  server: NuboServer,
  user: { username: string; password: string; projectName: string },
): Promise<string> {
  const answer = await keystoneCall(server, '/v3/auth/tokens?nocatalog', {
    method: 'POST',
    body: {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: user.username, domain: { id: 'default' }, password: user.password } },
        },
        scope: { project: { name: user.projectName, domain: { id: 'default' } } },
      },
    },
  });
  assert.equal(answer.status, 201, `token for ${user.username}: ${answer.text}`);
  const token = answer.headers.get('x-subject-token');
  assert.ok(token, 'X-Subject-Token header');
  return token;
}

/** Asserts Keystone's fault body `{"error": {"code": <status>, "title": <string>, "message": <string>}}`. */
export function assertKeystoneError(answer: HttpAnswer, status: number, context = ''): void {
  const where = `${context} answered ${answer.status}: ${answer.text.slice(0, 500)}`;
  assert.equal(answer.status, status, where);
  const error = (answer.json as { error?: Record<string, unknown> } | undefined)?.error;
  assert.ok(error && typeof error === 'object', `no "error" object in the body; ${where}`);
  assert.deepEqual(Object.keys(error).sort(), ['code', 'message', 'title'], where);
  assert.equal(error.code, status, where);
  assert.equal(typeof error.title, 'string', where);
  assert.equal(typeof error.message, 'string', where);
}
