// `nubo image build tiny|debian-12`: builds a stock image (cached under <data dir>/images) with a progress bar,
// then, when nubo runs for the data dir, uploads it to the Image service as a public image of that name.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { containerImages } from '@nubo/compute';
import { ConfigSource, compileCoreConfig } from '@nubo/core';
import type { BootstrapCredentials } from '@nubo/identity';
import { FetchTransport, Session } from '@nubo/sdk';
import cliProgress from 'cli-progress';
import { ExitError } from '../../errors.js';
import { type CommonOptions, loadOptions } from '../../options.js';
import { runningPid } from '../../runtime-files.js';

export interface ImageBuildOptions extends CommonOptions {
  force?: boolean;
  upload?: boolean;
  replace?: boolean;
}

export async function run(name: string, options: ImageBuildOptions): Promise<void> {
  if (!(containerImages.STOCK_IMAGES as readonly string[]).includes(name))
    throw new ExitError(`unknown image ${name}: one of ${containerImages.STOCK_IMAGES.join(', ')}`, 2);
  const config = compileCoreConfig(new ConfigSource(loadOptions(options)));
  const tty = process.stderr.isTTY === true;
  const bar = new cliProgress.SingleBar(
    {
      format: `${name} [{bar}] {percentage}% | {step} {note}`,
      hideCursor: true,
      noTTYOutput: !tty,
      notTTYSchedule: 5000,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(100, 0, { step: '', note: '' });
  let result: containerImages.BuildResult;
  try {
    result = await containerImages.buildStockImage(config.dataDir, name as containerImages.StockImage, {
      force: options.force,
      onProgress: (fraction, step, note) => bar.update(Math.round(fraction * 100), { step, note: note ?? '' }),
    });
  } catch (err) {
    bar.stop();
    throw new ExitError(`building ${name} failed: ${(err as Error).message}`);
  }
  bar.update(100, { step: result.built ? 'built' : 'cached', note: '' });
  bar.stop();
  const mib = (result.bytes / 1024 / 1024).toFixed(1);
  process.stdout.write(
    result.built
      ? `built ${name} in ${result.seconds.toFixed(1)} s: ${result.file} (${mib} MiB)\n`
      : `${name} is cached: ${result.file} (${mib} MiB; --force rebuilds it)\n`,
  );
  if (options.upload === false) return;
  const session = adminSession(config.dataDir);
  if (!session) {
    process.stdout.write('nubo is not running for this data dir: not uploaded (run `nubo up`, then this again)\n');
    return;
  }
  const uploaded = await containerImages.uploadStockImage(session, name, result.file, { replace: options.replace });
  process.stdout.write(
    uploaded.uploaded
      ? `uploaded as image ${name} (${uploaded.id})\n`
      : `image ${name} already exists (${uploaded.id})\n`,
  );
}

/** A session as the bootstrap admin of the nubo running for `dataDir`, or null when none runs. */
function adminSession(dataDir: string): Session | null {
  const credentialsFile = join(dataDir, 'credentials.json');
  const endpointsFile = join(dataDir, 'endpoints.json');
  if (!runningPid(dataDir) || !existsSync(credentialsFile) || !existsSync(endpointsFile)) return null;
  const credentials = JSON.parse(readFileSync(credentialsFile, 'utf8')) as BootstrapCredentials;
  const endpoints = JSON.parse(readFileSync(endpointsFile, 'utf8')) as { type: string; url: string }[];
  const image = endpoints.find((e) => e.type === 'image');
  if (!image) return null;
  return new Session(
    {
      // Identity is served on the same origin as every other service (startCloud).
      authUrl: `${new URL(image.url).origin}/identity/v3`,
      username: credentials.admin.username,
      password: credentials.admin.password,
      projectName: credentials.admin.projectName,
    },
    new FetchTransport(),
    { interface: 'public' },
  );
}
