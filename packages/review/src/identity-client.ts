// What the review service asks Identity, through its public API: check a password (HTTP Basic), read an email.
import { createHash } from 'node:crypto';
import { type AuthContext, type TokenValidator, Unauthorized } from '@nubo/core';
import { ApiError, type Session } from '@nubo/sdk';

/** Identity as the review service uses it. */
export interface IdentityClient {
  /**
   * Checks a password by asking Identity for a token (POST /v3/auth/tokens, user in the Default domain, no scope:
   * Keystone scopes it to the user's default project) and returns what the token says.
   *
   * @throws Unauthorized when Identity refuses the credentials.
   */
  authenticate(username: string, password: string): Promise<AuthContext>;
  /** The user's `email` attribute in Identity, or null when it has none or cannot be read. */
  userEmail(userId: string): Promise<string | null>;
}

/** The realm Gerrit puts in its Basic challenge. */
export const BASIC_REALM = 'Gerrit Code Review';

/** An IdentityClient over the service user's sdk Session, remembering checked passwords for a while. */
export class SessionIdentityClient implements IdentityClient {
  private readonly checked = new Map<string, { auth: AuthContext; until: number }>();

  constructor(
    private readonly session: () => Session,
    private readonly tokens: TokenValidator,
    private readonly cacheSeconds: number,
  ) {}

  async authenticate(username: string, password: string): Promise<AuthContext> {
    // Keyed by a hash, so no password stays in memory in the clear.
    const key = createHash('sha256').update(`${username}\0${password}`).digest('base64');
    const known = this.checked.get(key);
    if (known && known.until > Date.now()) return known.auth;
    let token: string | undefined;
    try {
      const response = await this.session().request('identity', 'POST', '/v3/auth/tokens', {
        body: {
          auth: {
            identity: {
              methods: ['password'],
              password: { user: { name: username, domain: { id: 'default' }, password } },
            },
          },
        },
        ok: [201],
      });
      token = response.headers['x-subject-token'];
    } catch (err) {
      if (err instanceof ApiError && err.status >= 400 && err.status < 500) throw new Unauthorized();
      throw err;
    }
    if (!token) throw new Unauthorized();
    const auth = await this.tokens.validate(token);
    if (this.cacheSeconds > 0) {
      if (this.checked.size > 10_000) this.checked.clear();
      this.checked.set(key, { auth, until: Math.min(Date.now() + this.cacheSeconds * 1000, auth.expiresAt.getTime()) });
    }
    return auth;
  }

  async userEmail(userId: string): Promise<string | null> {
    try {
      const response = await this.session().request<{ user?: { email?: unknown } }>(
        'identity',
        'GET',
        `/v3/users/${encodeURIComponent(userId)}`,
      );
      const email = response.data?.user?.email;
      return typeof email === 'string' && email !== '' ? email : null;
    } catch {
      return null;
    }
  }
}
