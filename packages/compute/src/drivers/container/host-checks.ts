// Start-up checks of a container host (Nova's init_host): what crun needs of this machine, each failure with a
// message that says what to do. One fix-up is made rather than reported: on a hybrid cgroup layout whose v2 mount
// still owns hugetlb, crun 1.8 refuses to run ("cgroups in hybrid mode not supported"); binding hugetlb to its own
// v1 hierarchy empties the v2 controllers and crun then accepts the layout (SUBSTRATE.md, 21-cgroup-crun-fix.sh).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

const CGROUP = '/sys/fs/cgroup';

/** What the checks found. */
export interface HostCheckReport {
  /** True when the host can run container instances. */
  ok: boolean;
  /** One sentence per problem, each saying how to fix it. */
  problems: string[];
  /** Changes made to the host (cgroup fix-up). */
  fixes: string[];
  crunVersion: string | null;
  /** v1, v2 or hybrid. */
  cgroupLayout: 'v1' | 'v2' | 'hybrid' | 'none';
}

const read = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

/** Mount points of cgroup file systems, by type. */
function cgroupMounts(): { v1: string[]; v2: string[] } {
  const v1: string[] = [];
  const v2: string[] = [];
  for (const line of read('/proc/mounts').split('\n')) {
    const [, dir, type] = line.split(' ');
    if (type === 'cgroup' && dir) v1.push(dir);
    if (type === 'cgroup2' && dir) v2.push(dir);
  }
  return { v1, v2 };
}

/** The cgroup layout of this machine. */
export function cgroupLayout(): HostCheckReport['cgroupLayout'] {
  const { v1, v2 } = cgroupMounts();
  if (v1.length > 0 && v2.length > 0) return 'hybrid';
  if (v1.length > 0) return 'v1';
  if (v2.length > 0) return 'v2';
  return 'none';
}

/** crun's version line, or null when it is not installed. */
export function crunVersion(): string | null {
  try {
    return execFileSync('crun', ['--version'], { encoding: 'utf8' }).split('\n')[0]!.trim();
  } catch {
    return null;
  }
}

/**
 * On a hybrid layout, binds every controller the v2 mount still owns to its own v1 hierarchy (only hugetlb on
 * these machines). Returns what it did; throws with the reason when a mount fails.
 */
export function fixHybridCgroups(): string[] {
  const { v2 } = cgroupMounts();
  const unified = v2.find((d) => d !== CGROUP) ?? null;
  if (!unified || cgroupLayout() !== 'hybrid') return [];
  const fixes: string[] = [];
  for (const controller of read(`${unified}/cgroup.controllers`).trim().split(/\s+/).filter(Boolean)) {
    const dir = `${CGROUP}/${controller}`;
    mkdirSync(dir, { recursive: true });
    execFileSync('mount', ['-t', 'cgroup', '-o', controller, 'cgroup', dir], { stdio: 'pipe' });
    fixes.push(
      `bound the ${controller} cgroup controller to its own v1 hierarchy at ${dir} (crun refuses a hybrid layout whose v2 mount owns controllers)`,
    );
  }
  return fixes;
}

/**
 * Checks (and on a hybrid cgroup layout fixes) what the container driver needs: root, crun, overlayfs, the
 * cgroup controllers it limits with, `ip` for network namespaces, mkfs.ext4 and loop devices for disk limits.
 */
export function checkContainerHost(options: { fix?: boolean } = {}): HostCheckReport {
  const problems: string[] = [];
  let fixes: string[] = [];
  if (process.getuid?.() !== 0)
    problems.push(
      'the container driver needs root (it mounts overlayfs, creates namespaces and cgroups): run nubo as root',
    );
  const version = crunVersion();
  if (!version) problems.push('crun is not installed: apt-get install crun');
  if (!/\boverlay\b/.test(read('/proc/filesystems')))
    problems.push('the kernel has no overlayfs (needed for copy-on-write instance roots): load or build in `overlay`');
  for (const tool of ['ip', 'mkfs.ext4', 'tar', 'mount']) {
    if (!commandExists(tool)) problems.push(`${tool} is missing: apt-get install iproute2 e2fsprogs tar mount`);
  }
  if (!existsSync('/dev/loop-control'))
    problems.push('no /dev/loop-control: the root disk limit needs loop devices (kernel option BLK_DEV_LOOP)');
  const layout = cgroupLayout();
  if (layout === 'none') problems.push('no cgroup file system is mounted at /sys/fs/cgroup');
  if (layout === 'hybrid' && problems.length === 0 && options.fix !== false) {
    try {
      fixes = fixHybridCgroups();
    } catch (err) {
      problems.push(
        `cannot fix the hybrid cgroup layout for crun (bind hugetlb to its own v1 hierarchy): ${(err as Error).message}`,
      );
    }
  }
  if (layout === 'hybrid' || layout === 'v1') {
    for (const controller of ['cpu', 'memory', 'pids', 'freezer']) {
      if (!existsSync(`${CGROUP}/${controller}`))
        problems.push(`the ${controller} cgroup controller is not mounted at ${CGROUP}/${controller}`);
    }
    const unified = cgroupMounts().v2.find((d) => d !== CGROUP);
    if (layout === 'hybrid' && unified && read(`${unified}/cgroup.controllers`).trim() !== '')
      problems.push(
        `crun refuses this hybrid cgroup layout while ${unified} owns controllers (${read(`${unified}/cgroup.controllers`).trim()}); bind them to v1 hierarchies (mount -t cgroup -o hugetlb cgroup /sys/fs/cgroup/hugetlb)`,
      );
  }
  return { ok: problems.length === 0, problems, fixes, crunVersion: version, cgroupLayout: layout };
}

function commandExists(tool: string): boolean {
  return ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'].some((d) =>
    existsSync(`${d}/${tool}`),
  );
}
