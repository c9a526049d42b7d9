// A spawn that fails on a host is rescheduled on another (Nova's RescheduledException and [scheduler] max_attempts),
// and the engine's tunables of the compute section reach the scheduler — on every backend of NUBO_TEST_DB.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testBackends } from '@nubo/core/testing';
import { FakeDriver } from '../../src/drivers/fake/fake-driver.js';
import { type EngineHarness, placementMatchesServers, startEngine } from './harness.js';

/** Fake hosts whose spawns fail on the hosts named in `broken` (the set may change during a test). */
function brokenOn(broken: Set<string>, spawned: string[]) {
  return (options: ConstructorParameters<typeof FakeDriver>[0]) => {
    const driver = new FakeDriver(options);
    const spawn = driver.spawn.bind(driver);
    driver.spawn = async (instance) => {
      spawned.push(options.host);
      if (broken.has(options.host)) throw new Error(`no luck on ${options.host}`);
      return spawn(instance);
    };
    return driver;
  };
}

for (const backend of testBackends()) {
  describe(`engine reschedules failed builds (${backend.name}, real placement)`, () => {
    const broken = new Set<string>();
    const spawned: string[] = [];
    let h: EngineHarness;
    before(async () => {
      h = await startEngine({
        backend,
        placement: 'real',
        config: { hostCount: 4, maxAttempts: 3 },
        engine: { driverFactory: brokenOn(broken, spawned) },
      });
    });
    after(() => h.close());

    test('a spawn that fails on two hosts ends ACTIVE on a third, each host tried once', async () => {
      broken.clear();
      spawned.length = 0;
      for (const host of ['compute1', 'compute2']) broken.add(host);
      // Two working hosts: whichever order the scheduler picks, at most the two broken ones fail first.
      const server = await h.createServer();
      const row = await h.waitFor(server.id, ['active']);
      assert.ok(row.host === 'compute3' || row.host === 'compute4', `active on ${row.host}`);
      assert.equal(row.fault, null);
      assert.equal(new Set(spawned).size, spawned.length, `no host tried twice: ${spawned.join(', ')}`);
      assert.ok(spawned.length <= 3);
      const node = await h.db
        .selectFrom('compute_nodes')
        .selectAll()
        .where('host', '=', row.host!)
        .executeTakeFirstOrThrow();
      assert.deepEqual(Object.keys(await h.placement.allocations(server.id)), [node.uuid]);
      const { usages, expected } = await placementMatchesServers(h);
      assert.deepEqual(usages, expected);
    });

    test('after max_attempts hosts failed: ERROR with MaxRetriesExceeded, no host, nothing allocated', async () => {
      for (const host of ['compute1', 'compute2', 'compute3', 'compute4']) broken.add(host);
      spawned.length = 0;
      const server = await h.createServer();
      const row = await h.waitFor(server.id, ['error']);
      assert.equal(spawned.length, 3, `tried on ${spawned.join(', ')}`);
      assert.equal(new Set(spawned).size, 3);
      assert.equal(row.host, null);
      assert.equal(row.node, null);
      const fault = JSON.parse(row.fault!) as { code: number; message: string };
      assert.equal(fault.code, 500);
      assert.equal(
        fault.message,
        `Exceeded maximum number of retries. Exceeded max scheduling attempts 3 for instance ${server.id}. ` +
          `Last exception: no luck on ${spawned[2]}`,
      );
      assert.deepEqual(await h.placement.allocations(server.id), {});
      const action = await h.db
        .selectFrom('compute_instance_actions')
        .selectAll()
        .where('instance_id', '=', server.id)
        .executeTakeFirstOrThrow();
      assert.equal(action.message, 'Error');
      const { usages, expected } = await placementMatchesServers(h);
      assert.deepEqual(usages, expected);
    });
  });

  describe(`engine without reschedules (${backend.name})`, () => {
    const spawned: string[] = [];
    let h: EngineHarness;
    before(async () => {
      h = await startEngine({
        backend,
        config: { hostCount: 2, maxAttempts: 1 },
        engine: { driverFactory: brokenOn(new Set(['compute1', 'compute2']), spawned) },
      });
    });
    after(() => h.close());

    test('maxAttempts 1: the first failure is ERROR with the driver’s own message', async () => {
      const server = await h.createServer();
      const row = await h.waitFor(server.id, ['error']);
      assert.equal(spawned.length, 1);
      assert.equal(JSON.parse(row.fault!).message, `no luck on ${spawned[0]}`);
      assert.deepEqual(await h.placement.allocations(server.id), {});
    });
  });

  describe(`engine tunables from the compute section (${backend.name})`, () => {
    let h: EngineHarness;
    before(async () => {
      // Negative RAM/CPU/disk multipliers stack servers on one host instead of spreading them.
      h = await startEngine({
        backend,
        config: { hostCount: 3, ramWeightMultiplier: -1, cpuWeightMultiplier: -1, diskWeightMultiplier: -1 },
      });
    });
    after(() => h.close());

    test('negative weight multipliers stack servers on one host', async () => {
      const first = await h.waitFor((await h.createServer()).id, ['active']);
      for (let i = 0; i < 3; i++) {
        const row = await h.waitFor((await h.createServer()).id, ['active']);
        assert.equal(row.host, first.host);
      }
    });
  });
}
