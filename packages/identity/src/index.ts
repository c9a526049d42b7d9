// @nubo/identity: Keystone v3.

export type { BootstrapCredentials, ServiceEndpoint } from './bootstrap.js';
export { type IdentityConfig, identitySection } from './config.js';
export { createIdentityService, fernetKeyDir, IDENTITY_PREFIX, type IdentityService } from './plugin.js';
export { FernetKeyRepository } from './tokens/key-repository.js';
export { FernetTokenProvider } from './tokens/token-provider.js';
