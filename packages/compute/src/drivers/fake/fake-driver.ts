// The fake compute driver (Nova's nova/virt/fake.py, Nomad's mock driver): instances are entries in memory, every
// call succeeds at once unless a fault is injected by configuration or by server metadata. For scale and tests.
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

/** The methods a fault can be injected into. */
export type FakeMethod =
  | 'spawn'
  | 'destroy'
  | 'powerOff'
  | 'powerOn'
  | 'reboot'
  | 'pause'
  | 'unpause'
  | 'suspend'
  | 'resume'
  | 'rescue'
  | 'unrescue'
  | 'rebuild'
  | 'snapshot'
  | 'migrateDiskAndPowerOff'
  | 'finishMigration'
  | 'confirmMigration'
  | 'finishRevertMigration';

/**
 * How a fake driver behaves. Per-server overrides come from server metadata:
 * `fake:spawnError` = message (spawn fails), `fake:buildDelayMs` = ms (spawn takes that long),
 * `fake:fail:<method>` = message (that method fails, e.g. `fake:fail:powerOff`).
 */
export interface FakeDriverOptions extends DriverOptions {
  /** Every spawn fails with this message. */
  spawnError?: string;
  /** Time each spawn takes (overrides spawnDelayMs when set). */
  buildDelayMs?: number;
  /** Methods that fail, with their error message. */
  failOn?: Partial<Record<FakeMethod, string>>;
  /** Capabilities to turn off, to exercise the agent's refusals. */
  capabilities?: Partial<DriverCapabilities>;
}

interface FakeInstance {
  uuid: string;
  powerState: PowerStateValue;
  flavor: DriverFlavor;
  imageId: string | null;
  rescued: boolean;
  /** Source side of a resize to another host: kept, powered off, until confirm or revert. */
  migratedAway: boolean;
  /** Same-host resize: the flavor to go back to on revert. */
  resizeBackup: DriverFlavor | null;
  console: string[];
}

/** Version 1 of the fake's driver state. */
interface FakeStateV1 extends DriverState {
  version: 1;
  powerState: PowerStateValue;
  flavor: DriverFlavor;
  imageId: string | null;
  rescued: boolean;
  migratedAway: boolean;
  resizeBackup: DriverFlavor | null;
}

const FAKE_CAPABILITIES: DriverCapabilities = {
  supportsPause: true,
  supportsSuspend: true,
  supportsRescue: true,
  supportsSnapshot: true,
  supportsRebuild: true,
  supportsResize: true,
  supportsConsoleOutput: true,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @example
 * const driver = new FakeDriver({ host: 'compute1', vcpus: 8, memoryMb: 16384, diskGb: 200, spawnDelayMs: 0 });
 * const { driverState } = await driver.spawn(instance);
 */
export class FakeDriver implements ComputeDriver {
  readonly name = 'fake';
  readonly capabilities: DriverCapabilities;
  private readonly instances = new Map<string, FakeInstance>();

  constructor(private readonly options: FakeDriverOptions) {
    this.capabilities = { ...FAKE_CAPABILITIES, ...options.capabilities };
  }

  async initHost(): Promise<void> {}

  getHostResources(): HostResources {
    return {
      hypervisorHostname: this.options.host,
      hypervisorType: 'fake',
      hypervisorVersion: 1000,
      cpuArch: 'x86_64',
      vcpus: this.options.vcpus,
      memoryMb: this.options.memoryMb,
      localGb: this.options.diskGb,
      // Nova's fake driver: [(X86_64, FAKE, HVM)].
      supportedInstances: [['x86_64', 'fake', 'hvm']],
      traits: [
        'COMPUTE_NODE',
        'COMPUTE_ARCH_X86_64',
        'COMPUTE_DEVICE_TAGGING',
        'COMPUTE_NET_ATTACH_INTERFACE',
        'COMPUTE_IMAGE_TYPE_RAW',
        'COMPUTE_IMAGE_TYPE_QCOW2',
      ],
    };
  }

  async listInstances(): Promise<string[]> {
    return [...this.instances.keys()];
  }

  async spawn(instance: DriverInstance): Promise<DriverResult> {
    const existing = this.instances.get(instance.uuid);
    if (existing && !existing.migratedAway) return this.result(existing);
    const delay = Number(
      instance.metadata['fake:buildDelayMs'] ?? this.options.buildDelayMs ?? this.options.spawnDelayMs,
    );
    if (delay > 0) await sleep(delay);
    const error = instance.metadata['fake:spawnError'] ?? this.options.spawnError;
    if (error !== undefined) throw new Error(error);
    this.fail(instance, 'spawn');
    // A spawn that raced a destroy (or ran twice) still leaves one instance.
    const entry: FakeInstance = this.instances.get(instance.uuid) ?? {
      uuid: instance.uuid,
      powerState: PowerState.RUNNING,
      flavor: instance.flavor,
      imageId: instance.image?.id ?? null,
      rescued: false,
      migratedAway: false,
      resizeBackup: null,
      console: [],
    };
    entry.migratedAway = false;
    entry.powerState = PowerState.RUNNING;
    this.instances.set(instance.uuid, entry);
    this.log(entry, `spawned ${instance.name} (${instance.flavor.vcpus} vCPU, ${instance.flavor.memoryMb} MiB)`);
    // What a guest's console shows as it comes up, so that console-log readers (and their tail) have lines to read.
    this.log(entry, `booting image ${instance.image?.id ?? 'none'}`);
    this.log(entry, `hostname ${instance.hostname}`);
    for (const vif of instance.vifs) {
      this.log(entry, `eth${instance.vifs.indexOf(vif)} ${vif.mac} ${vif.fixedIps.map((ip) => ip.address).join(' ')}`);
    }
    this.log(entry, `${instance.hostname} login:`);
    return this.result(entry);
  }

  async recover(instance: DriverInstance, state: DriverState): Promise<DriverResult> {
    const existing = this.instances.get(instance.uuid);
    if (existing) return this.result(existing);
    if (state.version !== 1) {
      // An unknown format: the fake cannot know what ran; report it stopped for the agent to decide.
      return { driverState: state, powerState: PowerState.NOSTATE };
    }
    const saved = state as FakeStateV1;
    const entry: FakeInstance = {
      uuid: instance.uuid,
      powerState: saved.powerState,
      flavor: saved.flavor,
      imageId: saved.imageId,
      rescued: saved.rescued,
      migratedAway: saved.migratedAway,
      resizeBackup: saved.resizeBackup,
      console: [],
    };
    this.instances.set(instance.uuid, entry);
    this.log(entry, 'recovered after an agent restart');
    return this.result(entry);
  }

  async getPowerState(instance: DriverInstance): Promise<PowerStateValue> {
    return this.instances.get(instance.uuid)?.powerState ?? PowerState.NOSTATE;
  }

  async destroy(instance: DriverInstance): Promise<void> {
    this.fail(instance, 'destroy');
    this.instances.delete(instance.uuid);
  }

  async powerOff(instance: DriverInstance): Promise<DriverResult> {
    return this.setPower(instance, 'powerOff', PowerState.SHUTDOWN, 'powered off');
  }

  async powerOn(instance: DriverInstance): Promise<DriverResult> {
    return this.setPower(instance, 'powerOn', PowerState.RUNNING, 'powered on');
  }

  async reboot(instance: DriverInstance, type: 'SOFT' | 'HARD'): Promise<DriverResult> {
    return this.setPower(instance, 'reboot', PowerState.RUNNING, `${type.toLowerCase()} rebooted`);
  }

  async pause(instance: DriverInstance): Promise<DriverResult> {
    this.need('supportsPause', 'pause');
    return this.setPower(instance, 'pause', PowerState.PAUSED, 'paused');
  }

  async unpause(instance: DriverInstance): Promise<DriverResult> {
    this.need('supportsPause', 'unpause');
    return this.setPower(instance, 'unpause', PowerState.RUNNING, 'unpaused');
  }

  async suspend(instance: DriverInstance): Promise<DriverResult> {
    this.need('supportsSuspend', 'suspend');
    return this.setPower(instance, 'suspend', PowerState.SUSPENDED, 'suspended');
  }

  async resume(instance: DriverInstance): Promise<DriverResult> {
    this.need('supportsSuspend', 'resume');
    return this.setPower(instance, 'resume', PowerState.RUNNING, 'resumed');
  }

  async rescue(instance: DriverInstance, rescueImage: DriverImage | null): Promise<DriverResult> {
    this.need('supportsRescue', 'rescue');
    const entry = this.entry(instance, 'rescue');
    entry.rescued = true;
    entry.powerState = PowerState.RUNNING;
    this.log(entry, `rescued from image ${rescueImage?.id ?? entry.imageId ?? 'none'}`);
    return this.result(entry);
  }

  async unrescue(instance: DriverInstance): Promise<DriverResult> {
    this.need('supportsRescue', 'unrescue');
    const entry = this.entry(instance, 'unrescue');
    entry.rescued = false;
    entry.powerState = PowerState.RUNNING;
    this.log(entry, 'unrescued');
    return this.result(entry);
  }

  async rebuild(instance: DriverInstance): Promise<DriverResult> {
    this.need('supportsRebuild', 'rebuild');
    const entry = this.entry(instance, 'rebuild');
    entry.imageId = instance.image?.id ?? null;
    entry.powerState = PowerState.RUNNING;
    this.log(entry, `rebuilt from image ${entry.imageId ?? 'none'}`);
    return this.result(entry);
  }

  async snapshot(instance: DriverInstance): Promise<SnapshotData> {
    this.need('supportsSnapshot', 'snapshot');
    const entry = this.entry(instance, 'snapshot');
    const header = JSON.stringify({ fake: true, instance: instance.uuid, image: entry.imageId });
    return {
      data: Buffer.concat([Buffer.from(header), Buffer.alloc(1024)]),
      diskFormat: 'raw',
      containerFormat: 'bare',
    };
  }

  async getConsoleOutput(instance: DriverInstance): Promise<string> {
    this.need('supportsConsoleOutput', 'console output');
    const entry = this.instances.get(instance.uuid);
    if (!entry) throw new InstanceNotFound(instance.uuid);
    return `${entry.console.join('\n')}\n`;
  }

  async migrateDiskAndPowerOff(
    instance: DriverInstance,
    newFlavor: DriverFlavor,
    destHost: string,
  ): Promise<DriverResult> {
    this.need('supportsResize', 'resize');
    const entry = this.entry(instance, 'migrateDiskAndPowerOff');
    entry.powerState = PowerState.SHUTDOWN;
    if (destHost === this.options.host) entry.resizeBackup ??= entry.flavor;
    else entry.migratedAway = true;
    this.log(entry, `migrating to ${destHost} as ${newFlavor.name}`);
    return this.result(entry);
  }

  async finishMigration(instance: DriverInstance, sourceState: DriverState, powerOn: boolean): Promise<DriverResult> {
    this.need('supportsResize', 'resize');
    this.fail(instance, 'finishMigration');
    const source = sourceState as Partial<FakeStateV1>;
    const entry: FakeInstance = this.instances.get(instance.uuid) ?? {
      uuid: instance.uuid,
      powerState: PowerState.SHUTDOWN,
      flavor: instance.flavor,
      imageId: source.imageId ?? instance.image?.id ?? null,
      rescued: false,
      migratedAway: false,
      resizeBackup: null,
      console: [],
    };
    // On the same host the entry is the source's: it stays, with the old flavor kept for a revert.
    entry.migratedAway = false;
    entry.flavor = instance.flavor;
    entry.powerState = powerOn ? PowerState.RUNNING : PowerState.SHUTDOWN;
    this.instances.set(instance.uuid, entry);
    this.log(entry, `resized to ${instance.flavor.name}`);
    return this.result(entry);
  }

  async confirmMigration(instance: DriverInstance, sameHost: boolean): Promise<void> {
    this.need('supportsResize', 'resize');
    this.fail(instance, 'confirmMigration');
    const entry = this.instances.get(instance.uuid);
    if (!entry) return;
    if (sameHost) entry.resizeBackup = null;
    else if (entry.migratedAway) this.instances.delete(instance.uuid);
  }

  async finishRevertMigration(instance: DriverInstance, powerOn: boolean): Promise<DriverResult> {
    this.need('supportsResize', 'resize');
    const entry = this.entry(instance, 'finishRevertMigration');
    entry.flavor = instance.flavor;
    entry.resizeBackup = null;
    entry.migratedAway = false;
    entry.powerState = powerOn ? PowerState.RUNNING : PowerState.SHUTDOWN;
    this.log(entry, `resize reverted to ${instance.flavor.name}`);
    return this.result(entry);
  }

  private setPower(instance: DriverInstance, method: FakeMethod, power: PowerStateValue, what: string): DriverResult {
    const entry = this.entry(instance, method);
    entry.powerState = power;
    this.log(entry, what);
    return this.result(entry);
  }

  /** The live entry of an instance, after any injected fault of `method`. */
  private entry(instance: DriverInstance, method: FakeMethod): FakeInstance {
    this.fail(instance, method);
    const entry = this.instances.get(instance.uuid);
    if (!entry || (entry.migratedAway && method !== 'finishRevertMigration' && method !== 'migrateDiskAndPowerOff')) {
      throw new InstanceNotFound(instance.uuid);
    }
    return entry;
  }

  private fail(instance: DriverInstance, method: FakeMethod): void {
    const message = instance.metadata[`fake:fail:${method}`] ?? this.options.failOn?.[method];
    if (message !== undefined) throw new Error(message);
  }

  private need(capability: keyof DriverCapabilities, action: string): void {
    if (!this.capabilities[capability]) throw new ActionNotSupported(this.name, action);
  }

  private log(entry: FakeInstance, line: string): void {
    entry.console.push(`[fake ${this.options.host}] ${line}`);
    if (entry.console.length > 200) entry.console.shift();
  }

  private result(entry: FakeInstance): DriverResult {
    const driverState: FakeStateV1 = {
      version: 1,
      powerState: entry.powerState,
      flavor: entry.flavor,
      imageId: entry.imageId,
      rescued: entry.rescued,
      migratedAway: entry.migratedAway,
      resizeBackup: entry.resizeBackup,
    };
    return { driverState, powerState: entry.powerState };
  }
}

/** The registry's factory for `fake`. */
export function createFakeDriver(options: DriverOptions): ComputeDriver {
  return new FakeDriver(options);
}
