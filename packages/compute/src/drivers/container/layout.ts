// Where a container host keeps things. One state root per machine (default /var/lib/nubo/containers, as Nova's
// /var/lib/nova/instances): image root filesystems cached once per machine, and per compute host its crun state and
// its instances, so two hosts run in one process (tests, resize to another host) never share a container id.
import { join } from 'node:path';

export const DEFAULT_STATE_DIR = '/var/lib/nubo/containers';

/** A host name as it may appear in paths, cgroup names and netns names. */
export function slugOf(host: string): string {
  return host.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/** The network namespace of an instance: the network agent plugs the instance's veth into it (`ip netns`). */
export function netnsNameOf(host: string, uuid: string): string {
  return `nubo-${slugOf(host)}-${uuid}`;
}

/** The cgroup path crun creates under every controller. */
export function cgroupPathOf(host: string, uuid: string): string {
  return `/nubo/${slugOf(host)}/${uuid}`;
}

/** Paths of one host's state. */
export class HostLayout {
  constructor(
    readonly stateDir: string,
    readonly host: string,
  ) {}

  /** The image cache shared by every host of the machine. */
  get imagesDir(): string {
    return join(this.stateDir, 'images');
  }
  get hostDir(): string {
    return join(this.stateDir, 'hosts', slugOf(this.host));
  }
  /** crun's --root: its container state for this host. */
  get crunRoot(): string {
    return join(this.hostDir, 'crun');
  }
  get instancesDir(): string {
    return join(this.hostDir, 'instances');
  }
  instance(uuid: string): InstancePaths {
    const dir = join(this.instancesDir, uuid);
    return {
      dir,
      disk: join(dir, 'disk.img'),
      diskMount: join(dir, 'disk'),
      upper: join(dir, 'disk', 'upper'),
      work: join(dir, 'disk', 'work'),
      rootfs: join(dir, 'rootfs'),
      guest: join(dir, 'guest'),
      configDrive: join(dir, 'config-drive'),
      console: join(dir, 'console.log'),
      state: join(dir, 'state.json'),
    };
  }
}

/** Files of one instance. */
export interface InstancePaths {
  dir: string;
  /** Sparse ext4 file of the flavor's root disk size, loop-mounted: holds the overlay's upper and work dirs. */
  disk: string;
  diskMount: string;
  upper: string;
  work: string;
  /** The overlay mount: the instance's root, and the OCI bundle's rootfs. */
  rootfs: string;
  /** Bind-mounted read-only at /run/nubo in the guest: its init and what the init reads. */
  guest: string;
  /** Bind-mounted read-only at /mnt/config: the OpenStack config drive (openstack/latest/…). */
  configDrive: string;
  console: string;
  state: string;
}
