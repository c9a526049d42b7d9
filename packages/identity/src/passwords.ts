// Password hashes: bcrypt ($2b$, as Keystone writes them), computed off the main thread.
import { hash, verify } from '@node-rs/bcrypt';

export class PasswordHasher {
  constructor(private readonly cost: number) {}

  hash(password: string): Promise<string> {
    return hash(password, { cost: this.cost });
  }

  /** False for a missing hash, so users without a password can never log in with one. */
  async verify(password: string, passwordHash: string | null): Promise<boolean> {
    if (!passwordHash) return false;
    return verify(password, passwordHash);
  }
}
