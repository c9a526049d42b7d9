// The compute driver contract (Nova's nova/virt/driver.py ComputeDriver): what an agent asks of the hypervisor of
// its host. Drivers hold no database handle; the agent persists the opaque state they return and gives it back.
import { NotFound, NotImplemented } from '@nubo/core';
import type { Vif } from '../network.js';

/** Nova's power_state integers, as instances store and the API shows them (OS-EXT-STS:power_state). */
export const PowerState = {
  NOSTATE: 0,
  RUNNING: 1,
  PAUSED: 3,
  SHUTDOWN: 4,
  CRASHED: 6,
  SUSPENDED: 7,
} as const;

/** One of Nova's power_state integers. */
export type PowerStateValue = (typeof PowerState)[keyof typeof PowerState];

/** The flavor an instance runs with, in the driver's units. */
export interface DriverFlavor {
  id: string;
  name: string;
  vcpus: number;
  memoryMb: number;
  rootGb: number;
  ephemeralGb: number;
  swapMb: number;
  extraSpecs: Record<string, string>;
}

/** The image an instance boots from (null for a server booted from a volume). */
export interface DriverImage {
  id: string;
  name: string | null;
  /** Glance custom properties (hw_*, os_*, …). */
  properties: Record<string, unknown>;
}

/** What a driver is told about an instance: everything it needs, nothing it must look up. */
export interface DriverInstance {
  uuid: string;
  name: string;
  hostname: string;
  projectId: string;
  userId: string;
  flavor: DriverFlavor;
  image: DriverImage | null;
  /** Server metadata (the fake driver reads fault injection from it). */
  metadata: Record<string, string>;
  userData: string | null;
  keyData: string | null;
  /** The instance's ports, bound to this host before spawn (Nova's network_info); none without Networking. */
  vifs: Vif[];
}

/**
 * Opaque, versioned, JSON-serialisable state a driver returns from every call that changes an instance. The agent
 * stores it in the instance row and hands it back to `recover()` after a restart (Nomad's TaskHandle).
 */
export interface DriverState {
  /** The driver's own format version, so a newer driver can read an older state. */
  version: number;
  [key: string]: unknown;
}

/** The result of a call that changes an instance. */
export interface DriverResult {
  driverState: DriverState;
  /** The instance's power state after the call. */
  powerState: PowerStateValue;
}

/** Resources and identity of the host, reported at start (Nova's get_available_resource). */
export interface HostResources {
  hypervisorHostname: string;
  hypervisorType: string;
  hypervisorVersion: number;
  cpuArch: string;
  vcpus: number;
  memoryMb: number;
  localGb: number;
  /** Nova's supported_instances: [architecture, hypervisor type, vm mode] triples the ImagePropertiesFilter checks. */
  supportedInstances: [string, string, string][];
  /** Standard Placement traits the host offers (COMPUTE_*, HW_*), set on its resource provider. */
  traits: string[];
}

/** What the data of a snapshot is, for the Glance image record. */
export interface SnapshotData {
  data: Buffer;
  diskFormat: string;
  containerFormat: string;
}

/** Feature flags (Nova's `capabilities` dict): the agent refuses an action whose flag is false. */
export interface DriverCapabilities {
  supportsPause: boolean;
  supportsSuspend: boolean;
  supportsRescue: boolean;
  supportsSnapshot: boolean;
  supportsRebuild: boolean;
  /** Resize and cold migration: migrateDiskAndPowerOff, finishMigration, confirmMigration, finishRevertMigration. */
  supportsResize: boolean;
  supportsConsoleOutput: boolean;
}

/**
 * A hypervisor behind one compute host. One driver object serves one host; its methods may run concurrently for
 * different instances, never for the same instance (the agent serialises work per instance).
 *
 * Every method that takes an instance may throw `InstanceNotFound` when the hypervisor has no such instance (except
 * where stated), `ActionNotSupported` when its capability flag is false, and any other error for a failure of the
 * hypervisor (the agent records it as the instance fault).
 */
export interface ComputeDriver {
  /** The registry name, e.g. `fake`. */
  readonly name: string;
  readonly capabilities: DriverCapabilities;

  /** Called once when the agent starts, before anything else (Nova's init_host). Idempotent. */
  initHost(): Promise<void>;

  /** The host's resources and identity; the agent registers them as a compute node and Placement provider. */
  getHostResources(): HostResources;

  /** Uuids of every instance the hypervisor knows (for reconciliation and sweeping leaks). */
  listInstances(): Promise<string[]>;

  /**
   * Creates and boots the instance (Nova's spawn). Postcondition: it runs (RUNNING). Idempotent: spawning an
   * instance the driver already has returns its current state without creating a second one.
   */
  spawn(instance: DriverInstance): Promise<DriverResult>;

  /**
   * Re-attaches to an instance after the agent restarted, from the state last returned (Nomad's RecoverTask).
   * Postcondition: the driver knows the instance again and reports its actual power state (SHUTDOWN or NOSTATE when
   * it is gone from the hypervisor: the agent then decides). Never throws InstanceNotFound.
   */
  recover(instance: DriverInstance, state: DriverState): Promise<DriverResult>;

  /** The instance's power state; NOSTATE when the hypervisor does not have it. */
  getPowerState(instance: DriverInstance): Promise<PowerStateValue>;

  /**
   * Stops the instance and frees everything it holds on the host (Nova's destroy). Idempotent: destroying an
   * unknown instance succeeds.
   */
  destroy(instance: DriverInstance): Promise<void>;

  /** Postcondition SHUTDOWN; idempotent (powering off a stopped instance succeeds). */
  powerOff(instance: DriverInstance): Promise<DriverResult>;
  /** Postcondition RUNNING; idempotent. */
  powerOn(instance: DriverInstance): Promise<DriverResult>;
  /** Postcondition RUNNING; a SOFT reboot may be done as HARD by drivers without a guest agent. */
  reboot(instance: DriverInstance, type: 'SOFT' | 'HARD'): Promise<DriverResult>;
  /** Postcondition PAUSED; idempotent. Needs supportsPause. */
  pause(instance: DriverInstance): Promise<DriverResult>;
  /** Postcondition RUNNING; idempotent. Needs supportsPause. */
  unpause(instance: DriverInstance): Promise<DriverResult>;
  /** Postcondition SUSPENDED; idempotent. Needs supportsSuspend. */
  suspend(instance: DriverInstance): Promise<DriverResult>;
  /** Postcondition RUNNING; idempotent. Needs supportsSuspend. */
  resume(instance: DriverInstance): Promise<DriverResult>;
  /** Boots the instance from a rescue image, keeping its disk attached; RUNNING. Needs supportsRescue. */
  rescue(instance: DriverInstance, rescueImage: DriverImage | null): Promise<DriverResult>;
  /** Back to its own disk; RUNNING. Idempotent. Needs supportsRescue. */
  unrescue(instance: DriverInstance): Promise<DriverResult>;
  /**
   * Re-creates the instance's disk from `instance.image` and boots it (Nova's rebuild); RUNNING. Idempotent.
   * Needs supportsRebuild.
   */
  rebuild(instance: DriverInstance): Promise<DriverResult>;
  /** The instance's disk as image data (Nova's snapshot). Needs supportsSnapshot. */
  snapshot(instance: DriverInstance): Promise<SnapshotData>;
  /** The whole console log. Needs supportsConsoleOutput. */
  getConsoleOutput(instance: DriverInstance): Promise<string>;

  /**
   * Source side of a resize or migration: powers the instance off and prepares its disk to move
   * (Nova's migrate_disk_and_power_off). Returns the state to give the destination's finishMigration. Idempotent.
   * Needs supportsResize.
   */
  migrateDiskAndPowerOff(instance: DriverInstance, newFlavor: DriverFlavor, destHost: string): Promise<DriverResult>;
  /**
   * Destination side (Nova's finish_migration): sets the instance up with `instance.flavor` (the new flavor) from
   * the source's state, running when `powerOn`. Idempotent. On a same-host resize it runs on the same driver.
   */
  finishMigration(instance: DriverInstance, sourceState: DriverState, powerOn: boolean): Promise<DriverResult>;
  /** Source side of a confirm: drops what the source kept for a revert (Nova's confirm_migration). Idempotent. */
  confirmMigration(instance: DriverInstance, sameHost: boolean): Promise<void>;
  /**
   * Source side of a revert (Nova's finish_revert_migration): brings the instance back with `instance.flavor` (the
   * old flavor), running when `powerOn`. Idempotent.
   */
  finishRevertMigration(instance: DriverInstance, powerOn: boolean): Promise<DriverResult>;
}

/** The hypervisor does not have the instance (Nova's InstanceNotFound). */
export class InstanceNotFound extends NotFound {
  constructor(readonly instanceId: string) {
    super(`Instance ${instanceId} could not be found.`);
  }
}

/** The driver cannot do this (a capability flag is false), as Nova's NotImplementedError surfaces. */
export class ActionNotSupported extends NotImplemented {
  constructor(driver: string, action: string) {
    super(`The ${driver} compute driver does not support ${action}.`);
  }
}

/** Options every driver factory receives from the agent. */
export interface DriverOptions {
  /** The compute host (service host name) the driver serves. */
  host: string;
  vcpus: number;
  memoryMb: number;
  diskGb: number;
  /** Fake driver: time each spawn takes, in ms. */
  spawnDelayMs: number;
  /** Container driver: where instances, image caches and crun state live (default /var/lib/nubo/containers). */
  stateDir?: string;
  /** Container driver: how image data is fetched (Glance through the service session). */
  imageData?: DriverImageData;
}

/** An image's data and formats as the Image service holds them. */
export interface DriverImageDownload {
  containerFormat: string | null;
  diskFormat: string | null;
  data: Buffer;
}

/** Where a driver that boots from image data gets it (Glance's `GET /v2/images/{id}/file`). */
export interface DriverImageData {
  download(imageId: string): Promise<DriverImageDownload>;
}

/** Builds a driver for one host; the registry maps config names to these. */
export type DriverFactory = (options: DriverOptions) => ComputeDriver;
