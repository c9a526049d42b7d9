// The container compute driver: each instance is a crun container with its own pid, mount, uts, ipc, network and
// cgroup namespaces, a copy-on-write root (overlayfs) over the image's cached root filesystem on a loop-mounted
// disk of the flavor's size, and cgroup limits from the flavor. Nova's libvirt-lxc driver is the model; the
// container's lifecycle is crun's (run, kill, pause/resume with the cgroup freezer, delete).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import {
  ActionNotSupported,
  type ComputeDriver,
  type DriverCapabilities,
  type DriverFlavor,
  type DriverImage,
  type DriverInstance,
  type DriverOptions,
  type DriverResult,
  type DriverState,
  type HostResources,
  InstanceNotFound,
  PowerState,
  type PowerStateValue,
  type SnapshotData,
} from '../driver.js';
import { leftoversOf, removeInstance } from './cleanup.js';
import { Crun } from './crun.js';
import { run, runToBuffer } from './exec.js';
import { writeGuestFiles } from './guest-files.js';
import { checkContainerHost, type HostCheckReport } from './host-checks.js';
import { ImageCache } from './image-cache.js';
import { UnbootableImage } from './image-unpack.js';
import { type ContainerStateV1, type Desired, readState, writeState } from './instance-state.js';
import { cgroupPathOf, DEFAULT_STATE_DIR, HostLayout, netnsNameOf } from './layout.js';
import { createDisk, growDisk, mountRoot, unmountRoot } from './mounts.js';
import { ensureNetns } from './netns.js';
import { ociConfigOf } from './oci-config.js';

export interface ContainerDriverOptions extends DriverOptions {
  /** Seconds a stop waits for the guest's init to exit on SIGTERM before SIGKILL (Nova's shutdown_timeout). */
  shutdownTimeoutSec?: number;
  /** Nova's resume_guests_state_on_host_boot: recover restarts instances that should run (default false: SHUTOFF). */
  resumeGuestsOnHostBoot?: boolean;
  /** Plugs the instance's ports into its network namespace (Nova's plug_vifs); none yet: loopback only. */
  vifs?: VifPlugger;
}

/**
 * The network agent's side of an instance (the plug-in point for networking): `plug` runs before each boot, with
 * the namespace made, so the init finds the interfaces for DHCP; what it returns is written as the config drive's
 * network_data.json. `unplug` runs before the namespace is deleted.
 */
export interface VifPlugger {
  plug(instance: DriverInstance, netns: string): Promise<Record<string, unknown> | undefined>;
  unplug(uuid: string, netns: string): Promise<void>;
}

const CAPABILITIES: DriverCapabilities = {
  supportsPause: true,
  supportsSuspend: true,
  // A rescue needs a second root to boot with the first attached; a container has no disks to attach.
  supportsRescue: false,
  supportsSnapshot: true,
  supportsRebuild: true,
  supportsResize: true,
  supportsConsoleOutput: true,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @example
 * const driver = new ContainerDriver({ host: 'compute1', vcpus: 2, memoryMb: 4096, diskGb: 20, spawnDelayMs: 0,
 *   imageData: glanceDriverImageData(session) });
 * await driver.initHost();
 */
export class ContainerDriver implements ComputeDriver {
  readonly name = 'container';
  readonly capabilities = CAPABILITIES;
  readonly layout: HostLayout;
  private readonly crun: Crun;
  private readonly images: ImageCache;
  /** What initHost found and fixed. */
  hostReport: HostCheckReport | null = null;

  constructor(private readonly options: ContainerDriverOptions) {
    this.layout = new HostLayout(options.stateDir || DEFAULT_STATE_DIR, options.host);
    this.crun = new Crun(this.layout.crunRoot);
    this.images = new ImageCache(this.layout.imagesDir, options.imageData);
  }

  async initHost(): Promise<void> {
    this.hostReport = checkContainerHost({ fix: true });
    if (!this.hostReport.ok)
      throw new Error(`this host cannot run the container driver: ${this.hostReport.problems.join('; ')}`);
    for (const dir of [this.layout.imagesDir, this.layout.crunRoot, this.layout.instancesDir])
      mkdirSync(dir, { recursive: true });
  }

  getHostResources(): HostResources {
    let localGb = this.options.diskGb;
    try {
      const fs = statfsSync(existsSync(this.layout.stateDir) ? this.layout.stateDir : '/');
      localGb = Math.max(1, Math.floor((fs.blocks * fs.bsize) / 1024 ** 3));
    } catch {
      // keep the configured size
    }
    return {
      hypervisorHostname: this.options.host,
      // Nova's libvirt driver with virt_type=lxc reports hypervisor_type "lxc" and vm_mode "exe".
      hypervisorType: 'lxc',
      hypervisorVersion: 1008001,
      cpuArch: 'x86_64',
      vcpus: cpus().length,
      memoryMb: Math.floor(totalmem() / 1024 / 1024),
      localGb,
      supportedInstances: [['x86_64', 'lxc', 'exe']],
      traits: ['COMPUTE_NODE', 'COMPUTE_ARCH_X86_64', 'COMPUTE_IMAGE_TYPE_RAW'],
    };
  }

  async listInstances(): Promise<string[]> {
    if (!existsSync(this.layout.instancesDir)) return [];
    return readdirSync(this.layout.instancesDir).filter((d) => existsSync(this.layout.instance(d).state));
  }

  // ---- helpers ----

  private paths(uuid: string) {
    return this.layout.instance(uuid);
  }

  private stateOf(uuid: string): ContainerStateV1 | null {
    return readState(this.paths(uuid).state);
  }

  private require(instance: DriverInstance): ContainerStateV1 {
    const state = this.stateOf(instance.uuid);
    if (!state) throw new InstanceNotFound(instance.uuid);
    return state;
  }

  private save(state: ContainerStateV1, desired?: Desired): ContainerStateV1 {
    const next = { ...state, ...(desired ? { desired } : {}) };
    writeState(this.paths(state.uuid).state, next);
    return next;
  }

  private async powerOf(state: ContainerStateV1): Promise<PowerStateValue> {
    const status = await this.crun.status(state.uuid);
    if (status === 'running') return PowerState.RUNNING;
    if (status === 'paused') return state.desired === 'suspended' ? PowerState.SUSPENDED : PowerState.PAUSED;
    return PowerState.SHUTDOWN;
  }

  private async result(state: ContainerStateV1): Promise<DriverResult> {
    return { driverState: { ...state }, powerState: await this.powerOf(state) };
  }

  /** Mounts the root, writes the guest files and config, and starts the container. */
  private async boot(state: ContainerStateV1, instance: DriverInstance): Promise<void> {
    const paths = this.paths(state.uuid);
    const image = await this.images.get(state.imageId);
    await mountRoot(paths, image.rootfs);
    const netnsPath = await ensureNetns(state.netns);
    const networkData = await this.options.vifs?.plug(instance, state.netns);
    writeGuestFiles(paths, instance, image.runtime.cmd, networkData);
    const config = ociConfigOf({
      hostname: instance.hostname || instance.name,
      flavor: state.flavor,
      netnsPath,
      cgroupsPath: cgroupPathOf(this.options.host, state.uuid),
      guestDir: paths.guest,
      configDriveDir: paths.configDrive,
      env: image.runtime.env,
    });
    writeFileSync(join(paths.dir, 'config.json'), JSON.stringify(config));
    // A container left "stopped" by an init that exited must be deleted before its id can run again.
    if ((await this.crun.status(state.uuid)) !== null) await this.crun.delete(state.uuid);
    await this.crun.run(state.uuid, paths.dir, paths.console);
  }

  /** Stops the container (SIGTERM, then SIGKILL after the timeout; none at all for a hard stop) and unmounts. */
  private async halt(state: ContainerStateV1, hard = false): Promise<void> {
    const status = await this.crun.status(state.uuid);
    if (status === 'paused') await this.crun.resume(state.uuid);
    if (status === 'running' || status === 'paused') {
      if (!hard) {
        await this.crun.kill(state.uuid, 'TERM');
        const deadline = Date.now() + (this.options.shutdownTimeoutSec ?? 10) * 1000;
        while (Date.now() < deadline && (await this.crun.status(state.uuid)) === 'running') await sleep(20);
      }
      await this.crun.kill(state.uuid, 'KILL');
    }
    await this.crun.delete(state.uuid);
    await unmountRoot(this.paths(state.uuid));
  }

  private imageIdOf(image: DriverImage | null): string {
    if (!image) throw new UnbootableImage('The container compute driver cannot boot from a volume: it needs an image.');
    return image.id;
  }

  // ---- lifecycle ----

  async spawn(instance: DriverInstance): Promise<DriverResult> {
    const existing = this.stateOf(instance.uuid);
    if (existing && (await this.crun.status(instance.uuid)) !== null) return this.result(existing);
    const imageId = this.imageIdOf(instance.image);
    const paths = this.paths(instance.uuid);
    try {
      await this.images.get(imageId);
      mkdirSync(paths.dir, { recursive: true });
      if (!existsSync(paths.disk)) await createDisk(paths, instance.flavor.rootGb);
      writeFileSync(paths.console, '', { flag: 'a' });
      const state = this.save({
        version: 1,
        host: this.options.host,
        uuid: instance.uuid,
        imageId,
        flavor: instance.flavor,
        desired: 'running',
        netns: netnsNameOf(this.options.host, instance.uuid),
        dir: paths.dir,
        migratedAway: false,
        resizeBackup: null,
      });
      await this.boot(state, instance);
      return this.result(state);
    } catch (err) {
      // Nothing half-made stays behind: the agent reschedules or records the fault.
      await this.destroy(instance).catch(() => undefined);
      throw err;
    }
  }

  async recover(instance: DriverInstance, _state: DriverState): Promise<DriverResult> {
    const state = this.stateOf(instance.uuid);
    if (!state) return { driverState: { version: 1 }, powerState: PowerState.NOSTATE };
    const status = await this.crun.status(state.uuid);
    if (status === 'stopped' || (status === null && state.desired !== 'stopped')) {
      // Its init died (or the host rebooted): clear what is left, then restart it or leave it off, as Nova does.
      await this.halt(state, true);
      if (this.options.resumeGuestsOnHostBoot && state.desired === 'running' && !state.migratedAway) {
        await this.boot(state, instance);
        return this.result(state);
      }
      return this.result(this.save(state, 'stopped'));
    }
    return this.result(state);
  }

  async getPowerState(instance: DriverInstance): Promise<PowerStateValue> {
    const state = this.stateOf(instance.uuid);
    return state ? this.powerOf(state) : PowerState.NOSTATE;
  }

  async destroy(instance: DriverInstance): Promise<void> {
    const paths = this.paths(instance.uuid);
    if (this.options.vifs) await this.options.vifs.unplug(instance.uuid, netnsNameOf(this.options.host, instance.uuid));
    await removeInstance(
      this.crun,
      instance.uuid,
      paths,
      netnsNameOf(this.options.host, instance.uuid),
      cgroupPathOf(this.options.host, instance.uuid),
    );
  }

  /** What is left on the host of a destroyed instance (for tests and checks); empty when nothing. */
  leftovers(uuid: string): string[] {
    return leftoversOf(this.paths(uuid), netnsNameOf(this.options.host, uuid), cgroupPathOf(this.options.host, uuid));
  }

  async powerOff(instance: DriverInstance): Promise<DriverResult> {
    const state = this.require(instance);
    await this.halt(state);
    return this.result(this.save(state, 'stopped'));
  }

  async powerOn(instance: DriverInstance): Promise<DriverResult> {
    const state = this.require(instance);
    const status = await this.crun.status(state.uuid);
    if (status === 'paused') await this.crun.resume(state.uuid);
    else if (status !== 'running') await this.boot(state, instance);
    return this.result(this.save(state, 'running'));
  }

  async reboot(instance: DriverInstance, type: 'SOFT' | 'HARD'): Promise<DriverResult> {
    const state = this.require(instance);
    await this.halt(state, type === 'HARD');
    writeFileSync(this.paths(state.uuid).console, `nubo: ${type.toLowerCase()} reboot\n`, { flag: 'a' });
    await this.boot(state, instance);
    return this.result(this.save(state, 'running'));
  }

  private async freeze(instance: DriverInstance, desired: 'paused' | 'suspended'): Promise<DriverResult> {
    const state = this.require(instance);
    const status = await this.crun.status(state.uuid);
    if (status !== 'running' && status !== 'paused')
      throw new Error(`instance ${instance.uuid} is not running, it cannot be ${desired}`);
    if (status === 'running') await this.crun.pause(state.uuid);
    return this.result(this.save(state, desired));
  }

  private async thaw(instance: DriverInstance): Promise<DriverResult> {
    const state = this.require(instance);
    if ((await this.crun.status(state.uuid)) === 'paused') await this.crun.resume(state.uuid);
    return this.result(this.save(state, 'running'));
  }

  /** The cgroup freezer stops every process of the instance; memory stays as it is. */
  pause(instance: DriverInstance): Promise<DriverResult> {
    return this.freeze(instance, 'paused');
  }

  unpause(instance: DriverInstance): Promise<DriverResult> {
    return this.thaw(instance);
  }

  /** A container has no memory image to save to disk: suspend freezes it too, and reports SUSPENDED. */
  suspend(instance: DriverInstance): Promise<DriverResult> {
    return this.freeze(instance, 'suspended');
  }

  resume(instance: DriverInstance): Promise<DriverResult> {
    return this.thaw(instance);
  }

  async rescue(_instance: DriverInstance, _image: DriverImage | null): Promise<DriverResult> {
    throw new ActionNotSupported(this.name, 'rescue');
  }

  async unrescue(_instance: DriverInstance): Promise<DriverResult> {
    throw new ActionNotSupported(this.name, 'unrescue');
  }

  /** A new, empty disk over the (new) image, then a first boot: user_data and keys run again, as on Nova. */
  async rebuild(instance: DriverInstance): Promise<DriverResult> {
    const state = this.require(instance);
    const imageId = this.imageIdOf(instance.image);
    await this.images.get(imageId);
    await this.halt(state, true);
    const paths = this.paths(state.uuid);
    rmSync(paths.diskMount, { recursive: true, force: true });
    rmSync(paths.disk, { force: true });
    await createDisk(paths, instance.flavor.rootGb);
    const next = this.save({ ...state, imageId, flavor: instance.flavor }, 'running');
    await this.boot(next, instance);
    return this.result(next);
  }

  /** The instance's root filesystem (image + its changes) as a gzip tarball: a `bare` image that boots again. */
  async snapshot(instance: DriverInstance): Promise<SnapshotData> {
    const state = this.require(instance);
    const paths = this.paths(state.uuid);
    const status = await this.crun.status(state.uuid);
    const running = status === 'running' || status === 'paused';
    if (!running) await mountRoot(paths, (await this.images.get(state.imageId)).rootfs);
    // Frozen while read, so the tarball is one consistent moment of the guest (as a quiesced snapshot).
    if (status === 'running') await this.crun.pause(state.uuid);
    try {
      const data = await runToBuffer(
        'tar',
        [
          '-C',
          paths.rootfs,
          '--numeric-owner',
          '--xattrs',
          '-czf',
          '-',
          '--exclude=./proc/*',
          '--exclude=./sys/*',
          '--exclude=./dev/*',
          '--exclude=./run/*',
          '--exclude=./tmp/*',
          '.',
        ],
        // GNU tar's 1 is "some file changed as we read it": the archive is whole.
        [0, 1],
      );
      return { data, diskFormat: 'raw', containerFormat: 'bare' };
    } finally {
      if (status === 'running') await this.crun.resume(state.uuid);
      if (!running) await unmountRoot(paths);
    }
  }

  async getConsoleOutput(instance: DriverInstance): Promise<string> {
    this.require(instance);
    return readFileSync(this.paths(instance.uuid).console, 'utf8');
  }

  // ---- resize and migration ----

  async migrateDiskAndPowerOff(
    instance: DriverInstance,
    _newFlavor: DriverFlavor,
    destHost: string,
  ): Promise<DriverResult> {
    const state = this.require(instance);
    await this.halt(state);
    return this.result(this.save({ ...state, migratedAway: destHost !== this.options.host }, 'stopped'));
  }

  async finishMigration(instance: DriverInstance, sourceState: DriverState, powerOn: boolean): Promise<DriverResult> {
    const source = sourceState as ContainerStateV1;
    let state = this.stateOf(instance.uuid);
    if (!state || (source.host !== this.options.host && state.migratedAway)) {
      // Another host's disk: copy it here (hosts of one process share the machine; across machines the copy
      // would be an rsync, as Nova's libvirt driver does).
      const paths = this.paths(instance.uuid);
      mkdirSync(paths.dir, { recursive: true });
      if (!existsSync(paths.disk)) await run('cp', ['--sparse=always', join(source.dir, 'disk.img'), paths.disk]);
      writeFileSync(paths.console, '', { flag: 'a' });
      state = this.save({
        ...source,
        host: this.options.host,
        netns: netnsNameOf(this.options.host, instance.uuid),
        dir: paths.dir,
        migratedAway: false,
        resizeBackup: null,
        desired: 'stopped',
      });
    } else if (!state.resizeBackup) {
      state = this.save({ ...state, resizeBackup: state.flavor, migratedAway: false });
    }
    if ((await this.crun.status(state.uuid)) !== null) await this.halt(state);
    await growDisk(this.paths(state.uuid), instance.flavor.rootGb);
    state = this.save({ ...state, flavor: instance.flavor }, powerOn ? 'running' : 'stopped');
    if (powerOn) await this.boot(state, instance);
    return this.result(state);
  }

  async confirmMigration(instance: DriverInstance, sameHost: boolean): Promise<void> {
    const state = this.stateOf(instance.uuid);
    if (!state) return;
    if (sameHost) this.save({ ...state, resizeBackup: null });
    else await this.destroy(instance);
  }

  async finishRevertMigration(instance: DriverInstance, powerOn: boolean): Promise<DriverResult> {
    const state = this.require(instance);
    if ((await this.crun.status(state.uuid)) !== null) await this.halt(state);
    const next = this.save(
      { ...state, flavor: instance.flavor, resizeBackup: null, migratedAway: false },
      powerOn ? 'running' : 'stopped',
    );
    if (powerOn) await this.boot(next, instance);
    return this.result(next);
  }
}

/** The registry's factory. */
export function createContainerDriver(options: DriverOptions): ComputeDriver {
  return new ContainerDriver(options);
}
