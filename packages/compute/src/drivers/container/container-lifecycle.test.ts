// The container driver for real, beyond the contract: what the guest's init did, the cgroup limits, the image
// formats it boots and refuses, a snapshot that boots, reconciliation after a restart, and nothing left on the host.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { contractInstance } from '../driver.contract.js';
import { type DriverInstance, PowerState } from '../driver.js';
import { destroyOrphans } from '../orphans.js';
import type { ContainerDriver } from './container-driver.js';
import { cgroupPathOf } from './layout.js';
import { ContainerTestBed, containerSkipReason } from './test-support.js';

const skip = containerSkipReason();
const bed = skip ? null : new ContainerTestBed();
const opts = skip ? { skip } : { timeout: 60_000 };
const HOST = 'lifecycle';
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJn2 test@nubo';
const USER_DATA = '#!/bin/sh\necho user-data-ran > /root/user-data.out\necho hello from user_data\n';

before(async () => {
  await bed?.build();
});
after(async () => {
  await bed?.cleanup();
});

const image = (id = 'tiny') => ({ id, name: id, properties: {} });
const until = async (check: () => boolean, ms = 5000) => {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  return check();
};

/** Spawns, runs `body`, destroys, and checks the host holds nothing of the instance any more. */
async function withInstance(
  driver: ContainerDriver,
  instance: DriverInstance,
  body: (i: DriverInstance) => Promise<void>,
): Promise<void> {
  await driver.spawn(instance);
  try {
    await body(instance);
  } finally {
    await driver.destroy(instance);
    assert.deepEqual(driver.leftovers(instance.uuid), []);
  }
}

describe('container driver', () => {
  test('the init sets the hostname, injects the key, runs user_data once, and logs to the console', opts, async () => {
    const driver = bed!.driver(HOST);
    await driver.initHost();
    const instance = contractInstance({
      image: image(),
      hostname: 'web-1',
      keyData: KEY,
      userData: Buffer.from(USER_DATA).toString('base64'),
    });
    await withInstance(driver, instance, async () => {
      const paths = driver.layout.instance(instance.uuid);
      assert.ok(await until(() => readFileSync(paths.console, 'utf8').includes('nubo-init: ready')));
      const console1 = await driver.getConsoleOutput(instance);
      assert.match(console1, /booting instance .* as web-1/);
      assert.match(console1, /hello from user_data/);
      assert.match(console1, /dropbear listening on port 22/);
      assert.equal(readFileSync(join(paths.rootfs, 'root/.ssh/authorized_keys'), 'utf8'), `${KEY}\n`);
      assert.equal(readFileSync(join(paths.rootfs, 'root/user-data.out'), 'utf8'), 'user-data-ran\n');
      assert.equal(readFileSync(join(paths.rootfs, 'etc/hostname'), 'utf8'), 'web-1\n');
      const meta = JSON.parse(readFileSync(join(paths.configDrive, 'openstack/latest/meta_data.json'), 'utf8'));
      assert.equal(meta.uuid, instance.uuid);
      assert.equal(meta.public_keys.default, KEY);
      // Its own network namespace: loopback only until the network agent plugs a port.
      const links = execFileSync('ip', ['-n', `nubo-${HOST}-${instance.uuid}`, '-o', 'link'], { encoding: 'utf8' });
      assert.deepEqual(links.trim().split('\n').length, 1);
      // A reboot is not a first boot: user_data does not run again.
      await driver.reboot(instance, 'SOFT');
      assert.ok(await until(() => readFileSync(paths.console, 'utf8').split('nubo-init: ready').length === 3));
      assert.equal((await driver.getConsoleOutput(instance)).match(/hello from user_data/g)?.length, 1);
    });
  });

  test(
    'cgroup limits follow the flavor, pause freezes, resize applies new limits, disk is the flavor size',
    opts,
    async () => {
      const driver = bed!.driver(HOST);
      const instance = contractInstance({ image: image() });
      await withInstance(driver, instance, async () => {
        const cg = cgroupPathOf(HOST, instance.uuid);
        const read = (file: string) => readFileSync(`/sys/fs/cgroup/${file}`, 'utf8').trim();
        assert.equal(read(`memory${cg}/memory.limit_in_bytes`), String(512 * 1024 * 1024));
        assert.equal(read(`cpu${cg}/cpu.cfs_quota_us`), '100000');
        assert.equal(read(`pids${cg}/pids.max`), '4096');
        const disk = statfsSync(driver.layout.instance(instance.uuid).diskMount);
        assert.ok(Math.abs(disk.blocks * disk.bsize - 1024 ** 3) < 0.1 * 1024 ** 3);
        assert.equal((await driver.pause(instance)).powerState, PowerState.PAUSED);
        assert.equal(read(`freezer${cg}/freezer.state`), 'FROZEN');
        await driver.unpause(instance);
        const bigger = { ...instance.flavor, vcpus: 2, memoryMb: 1024, rootGb: 2 };
        const moved = await driver.migrateDiskAndPowerOff(instance, bigger, HOST);
        await driver.finishMigration({ ...instance, flavor: bigger }, moved.driverState, true);
        assert.equal(read(`memory${cg}/memory.limit_in_bytes`), String(1024 * 1024 * 1024));
        assert.equal(read(`cpu${cg}/cpu.cfs_quota_us`), '200000');
        const grown = statfsSync(driver.layout.instance(instance.uuid).diskMount);
        assert.ok(grown.blocks * grown.bsize > 1.8 * 1024 ** 3);
        await driver.confirmMigration(instance, true);
      });
    },
  );

  test('a snapshot is a root filesystem tarball that boots with the changes made', opts, async () => {
    const driver = bed!.driver(HOST);
    const first = contractInstance({ image: image(), userData: Buffer.from(USER_DATA).toString('base64') });
    let snapshot!: Buffer;
    await withInstance(driver, first, async () => {
      const paths = driver.layout.instance(first.uuid);
      assert.ok(await until(() => existsSync(join(paths.rootfs, 'root/user-data.out'))));
      const data = await driver.snapshot(first);
      assert.deepEqual([data.diskFormat, data.containerFormat], ['raw', 'bare']);
      snapshot = data.data;
    });
    bed!.overrides.set('snap-1', { containerFormat: 'bare', diskFormat: 'raw', data: snapshot });
    const second = contractInstance({ image: image('snap-1') });
    await withInstance(driver, second, async () => {
      const paths = driver.layout.instance(second.uuid);
      assert.equal(readFileSync(join(paths.rootfs, 'root/user-data.out'), 'utf8'), 'user-data-ran\n');
      assert.ok(await until(() => readFileSync(paths.console, 'utf8').includes('nubo-init: ready')));
    });
  });

  test('a Docker image archive boots with its layers, whiteouts and command', opts, async () => {
    const dir = join(bed!.dir, 'docker');
    mkdirSync(join(dir, 'l2/etc'), { recursive: true });
    writeFileSync(join(dir, 'layer1.tar'), execFileSync('gzip', ['-dc'], { input: bed!.tarball, maxBuffer: 1 << 28 }));
    writeFileSync(join(dir, 'l2/etc/motd'), 'from layer 2\n');
    writeFileSync(join(dir, 'l2/etc/.wh.os-release'), '');
    execFileSync('tar', ['-C', join(dir, 'l2'), '-cf', join(dir, 'layer2.tar'), '.']);
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ config: { Env: ['GREETING=hi'], Entrypoint: ['/bin/echo', 'from the docker command'] } }),
    );
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify([{ Config: 'config.json', Layers: ['layer1.tar', 'layer2.tar'] }]),
    );
    const archive = execFileSync(
      'tar',
      ['-C', dir, '-cf', '-', 'manifest.json', 'config.json', 'layer1.tar', 'layer2.tar'],
      {
        maxBuffer: 1 << 28,
      },
    );
    bed!.overrides.set('docker-1', { containerFormat: 'docker', diskFormat: 'raw', data: archive });
    const driver = bed!.driver(HOST);
    const instance = contractInstance({ image: image('docker-1') });
    await withInstance(driver, instance, async () => {
      const paths = driver.layout.instance(instance.uuid);
      assert.equal(readFileSync(join(paths.rootfs, 'etc/motd'), 'utf8'), 'from layer 2\n');
      assert.ok(!existsSync(join(paths.rootfs, 'etc/os-release')));
      assert.ok(!existsSync(join(paths.rootfs, 'etc/.wh.os-release')));
      assert.ok(await until(() => readFileSync(paths.console, 'utf8').includes('from the docker command')));
    });
  });

  test('a disk image it cannot boot is refused with a clear message and nothing left behind', opts, async () => {
    const qcow2 = Buffer.concat([Buffer.from('QFI\xfb', 'latin1'), Buffer.alloc(1024)]);
    bed!.overrides.set('qcow2-1', { containerFormat: 'bare', diskFormat: 'qcow2', data: qcow2 });
    bed!.overrides.set('ova-1', { containerFormat: 'ova', diskFormat: 'vmdk', data: qcow2 });
    const driver = bed!.driver(HOST);
    for (const id of ['qcow2-1', 'ova-1']) {
      const instance = contractInstance({ image: image(id) });
      await assert.rejects(driver.spawn(instance), /container compute driver cannot boot/);
      assert.deepEqual(driver.leftovers(instance.uuid), []);
      assert.ok(!(await driver.listInstances()).includes(instance.uuid));
    }
    await assert.rejects(driver.spawn(contractInstance({ image: null })), /cannot boot from a volume/);
  });

  test('after a restart: running containers are adopted, dead ones SHUTDOWN, orphans destroyed', opts, async () => {
    const before = bed!.driver(HOST);
    const alive = contractInstance({ image: image() });
    const dead = contractInstance({ image: image() });
    const orphan = contractInstance({ image: image() });
    const states = new Map<string, unknown>();
    try {
      for (const i of [alive, dead, orphan]) states.set(i.uuid, (await before.spawn(i)).driverState);
      // The init of `dead` dies behind the driver's back (an OOM kill, a crash).
      execFileSync('crun', ['--root', before.layout.crunRoot, 'kill', dead.uuid, 'KILL']);
      await until(() => false, 200);
      const restarted = bed!.driver(HOST);
      await restarted.initHost();
      const adopted = await restarted.recover(alive, states.get(alive.uuid) as never);
      assert.equal(adopted.powerState, PowerState.RUNNING);
      assert.equal((await restarted.recover(dead, states.get(dead.uuid) as never)).powerState, PowerState.SHUTDOWN);
      const destroyed = await destroyOrphans(restarted, async (uuid) => uuid !== orphan.uuid);
      assert.deepEqual(destroyed, [orphan.uuid]);
      assert.deepEqual(restarted.leftovers(orphan.uuid), []);
      assert.equal((await restarted.powerOn(dead)).powerState, PowerState.RUNNING);
      // With resume_guests_state_on_host_boot, a dead instance that should run is restarted instead.
      execFileSync('crun', ['--root', before.layout.crunRoot, 'kill', dead.uuid, 'KILL']);
      await until(() => false, 200);
      const resuming = bed!.driver(HOST, { resumeGuestsOnHostBoot: true });
      assert.equal((await resuming.recover(dead, {} as never)).powerState, PowerState.RUNNING);
    } finally {
      for (const i of [alive, dead, orphan]) {
        await before.destroy(i);
        assert.deepEqual(before.leftovers(i.uuid), []);
      }
    }
  });
});
