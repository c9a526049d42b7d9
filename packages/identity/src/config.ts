// The `identity` section of nubo.yaml.
import { type Static, Type } from 'typebox';

export const identitySection = Type.Object({
  tokenExpirationSeconds: Type.Integer({
    default: 3600,
    minimum: 60,
    description: 'Lifetime of a new token (Keystone [token] expiration).',
  }),
  bcryptCost: Type.Integer({
    default: 12,
    minimum: 4,
    maximum: 31,
    description: 'bcrypt cost for password hashes (Keystone [identity] password_hash_rounds).',
  }),
  fernetKeyDir: Type.String({ default: '', description: 'Fernet key repository; empty means <data dir>/fernet-keys.' }),
  maxActiveKeys: Type.Integer({ default: 3, minimum: 2, description: 'Keys kept by `nubo identity fernet-rotate`.' }),
  region: Type.String({ default: 'RegionOne', description: 'Region of the endpoints created at bootstrap.' }),
  adminPassword: Type.String({ default: '', description: 'Password of `admin` at bootstrap; empty means generated.' }),
  demoPassword: Type.String({ default: '', description: 'Password of `demo` at bootstrap; empty means generated.' }),
  tokenCacheSize: Type.Integer({
    default: 10000,
    minimum: 0,
    description: 'Validated tokens remembered in memory (dropped whenever identity data changes).',
  }),
});

export type IdentityConfig = Static<typeof identitySection>;
