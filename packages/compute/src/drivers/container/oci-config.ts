// The OCI runtime config of an instance: own pid, mount, uts, ipc and cgroup namespaces, the pre-made network
// namespace, cgroup limits from the flavor, the config drive and the guest's init bind-mounted read-only.
import type { DriverFlavor } from '../driver.js';

/** CFS period; the quota is vCPUs × period. */
const CPU_PERIOD = 100_000;
/** Processes an instance may have (a fork bomb stops there). */
export const PIDS_LIMIT = 4096;
/**
 * Docker's default capability set, plus NET_ADMIN and NET_RAW so the guest configures its own network (DHCP) in
 * its own namespace. No SYS_ADMIN: the hostname comes from the config, not from the guest.
 */
const CAPABILITIES = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FSETID',
  'CAP_FOWNER',
  'CAP_MKNOD',
  'CAP_NET_RAW',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETFCAP',
  'CAP_SETPCAP',
  'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT',
  'CAP_KILL',
  'CAP_AUDIT_WRITE',
  'CAP_NET_ADMIN',
];

export interface OciConfigInput {
  hostname: string;
  flavor: DriverFlavor;
  netnsPath: string;
  cgroupsPath: string;
  /** Host folder mounted read-only at /run/nubo (the init and what it reads). */
  guestDir: string;
  /** Host folder mounted read-only at /mnt/config (the config drive). */
  configDriveDir: string;
  /** Environment of the image (Docker images' Env), added to the defaults. */
  env: string[];
}

/** The config.json object of an instance's bundle (whose rootfs is the folder `rootfs` beside it). */
export function ociConfigOf(input: OciConfigInput): Record<string, unknown> {
  const memory = input.flavor.memoryMb * 1024 * 1024;
  const tmpfs = (destination: string, options: string[]) => ({ destination, type: 'tmpfs', source: 'tmpfs', options });
  return {
    ociVersion: '1.0.2',
    process: {
      terminal: false,
      user: { uid: 0, gid: 0 },
      args: ['/bin/sh', '/run/nubo/init'],
      env: [
        'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        'HOME=/root',
        'TERM=xterm',
        'container=nubo',
        ...input.env,
      ],
      cwd: '/',
      capabilities: { bounding: CAPABILITIES, effective: CAPABILITIES, permitted: CAPABILITIES, ambient: [] },
      // Root on these machines lacks CAP_SYS_RESOURCE and the hard open-files limit is 20000: never ask for more.
      rlimits: [{ type: 'RLIMIT_NOFILE', hard: 16384, soft: 16384 }],
      noNewPrivileges: false,
    },
    root: { path: 'rootfs', readonly: false },
    hostname: input.hostname,
    mounts: [
      { destination: '/proc', type: 'proc', source: 'proc' },
      tmpfs('/dev', ['nosuid', 'strictatime', 'mode=755', 'size=65536k']),
      {
        destination: '/dev/pts',
        type: 'devpts',
        source: 'devpts',
        options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'],
      },
      {
        destination: '/dev/shm',
        type: 'tmpfs',
        source: 'shm',
        options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'],
      },
      { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
      { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
      tmpfs('/run', ['nosuid', 'nodev', 'mode=755', 'size=16m']),
      { destination: '/run/nubo', type: 'bind', source: input.guestDir, options: ['rbind', 'ro', 'nosuid', 'nodev'] },
      {
        destination: '/mnt/config',
        type: 'bind',
        source: input.configDriveDir,
        options: ['rbind', 'ro', 'nosuid', 'nodev'],
      },
    ],
    linux: {
      cgroupsPath: input.cgroupsPath,
      resources: {
        devices: [
          { allow: false, access: 'rwm' },
          // The defaults every OCI runtime creates (null, zero, full, random, urandom, tty) plus the pty master.
          { allow: true, type: 'c', major: 1, access: 'rwm' },
          { allow: true, type: 'c', major: 5, access: 'rwm' },
          { allow: true, type: 'c', major: 136, access: 'rwm' },
        ],
        memory: { limit: memory, swap: memory },
        cpu: { quota: Math.max(1, input.flavor.vcpus) * CPU_PERIOD, period: CPU_PERIOD },
        pids: { limit: PIDS_LIMIT },
      },
      namespaces: [
        { type: 'pid' },
        { type: 'network', path: input.netnsPath },
        { type: 'ipc' },
        { type: 'uts' },
        { type: 'mount' },
        { type: 'cgroup' },
      ],
      maskedPaths: [
        '/proc/acpi',
        '/proc/asound',
        '/proc/kcore',
        '/proc/keys',
        '/proc/latency_stats',
        '/proc/timer_list',
        '/proc/timer_stats',
        '/proc/sched_debug',
        '/sys/firmware',
        '/proc/scsi',
      ],
      readonlyPaths: ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'],
    },
  };
}
