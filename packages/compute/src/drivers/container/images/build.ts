// Builds nubo's stock images (`tiny`, `debian-12`) into root filesystem tarballs cached under the data dir
// (<dataDir>/images/<name>.tar.gz), and uploads them to the Image service as public `bare`/`raw` images.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type BuildStep, runSteps } from './build-steps.js';
import { debianSteps } from './debian.js';
import { tinySteps } from './tiny.js';

export const STOCK_IMAGES = ['tiny', 'debian-12'] as const;
export type StockImage = (typeof STOCK_IMAGES)[number];

/** The cached tarball of a stock image. */
export function tarballOf(dataDir: string, name: StockImage): string {
  return join(dataDir, 'images', `${name}.tar.gz`);
}

export interface BuildResult {
  file: string;
  bytes: number;
  seconds: number;
  /** False when the cached tarball was used. */
  built: boolean;
}

/** Builds `name` unless cached (or `force`), reporting progress as a fraction with the current step. */
export async function buildStockImage(
  dataDir: string,
  name: StockImage,
  options: {
    force?: boolean;
    onProgress?: (fraction: number, title: string, note?: string) => void;
    /** Stops a build in progress (debootstrap is killed). */
    signal?: AbortSignal;
  } = {},
): Promise<BuildResult> {
  const file = tarballOf(dataDir, name);
  const t0 = performance.now();
  if (existsSync(file) && !options.force) return { file, bytes: statSync(file).size, seconds: 0, built: false };
  mkdirSync(join(dataDir, 'images'), { recursive: true });
  const work = join(dataDir, 'images', `${name}.build`);
  const rootfs = join(work, 'rootfs');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    const steps: BuildStep[] = [
      ...(name === 'tiny' ? tinySteps(rootfs) : debianSteps(rootfs, undefined, options.signal)),
      {
        title: 'tarball',
        weight: name === 'tiny' ? 1 : 2,
        run: async () => {
          execFileSync('tar', ['-C', rootfs, '--numeric-owner', '--xattrs', '-czf', `${file}.partial`, '.']);
          renameSync(`${file}.partial`, file);
        },
      },
    ];
    await runSteps(steps, options.onProgress);
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(`${file}.partial`, { force: true });
  }
  return { file, bytes: statSync(file).size, seconds: (performance.now() - t0) / 1000, built: true };
}
