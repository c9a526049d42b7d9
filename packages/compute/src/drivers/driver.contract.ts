// The one contract every compute driver passes (convention 8; Nova's tests/unit/virt/test_virt_drivers.py): fake,
// container and qemu each run it from their own test file, skipping only with a written reason.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  ActionNotSupported,
  type ComputeDriver,
  type DriverCapabilities,
  type DriverFlavor,
  type DriverInstance,
  InstanceNotFound,
  PowerState,
} from './driver.js';

/** The contract's test names, so a skip names exactly what it leaves out. */
export const DRIVER_CONTRACT_TESTS = [
  'reports its host resources',
  'spawn boots the instance running',
  'spawn is idempotent',
  'destroy of an unknown instance succeeds',
  'destroy removes the instance',
  'power off and on',
  'reboot leaves it running',
  'pause and unpause',
  'suspend and resume',
  'rescue and unrescue',
  'rebuild boots it again',
  'snapshot returns image data',
  'console output',
  'recover re-attaches after a restart',
  'resize to another host, then confirm',
  'resize on the same host, then revert',
  'an unknown instance is InstanceNotFound',
] as const;

/** One of the contract's test names. */
export type DriverContractTest = (typeof DRIVER_CONTRACT_TESTS)[number];

/** How a driver's test runs the contract. */
export interface DriverContractOptions {
  /** A new driver object for `host`; two calls with the same host must see the same hypervisor. */
  create(host: string): ComputeDriver | Promise<ComputeDriver>;
  /** Tests left out, each with why. */
  skip?: { reason: string; tests: DriverContractTest[] }[];
  /** Per-test timeout in ms (default 60 s). */
  timeoutMs?: number;
}

const FLAVOR: DriverFlavor = {
  id: '1',
  name: 'm1.tiny',
  vcpus: 1,
  memoryMb: 512,
  rootGb: 1,
  ephemeralGb: 0,
  swapMb: 0,
  extraSpecs: {},
};

const BIGGER: DriverFlavor = { ...FLAVOR, id: '2', name: 'm1.small', vcpus: 2, memoryMb: 1024 };

/** A throwaway instance for contract tests. */
export function contractInstance(overrides: Partial<DriverInstance> = {}): DriverInstance {
  const uuid = randomUUID();
  return {
    uuid,
    name: `contract-${uuid.slice(0, 8)}`,
    hostname: `contract-${uuid.slice(0, 8)}`,
    projectId: 'contract-project',
    userId: 'contract-user',
    flavor: FLAVOR,
    image: { id: randomUUID(), name: 'cirros', properties: {} },
    metadata: {},
    userData: null,
    keyData: null,
    vifs: [],
    ...overrides,
  };
}

/**
 * Registers the driver contract as node:test tests under one `describe`.
 *
 * @example
 * runDriverContract({ create: (host) => new FakeDriver({ host, ...sizes }) });
 */
export function runDriverContract(options: DriverContractOptions): void {
  const skipped = new Map<string, string>();
  for (const entry of options.skip ?? []) for (const name of entry.tests) skipped.set(name, entry.reason);
  const timeout = options.timeoutMs ?? 60_000;

  const it = (name: DriverContractTest, body: (driver: ComputeDriver) => Promise<void>) => {
    const reason = skipped.get(name);
    test(name, reason !== undefined ? { skip: reason } : { timeout }, async () => {
      const driver = await options.create('contract-a');
      await driver.initHost();
      await body(driver);
    });
  };

  /** Runs `body` when the capability holds, else checks the driver refuses with ActionNotSupported. */
  const capable = async (driver: ComputeDriver, flag: keyof DriverCapabilities, body: () => Promise<void>) => {
    if (driver.capabilities[flag]) return body();
    await assert.rejects(body(), ActionNotSupported);
  };

  /** Spawns an instance, runs `body`, and destroys it whatever happens. */
  const withInstance = async (driver: ComputeDriver, body: (instance: DriverInstance) => Promise<void>) => {
    const instance = contractInstance();
    await driver.spawn(instance);
    try {
      await body(instance);
    } finally {
      await driver.destroy(instance);
    }
  };

  describe('compute driver contract', () => {
    it('reports its host resources', async (driver) => {
      const host = driver.getHostResources();
      assert.ok(host.vcpus > 0 && host.memoryMb > 0 && host.localGb > 0);
      assert.ok(host.hypervisorHostname.length > 0 && host.hypervisorType.length > 0);
      assert.ok(host.supportedInstances.length > 0);
      assert.ok(host.traits.every((t) => /^[A-Z0-9_]+$/.test(t)));
    });

    it('spawn boots the instance running', async (driver) => {
      await withInstance(driver, async (instance) => {
        assert.equal(await driver.getPowerState(instance), PowerState.RUNNING);
        assert.ok((await driver.listInstances()).includes(instance.uuid));
      });
    });

    it('spawn is idempotent', async (driver) => {
      await withInstance(driver, async (instance) => {
        const again = await driver.spawn(instance);
        assert.equal(again.powerState, PowerState.RUNNING);
        assert.equal((await driver.listInstances()).filter((u) => u === instance.uuid).length, 1);
      });
    });

    it('destroy of an unknown instance succeeds', async (driver) => {
      await driver.destroy(contractInstance());
    });

    it('destroy removes the instance', async (driver) => {
      const instance = contractInstance();
      await driver.spawn(instance);
      await driver.destroy(instance);
      await driver.destroy(instance);
      assert.ok(!(await driver.listInstances()).includes(instance.uuid));
      assert.equal(await driver.getPowerState(instance), PowerState.NOSTATE);
    });

    it('power off and on', async (driver) => {
      await withInstance(driver, async (instance) => {
        assert.equal((await driver.powerOff(instance)).powerState, PowerState.SHUTDOWN);
        assert.equal((await driver.powerOff(instance)).powerState, PowerState.SHUTDOWN);
        assert.equal(await driver.getPowerState(instance), PowerState.SHUTDOWN);
        assert.equal((await driver.powerOn(instance)).powerState, PowerState.RUNNING);
        assert.equal((await driver.powerOn(instance)).powerState, PowerState.RUNNING);
      });
    });

    it('reboot leaves it running', async (driver) => {
      await withInstance(driver, async (instance) => {
        assert.equal((await driver.reboot(instance, 'SOFT')).powerState, PowerState.RUNNING);
        assert.equal((await driver.reboot(instance, 'HARD')).powerState, PowerState.RUNNING);
      });
    });

    it('pause and unpause', async (driver) => {
      await withInstance(driver, (instance) =>
        capable(driver, 'supportsPause', async () => {
          assert.equal((await driver.pause(instance)).powerState, PowerState.PAUSED);
          assert.equal((await driver.unpause(instance)).powerState, PowerState.RUNNING);
        }),
      );
    });

    it('suspend and resume', async (driver) => {
      await withInstance(driver, (instance) =>
        capable(driver, 'supportsSuspend', async () => {
          assert.equal((await driver.suspend(instance)).powerState, PowerState.SUSPENDED);
          assert.equal((await driver.resume(instance)).powerState, PowerState.RUNNING);
        }),
      );
    });

    it('rescue and unrescue', async (driver) => {
      await withInstance(driver, (instance) =>
        capable(driver, 'supportsRescue', async () => {
          assert.equal((await driver.rescue(instance, null)).powerState, PowerState.RUNNING);
          assert.equal((await driver.unrescue(instance)).powerState, PowerState.RUNNING);
        }),
      );
    });

    it('rebuild boots it again', async (driver) => {
      await withInstance(driver, (instance) =>
        capable(driver, 'supportsRebuild', async () => {
          const rebuilt = { ...instance, image: { id: randomUUID(), name: 'other', properties: {} } };
          assert.equal((await driver.rebuild(rebuilt)).powerState, PowerState.RUNNING);
        }),
      );
    });

    it('snapshot returns image data', async (driver) => {
      await withInstance(driver, (instance) =>
        capable(driver, 'supportsSnapshot', async () => {
          const snapshot = await driver.snapshot(instance);
          assert.ok(snapshot.data.length > 0);
          assert.ok(snapshot.diskFormat.length > 0 && snapshot.containerFormat.length > 0);
        }),
      );
    });

    it('console output', async (driver) => {
      await withInstance(driver, (instance) =>
        capable(driver, 'supportsConsoleOutput', async () => {
          assert.equal(typeof (await driver.getConsoleOutput(instance)), 'string');
        }),
      );
    });

    it('recover re-attaches after a restart', async (driver) => {
      const instance = contractInstance();
      await driver.spawn(instance);
      const { driverState } = await driver.powerOff(instance);
      try {
        const restarted = await options.create('contract-a');
        await restarted.initHost();
        const recovered = await restarted.recover(instance, JSON.parse(JSON.stringify(driverState)));
        assert.equal(recovered.powerState, PowerState.SHUTDOWN);
        assert.equal((await restarted.powerOn(instance)).powerState, PowerState.RUNNING);
        await restarted.destroy(instance);
      } finally {
        await driver.destroy(instance);
      }
    });

    it('resize to another host, then confirm', async (source) => {
      await capable(source, 'supportsResize', async () => {
        const dest = await options.create('contract-b');
        await dest.initHost();
        const instance = contractInstance();
        await source.spawn(instance);
        try {
          const moved = await source.migrateDiskAndPowerOff(instance, BIGGER, 'contract-b');
          const resized = { ...instance, flavor: BIGGER };
          const finished = await dest.finishMigration(resized, moved.driverState, true);
          assert.equal(finished.powerState, PowerState.RUNNING);
          await source.confirmMigration(instance, false);
          await source.confirmMigration(instance, false);
          assert.ok(!(await source.listInstances()).includes(instance.uuid));
          assert.ok((await dest.listInstances()).includes(instance.uuid));
        } finally {
          await dest.destroy(instance);
          await source.destroy(instance);
        }
      });
    });

    it('resize on the same host, then revert', async (driver) => {
      await capable(driver, 'supportsResize', async () => {
        const instance = contractInstance();
        await driver.spawn(instance);
        try {
          const host = driver.getHostResources().hypervisorHostname;
          const moved = await driver.migrateDiskAndPowerOff(instance, BIGGER, host);
          await driver.finishMigration({ ...instance, flavor: BIGGER }, moved.driverState, false);
          const reverted = await driver.finishRevertMigration(instance, true);
          assert.equal(reverted.powerState, PowerState.RUNNING);
          assert.equal((await driver.listInstances()).filter((u) => u === instance.uuid).length, 1);
        } finally {
          await driver.destroy(instance);
        }
      });
    });

    it('an unknown instance is InstanceNotFound', async (driver) => {
      const unknown = contractInstance();
      await assert.rejects(driver.powerOff(unknown), InstanceNotFound);
      await assert.rejects(driver.powerOn(unknown), InstanceNotFound);
      assert.equal(await driver.getPowerState(unknown), PowerState.NOSTATE);
    });
  });
}
