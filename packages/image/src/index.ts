// @nubo/image: Glance v2 — images, their data in a store, members, tags.

export { type ImageConfig, imageSection } from './config.js';
export { createImageService, IMAGE_PREFIX, type ImageService } from './plugin.js';
export { FileStore } from './stores/file-store.js';
export type { ByteRange, ImageStore, StoreCapabilities, StoredData } from './stores/store.js';
