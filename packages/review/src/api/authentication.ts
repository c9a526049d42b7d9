// Who is calling: HTTP Basic checked against Identity (as Gerrit's `/a/` URLs want), or a Keystone token.
import { type AuthContext, type TokenValidator, Unauthorized } from '@nubo/core';
import type { FastifyRequest } from 'fastify';
import { ANONYMOUS, type Caller } from '../caller.js';
import type { ReviewContext } from '../context.js';
import { setCaller } from './common.js';
import { challenge } from './faults.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Anyone may call the route, whatever anonymousRead says (the commit-msg hook, the server version). */
    anonymous?: boolean;
    /** A git smart-HTTP route: its handler decides who may fetch and push. */
    gitRoute?: boolean;
  }
}

async function authenticate(
  ctx: ReviewContext,
  tokens: TokenValidator,
  request: FastifyRequest,
): Promise<AuthContext | undefined> {
  const header = request.headers.authorization;
  if (typeof header === 'string' && /^basic /i.test(header)) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) throw challenge();
    try {
      return await ctx.identity.authenticate(decoded.slice(0, colon), decoded.slice(colon + 1));
    } catch (err) {
      if (err instanceof Unauthorized) throw challenge();
      throw err;
    }
  }
  const token = request.headers['x-auth-token'];
  if (typeof token === 'string' && token !== '') return tokens.validate(token);
  return undefined;
}

/**
 * The onRequest hook of every review route: identifies the caller, then asks anonymous callers for credentials
 * where Gerrit would — on `/a/` URLs, on writes, and on reads when anonymousRead is off.
 */
export function authenticationHook(ctx: ReviewContext, tokens: TokenValidator, prefix: string) {
  return async (request: FastifyRequest): Promise<void> => {
    const auth = await authenticate(ctx, tokens, request);
    const caller: Caller = auth ? { auth, account: await ctx.accounts.ensure(auth) } : ANONYMOUS;
    setCaller(request, caller);
    const config = request.routeOptions.config;
    if (caller.account || config?.anonymous) return;
    const path = request.url.slice(prefix.length);
    const authenticatedUrl = path === '/a' || path.startsWith('/a/');
    const read = request.method === 'GET' || request.method === 'HEAD' || config?.gitRoute === true;
    if (authenticatedUrl || !read || !ctx.config.anonymousRead) throw challenge();
  };
}
