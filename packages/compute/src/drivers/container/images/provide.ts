// `nubo up` with the container driver: the stock images are built (or taken from the cache) and put in the Image
// service in the background once the cloud serves, tiny first (a second) then debian-12 (about a minute, from the
// host's Debian mirror), each step logged. A failure is logged, never fatal: `nubo image build` retries it.
import type { Session } from '@nubo/sdk';
import { buildStockImage, type StockImage } from './build.js';
import { uploadStockImage } from './upload.js';

export interface ProvideLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** Builds and uploads `names` one after the other; resolves when done, failed or aborted. */
export async function provideStockImages(options: {
  dataDir: string;
  session: () => Session;
  names: StockImage[];
  log: ProvideLog;
  signal?: AbortSignal;
}): Promise<void> {
  for (const name of options.names) {
    if (options.signal?.aborted) return;
    try {
      let logged = -1;
      const built = await buildStockImage(options.dataDir, name, {
        signal: options.signal,
        onProgress: (fraction, step) => {
          const tenth = Math.floor(fraction * 10);
          if (tenth > logged) {
            logged = tenth;
            options.log.info({ image: name, percent: tenth * 10, step }, 'image build progress');
          }
        },
      });
      const uploaded = await uploadStockImage(options.session(), name, built.file);
      options.log.info(
        { image: name, id: uploaded.id, built: built.built, uploaded: uploaded.uploaded, seconds: built.seconds },
        `stock image ${name} ready`,
      );
    } catch (err) {
      if (options.signal?.aborted) return;
      options.log.warn(
        { image: name, err: (err as Error).message },
        `stock image ${name} not provided; build it with: nubo image build ${name}`,
      );
    }
  }
}
