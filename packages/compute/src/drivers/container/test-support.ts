// For the container driver's tests and benchmark: a tiny image built once into a temp folder and served as image
// data for any image id, a driver on a temp state folder, and a sweep that removes what a run left on the host.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DriverImageData, DriverImageDownload } from '../driver.js';
import { ContainerDriver, type ContainerDriverOptions } from './container-driver.js';
import { crunVersion } from './host-checks.js';
import { runSteps } from './images/build-steps.js';
import { tinyPrerequisites, tinySteps } from './images/tiny.js';
import { slugOf } from './layout.js';

/** Why container tests cannot run here, or null when they can. */
export function containerSkipReason(): string | null {
  if (process.getuid?.() !== 0) return 'the container driver needs root (mounts, namespaces, cgroups)';
  if (!crunVersion()) return 'crun is not installed (apt-get install crun)';
  return tinyPrerequisites();
}

/** A scratch state folder with the tiny image built as a tarball. */
export class ContainerTestBed {
  readonly dir = mkdtempSync(join(tmpdir(), 'nubo-container-'));
  readonly stateDir = join(this.dir, 'state');
  tarball: Buffer = Buffer.alloc(0);
  readonly hosts = new Set<string>();
  /** Image ids served as a Docker archive or a qcow2 rather than the tiny tarball. */
  readonly overrides = new Map<string, DriverImageDownload>();

  async build(): Promise<void> {
    const rootfs = join(this.dir, 'tiny');
    await runSteps(tinySteps(rootfs));
    this.tarball = execFileSync('tar', ['-C', rootfs, '--numeric-owner', '-czf', '-', '.'], {
      maxBuffer: 256 * 1024 * 1024,
    });
  }

  readonly imageData: DriverImageData = {
    download: async (imageId) =>
      this.overrides.get(imageId) ?? { containerFormat: 'bare', diskFormat: 'raw', data: this.tarball },
  };

  driver(host: string, options: Partial<ContainerDriverOptions> = {}): ContainerDriver {
    this.hosts.add(host);
    return new ContainerDriver({
      host,
      vcpus: 2,
      memoryMb: 2048,
      diskGb: 20,
      spawnDelayMs: 0,
      stateDir: this.stateDir,
      imageData: this.imageData,
      shutdownTimeoutSec: 2,
      ...options,
    });
  }

  /** Destroys every instance of every host used, then removes the cgroup parents and the temp folder. */
  async cleanup(): Promise<void> {
    for (const host of this.hosts) {
      const driver = this.driver(host);
      for (const uuid of await driver.listInstances()) await driver.destroy({ uuid } as never).catch(() => undefined);
      for (const controller of existsSync('/sys/fs/cgroup') ? readdirSync('/sys/fs/cgroup') : []) {
        for (const dir of [
          join('/sys/fs/cgroup', controller, 'nubo', slugOf(host)),
          join('/sys/fs/cgroup', controller, 'nubo'),
        ]) {
          try {
            rmdirSync(dir);
          } catch {
            // absent, or another host's instances still there
          }
        }
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
