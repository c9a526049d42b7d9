// Validates token strings for every service: Fernet decrypt, then the database facts, cached until anything changes.
import type { TokenValidator } from '@nubo/core';
import { Unauthorized } from '@nubo/core';
import type { IdentityContext } from '../context.js';
import { type IdentityToken, resolveToken } from './identity-token.js';

export class IdentityTokenValidator implements TokenValidator {
  /** token string → resolved token, valid while the change counter has not moved (Map order = LRU order). */
  private readonly cache = new Map<string, { revision: number; token: IdentityToken }>();

  constructor(private readonly ctx: IdentityContext) {}

  async validate(token: string): Promise<IdentityToken> {
    const now = Date.now();
    const hit = this.cache.get(token);
    if (hit && hit.revision === this.ctx.changes.value) {
      if (hit.token.expiresAt.getTime() <= now)
        throw new Unauthorized('The request you have made requires authentication.');
      return hit.token;
    }
    const revision = this.ctx.changes.value;
    const payload = this.ctx.tokens.validate(token);
    const resolved = await resolveToken(this.ctx, token, payload, payload.issuedAt);
    this.remember(token, revision, resolved);
    return resolved;
  }

  private remember(token: string, revision: number, resolved: IdentityToken): void {
    const limit = this.ctx.config.tokenCacheSize;
    if (limit === 0) return;
    this.cache.delete(token);
    this.cache.set(token, { revision, token: resolved });
    if (this.cache.size > limit) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }
}
