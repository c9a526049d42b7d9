// The instance's disk and root: a sparse ext4 file of the flavor's root size, loop-mounted (so the root disk is
// limited to root_gb), holding the upper and work dirs of an overlay over the image's cached root filesystem.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { run, runCommand } from './exec.js';
import type { InstancePaths } from './layout.js';

const GIB = 1024 ** 3;

/** Whether `dir` is a mount point now. */
export function isMounted(dir: string): boolean {
  const wanted = dir.replace(/\/+$/, '');
  return readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .some((line) => line.split(' ')[1] === wanted);
}

/** Creates the sparse disk file of `sizeGb` (at least 1) with an ext4 file system. */
export async function createDisk(paths: InstancePaths, sizeGb: number): Promise<void> {
  const file = await open(paths.disk, 'w');
  try {
    await file.truncate(Math.max(1, sizeGb) * GIB);
  } finally {
    await file.close();
  }
  await run('mkfs.ext4', ['-q', '-F', '-O', '^has_journal', '-E', 'lazy_itable_init=1', paths.disk]);
}

/** Grows the disk to `sizeGb` (a resize never shrinks a disk, as Nova refuses). Needs it unmounted. */
export async function growDisk(paths: InstancePaths, sizeGb: number): Promise<void> {
  const file = await open(paths.disk, 'r+');
  try {
    const { size } = await file.stat();
    if (Math.max(1, sizeGb) * GIB <= size) return;
    await file.truncate(Math.max(1, sizeGb) * GIB);
  } finally {
    await file.close();
  }
  await run('e2fsck', ['-f', '-p', paths.disk]).catch(() => undefined);
  await run('resize2fs', [paths.disk]);
}

/** Mounts the disk (loop, auto-cleared on unmount) and the overlay root over `lower`. Idempotent. */
export async function mountRoot(paths: InstancePaths, lower: string): Promise<void> {
  mkdirSync(paths.diskMount, { recursive: true });
  mkdirSync(paths.rootfs, { recursive: true });
  if (!isMounted(paths.diskMount)) await run('mount', ['-o', 'loop', paths.disk, paths.diskMount]);
  mkdirSync(paths.upper, { recursive: true });
  mkdirSync(paths.work, { recursive: true });
  if (!isMounted(paths.rootfs)) {
    await run('mount', [
      '-t',
      'overlay',
      'overlay',
      '-o',
      `lowerdir=${lower},upperdir=${paths.upper},workdir=${paths.work}`,
      paths.rootfs,
    ]);
  }
}

/** Unmounts the overlay and the disk (which frees its loop device). Idempotent. */
export async function unmountRoot(paths: InstancePaths): Promise<void> {
  for (const dir of [paths.rootfs, paths.diskMount]) {
    if (!existsSync(dir) || !isMounted(dir)) continue;
    const result = await runCommand('umount', [dir]);
    // A mount still busy (a process of the host looking in) is detached lazily rather than left behind.
    if (result.code !== 0) await run('umount', ['-l', dir]);
  }
}
