// What `nubo up` starts for the container driver once the cloud serves: the stock images, in the background, when
// the hosts run real containers (driver `container`, or `auto` on a host that can); a handle to stop the build.
import type { Session } from '@nubo/sdk';
import type { ComputeConfig } from '../../../config.js';
import { checkContainerHost } from '../host-checks.js';
import { type ProvideLog, provideStockImages } from './provide.js';

export interface StockImagesHandle {
  /** Stops a build in progress and waits for it to end. */
  stop(): Promise<void>;
}

export function stockImagesOnUp(options: {
  compute: ComputeConfig;
  dataDir: string;
  session: () => Session;
  log: ProvideLog;
}): StockImagesHandle | null {
  const { compute } = options;
  if (compute.containerStockImages.length === 0 || compute.hostCount === 0) return null;
  if (compute.driver === 'fake') return null;
  if (compute.driver === 'auto' && !checkContainerHost({ fix: false }).ok) return null;
  const abort = new AbortController();
  const done = provideStockImages({
    dataDir: options.dataDir,
    session: options.session,
    names: compute.containerStockImages,
    log: options.log,
    signal: abort.signal,
  });
  return {
    async stop() {
      abort.abort();
      await done;
    },
  };
}
