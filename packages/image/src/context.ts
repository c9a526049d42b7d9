// Everything an Image handler or domain function needs, built once in the composition root (plugin.ts).
import type { DialectName, Logger, PolicyEngine } from '@nubo/core';
import type { ImageConfig } from './config.js';
import type { ImageDb } from './db/tables.js';
import type { ImageStore } from './stores/store.js';

/** Where the Image API lives on the one HTTP endpoint (the catalog URL is `<public URL>/image`). */
export const IMAGE_PREFIX = '/image';

/** The shared state of the Image service, passed to every handler and domain function. */
export interface ImageContext {
  db: ImageDb;
  dialect: DialectName;
  config: ImageConfig;
  policy: PolicyEngine;
  /** Where image data lives (the default and only store, `file`). */
  store: ImageStore;
  /** The image endpoint as clients reach it, e.g. http://127.0.0.1:5000/image. */
  baseUrl: string;
  log: Logger;
}
