// Root filesystems of images, unpacked once per machine and shared read-only by every instance's overlay
// (Nova's image cache, `_base`). Filled atomically: unpacked into a scratch folder, then renamed into place.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DriverImageData } from '../driver.js';
import { type ImageRuntime, unpackImage } from './image-unpack.js';

/** A cached image: its root filesystem folder (an overlay's lower dir) and what it asks to run. */
export interface CachedImage {
  rootfs: string;
  runtime: ImageRuntime;
}

export class ImageCache {
  private readonly pending = new Map<string, Promise<CachedImage>>();

  constructor(
    private readonly dir: string,
    private readonly images: DriverImageData | undefined,
  ) {}

  private entry(imageId: string) {
    const dir = join(this.dir, imageId.replace(/[^A-Za-z0-9_.-]/g, '_'));
    return { dir, rootfs: join(dir, 'rootfs'), meta: join(dir, 'image.json') };
  }

  /** The image's root filesystem, downloaded and unpacked when not cached yet. */
  get(imageId: string): Promise<CachedImage> {
    const entry = this.entry(imageId);
    if (existsSync(entry.meta))
      return Promise.resolve({ rootfs: entry.rootfs, runtime: JSON.parse(readFileSync(entry.meta, 'utf8')) });
    let job = this.pending.get(imageId);
    if (!job) {
      job = this.fill(imageId).finally(() => this.pending.delete(imageId));
      this.pending.set(imageId, job);
    }
    return job;
  }

  private async fill(imageId: string): Promise<CachedImage> {
    if (!this.images) throw new Error('the container driver has no Image service to download images from');
    const entry = this.entry(imageId);
    const scratch = `${entry.dir}.partial-${process.pid}-${Date.now()}`;
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(join(scratch, 'rootfs'), { recursive: true });
    try {
      const data = await this.images.download(imageId);
      const runtime = await unpackImage(data, join(scratch, 'rootfs'), join(scratch, 'work'));
      rmSync(join(scratch, 'work'), { recursive: true, force: true });
      writeFileSync(join(scratch, 'image.json'), JSON.stringify(runtime));
      mkdirSync(this.dir, { recursive: true });
      if (!existsSync(entry.meta)) {
        rmSync(entry.dir, { recursive: true, force: true });
        renameSync(scratch, entry.dir);
      }
      return { rootfs: entry.rootfs, runtime };
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }

  /** Image ids cached now. */
  cached(): string[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir).filter((d) => existsSync(join(this.dir, d, 'image.json')));
  }
}
