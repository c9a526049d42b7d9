// The fake driver passes the whole driver contract, and injects faults from its options and from server metadata.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contractInstance, runDriverContract } from '../driver.contract.js';
import { FakeDriver, type FakeDriverOptions } from './fake-driver.js';

const sizes = { vcpus: 8, memoryMb: 16384, diskGb: 200, spawnDelayMs: 0 };
const fake = (options: Partial<FakeDriverOptions> = {}) => new FakeDriver({ host: 'compute1', ...sizes, ...options });

runDriverContract({ create: (host) => new FakeDriver({ host, ...sizes }) });

test('spawnError from the options fails every spawn', async () => {
  await assert.rejects(fake({ spawnError: 'no luck' }).spawn(contractInstance()), /no luck/);
});

test('server metadata injects a spawn error, a build delay and a failing method', async () => {
  const driver = fake();
  await assert.rejects(driver.spawn(contractInstance({ metadata: { 'fake:spawnError': 'boom' } })), /boom/);
  const slow = contractInstance({ metadata: { 'fake:buildDelayMs': '30' } });
  const t0 = performance.now();
  await driver.spawn(slow);
  assert.ok(performance.now() - t0 >= 25);
  const stubborn = contractInstance({ metadata: { 'fake:fail:powerOff': 'stuck' } });
  await driver.spawn(stubborn);
  await assert.rejects(driver.powerOff(stubborn), /stuck/);
  assert.equal((await driver.powerOn(stubborn)).powerState, 1);
});

test('a capability turned off is refused as not supported', async () => {
  const driver = fake({ capabilities: { supportsPause: false } });
  const instance = contractInstance();
  await driver.spawn(instance);
  await assert.rejects(driver.pause(instance), /does not support pause/);
});

test('the host reports its configured size and the fake hypervisor type', () => {
  const host = fake({ vcpus: 4 }).getHostResources();
  assert.equal(host.vcpus, 4);
  assert.equal(host.hypervisorType, 'fake');
  assert.deepEqual(host.supportedInstances, [['x86_64', 'fake', 'hvm']]);
});
