// Issues and validates Keystone-compatible Fernet tokens with the keys of a key repository.
import { randomBytes } from 'node:crypto';
import { Unauthorized } from '@nubo/core';
import { decrypt, encrypt } from './fernet.js';
import type { FernetKeyRepository } from './key-repository.js';
import { packPayload, type TokenPayload, unpackPayload } from './token-payload.js';

/**
 * Keystone's Fernet token provider: the token is the encrypted payload, so validation needs no storage, only the
 * keys. Revocation is not checked here.
 */
export class FernetTokenProvider {
  readonly #repo: FernetKeyRepository;

  constructor(repo: FernetKeyRepository) {
    this.#repo = repo;
  }

  /** A token for `p`, encrypted with the primary key and stamped as issued at `now`, to the second. */
  issue(p: TokenPayload, now: Date = new Date()): string {
    const primary = this.#keys()[0] as string;
    return encrypt(packPayload(p), primary, now);
  }

  /**
   * The payload of `token` and when it was issued (the Fernet timestamp, whole seconds).
   *
   * Throws `Unauthorized` when no key in the repository decrypts the token, when its payload is malformed or of a
   * kind we do not issue, and when it has expired (`expiresAt <= now`).
   */
  validate(token: string, now?: Date): TokenPayload & { issuedAt: Date } {
    const { plaintext, timestamp } = decrypt(token, this.#keys());
    const payload = unpackPayload(plaintext);
    if (payload.expiresAt.getTime() <= (now ? now.getTime() : Date.now())) {
      throw new Unauthorized('The request you have made requires authentication: the token has expired.');
    }
    return { ...payload, issuedAt: timestamp };
  }

  #keys(): readonly string[] {
    const keys = this.#repo.keys();
    // Keystone raises KeysNotFound (a 500) here too: no keys is a broken deployment, not a bad token.
    if (keys.length === 0) throw new Error(`The Fernet key repository ${this.#repo.dir} holds no keys: run setup.`);
    return keys;
  }
}

/** A new audit id as Keystone makes them: 16 random bytes in URL-safe base64 without padding (22 characters). */
export function newAuditId(): string {
  return randomBytes(16).toString('base64url');
}
