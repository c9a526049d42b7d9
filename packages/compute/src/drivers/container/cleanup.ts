// What an instance may leave on the host, found and removed: the crun container (and so its processes), the
// overlay and disk mounts (and so the loop device), the network namespace, cgroups under every controller, files.
import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Crun } from './crun.js';
import type { InstancePaths } from './layout.js';
import { isMounted, unmountRoot } from './mounts.js';
import { deleteNetns, NETNS_DIR } from './netns.js';

const CGROUP = '/sys/fs/cgroup';

/** The cgroup folders of `cgroupPath` under every mounted hierarchy (v1 controllers and v2). */
export function cgroupDirsOf(cgroupPath: string): string[] {
  if (!existsSync(CGROUP)) return [];
  return readdirSync(CGROUP)
    .map((c) => join(CGROUP, c, cgroupPath))
    .filter((d) => existsSync(d));
}

/** Removes every trace of an instance. Idempotent. */
export async function removeInstance(
  crun: Crun,
  uuid: string,
  paths: InstancePaths,
  netns: string,
  cgroupPath: string,
): Promise<void> {
  await crun.delete(uuid);
  await unmountRoot(paths);
  await deleteNetns(netns);
  for (const dir of cgroupDirsOf(cgroupPath)) {
    try {
      rmdirSync(dir);
    } catch {
      // crun removes its cgroups; one still holding a process is reported by leftoversOf.
    }
  }
  rmSync(paths.dir, { recursive: true, force: true });
}

/** What is left of an instance on the host (empty when nothing): for tests and the delete postcondition. */
export function leftoversOf(paths: InstancePaths, netns: string, cgroupPath: string): string[] {
  const left: string[] = [];
  if (isMounted(paths.rootfs)) left.push(`mount ${paths.rootfs}`);
  if (isMounted(paths.diskMount)) left.push(`mount ${paths.diskMount}`);
  if (existsSync(`${NETNS_DIR}/${netns}`)) left.push(`netns ${netns}`);
  for (const dir of cgroupDirsOf(cgroupPath)) left.push(`cgroup ${dir}`);
  if (existsSync(paths.dir)) left.push(`folder ${paths.dir}`);
  // A process of the instance is in its cgroup: look for any process whose cgroup names it.
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (!readFileSync(`/proc/${pid}/cgroup`, 'utf8').includes(cgroupPath)) continue;
      // A zombie is already dead: only its parent (the host's PID 1, crun having detached) has yet to reap it.
      if (/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'))) continue;
      left.push(`process ${pid}`);
    } catch {
      // exited meanwhile
    }
  }
  return left;
}
