// @nubo/identity: Keystone v3.
export { createIdentityService, fernetKeyDir, IDENTITY_PREFIX, type IdentityService } from './plugin.js';
export { identitySection, type IdentityConfig } from './config.js';
export type { BootstrapCredentials, ServiceEndpoint } from './bootstrap.js';
export { FernetKeyRepository } from './tokens/key-repository.js';
export { FernetTokenProvider } from './tokens/token-provider.js';
