// Server actions through the agents: each task kind ends in Nova's vm_state and power_state, resizes move
// allocations as Nova does (migration consumer), snapshots reach the image service, and console output is read
// from the driver.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testBackends } from '@nubo/core/testing';
import type { InstanceRow } from '../../src/db/tables.js';
import { type EngineHarness, placementMatchesServers, SMALL, startEngine, TINY } from './harness.js';

for (const backend of testBackends()) {
  describe(`engine runs server actions (${backend.name}, real placement)`, () => {
    let h: EngineHarness;
    const active = async (spec: Parameters<EngineHarness['createServer']>[0] = {}) => {
      const server = await h.createServer(spec);
      return h.waitFor(server.id, ['active']);
    };
    /** Asks for `kind` with the task state the API sets and waits for the server to settle. */
    const run = async (
      row: InstanceRow,
      kind: string,
      taskState: string,
      end: string[],
      params = {},
      toConductor = false,
    ) => {
      await h.act(row.id, kind, { taskState, params, toConductor });
      return h.waitFor(row.id, end);
    };
    before(async () => {
      h = await startEngine({ backend, placement: 'real', config: { hostCount: 2 } });
    });
    after(() => h.close());

    test('stop, start, reboot, pause, unpause, suspend, resume, rescue, unrescue', async () => {
      let row = await active();
      row = await run(row, 'stop', 'powering-off', ['stopped']);
      assert.equal(row.power_state, 4);
      row = await run(row, 'start', 'powering-on', ['active']);
      assert.equal(row.power_state, 1);
      row = await run(row, 'reboot', 'rebooting_hard', ['active'], { type: 'HARD' });
      assert.equal(row.power_state, 1);
      row = await run(row, 'pause', 'pausing', ['paused']);
      assert.equal(row.power_state, 3);
      row = await run(row, 'unpause', 'unpausing', ['active']);
      row = await run(row, 'suspend', 'suspending', ['suspended']);
      assert.equal(row.power_state, 7);
      row = await run(row, 'resume', 'resuming', ['active']);
      row = await run(row, 'rescue', 'rescuing', ['rescued']);
      row = await run(row, 'unrescue', 'unrescuing', ['active']);
      assert.equal(row.power_state, 1);
      const actions = await h.db
        .selectFrom('compute_instance_actions')
        .selectAll()
        .where('instance_id', '=', row.id)
        .execute();
      assert.equal(actions.length, 10);
      assert.ok(actions.every((a) => a.finish_time !== null));
    });

    test('a failing driver call keeps the vm_state, clears the task and records the fault', async () => {
      let row = await active({ metadata: { 'fake:fail:powerOff': 'stuck' } });
      await h.act(row.id, 'stop', { taskState: 'powering-off' });
      row = await h.waitFor(row.id, ['active']);
      assert.equal(JSON.parse(row.fault!).message, 'stuck');
    });

    test('rebuild changes the image and a stopped server stays stopped', async () => {
      let row = await active();
      row = await run(row, 'stop', 'powering-off', ['stopped']);
      const image = h.images.add({ name: 'other' });
      row = await run(row, 'rebuild', 'rebuilding', ['stopped'], { image_id: image.id });
      assert.equal(row.image_id, image.id);
      assert.equal(row.power_state, 4);
    });

    test('create_image uploads the snapshot and clears the task state', async () => {
      const row = await active();
      const image = await h.images.create({ name: 'snap', owner: 'project-1', properties: {} });
      await run(row, 'create_image', 'image_snapshot', ['active'], { image_id: image.id });
      const uploaded = h.imageData.uploads.get(image.id);
      assert.ok(uploaded && uploaded.data.length > 0);
      assert.equal(uploaded.diskFormat, 'raw');
    });

    test('backups rotate: the third daily backup within one second deletes the first, by when each was asked', async () => {
      const row = await active();
      const made: string[] = [];
      for (const name of ['b1', 'b2', 'b3']) {
        // Same Glance creation second for all three, as Tempest makes them with the fake driver.
        const image = await h.images.create({
          name,
          owner: 'project-1',
          properties: { image_type: 'backup', backup_type: 'daily', instance_uuid: row.id },
        });
        image.createdAt = '2026-01-01T00:00:00Z';
        made.push(image.id);
        await run(row, 'create_image', 'image_snapshot', ['active'], {
          image_id: image.id,
          backup_type: 'daily',
          rotation: 2,
        });
      }
      assert.deepEqual(h.imageData.deleted, [made[0]]);
    });

    test('shelve offloads (host gone, allocation released) and unshelve schedules again', async () => {
      let row = await active();
      const snapshot = await h.images.create({ name: 'shelved', owner: 'project-1', properties: {} });
      row = await run(row, 'shelve', 'shelving', ['shelved_offloaded'], { image_id: snapshot.id });
      assert.ok(h.imageData.uploads.has(snapshot.id));
      assert.equal(row.host, null);
      assert.equal(row.node, null);
      assert.deepEqual(await h.placement.allocations(row.id), {});
      row = await run(row, 'unshelve', 'unshelving', ['active'], {}, true);
      assert.ok(row.host);
      assert.equal(row.power_state, 1);
      assert.equal(Object.keys(await h.placement.allocations(row.id)).length, 1);
      assert.ok(h.imageData.deleted.includes(snapshot.id), 'the shelve snapshot is deleted once unshelved');
    });

    test('resize holds both flavors until confirm, which releases the old one', async () => {
      let row = await active();
      row = await run(row, 'resize', 'resize_prep', ['resized'], { flavor: SMALL }, true);
      assert.equal(JSON.parse(row.flavor).name, 'm1.small');
      assert.equal(JSON.parse(row.old_flavor!).name, 'm1.tiny');
      const migration = JSON.parse(row.request_spec).migration;
      assert.ok(migration.uuid);
      const held = Object.values(await h.placement.allocations(migration.uuid));
      assert.deepEqual(held, [{ VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 }]);
      assert.deepEqual(Object.values(await h.placement.allocations(row.id)), [
        { VCPU: 2, MEMORY_MB: 2048, DISK_GB: 20 },
      ]);
      row = await run(row, 'confirm_resize', 'resize_confirming', ['active']);
      assert.equal(row.old_flavor, null);
      assert.deepEqual(await h.placement.allocations(migration.uuid), {});
      assert.equal(JSON.parse(row.request_spec).migration, undefined);
    });

    test('revert goes back to the old flavor, host and allocation', async () => {
      let row = await active({ flavor: TINY });
      const source = row.host;
      row = await run(row, 'stop', 'powering-off', ['stopped']);
      row = await run(row, 'resize', 'resize_prep', ['resized'], { flavor: SMALL }, true);
      row = await run(row, 'revert_resize', 'resize_reverting', ['stopped']);
      assert.equal(row.host, source);
      assert.equal(JSON.parse(row.flavor).name, 'm1.tiny');
      assert.equal(row.old_flavor, null);
      assert.deepEqual(Object.values(await h.placement.allocations(row.id)), [{ VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 }]);
    });

    test('a cold migration moves to the other host', async () => {
      let row = await active();
      const source = row.host;
      row = await run(row, 'migrate', 'resize_prep', ['resized'], {}, true);
      assert.notEqual(row.host, source);
      row = await run(row, 'confirm_resize', 'resize_confirming', ['active']);
      assert.ok((await h.engine.agents.get(row.host!)!.a.driver.listInstances()).includes(row.id));
      assert.ok(!(await h.engine.agents.get(source!)!.a.driver.listInstances()).includes(row.id));
    });

    test('console output comes from the driver, last lines when asked', async () => {
      const row = await active();
      const all = await h.engine.rpc.consoleOutput(row.host!, row.id);
      assert.match(all, /spawned/);
      // Nova's _tail_log: the last `length` pieces of the log split on newlines (the final newline is one).
      const last = await h.engine.rpc.consoleOutput(row.host!, row.id, 2);
      assert.equal(last.split('\n').length, 2);
      assert.ok(all.endsWith(last) && last.trim().length > 0, last);
    });

    test('an unknown task kind does not leave the server in a transitional state', async () => {
      const row = await active();
      await run(row, 'teleport', 'teleporting', ['active']);
    });

    test('Placement usage equals the sum of the live servers’ flavors on every node', async () => {
      const { usages, expected } = await placementMatchesServers(h);
      assert.deepEqual(usages, expected);
    });
  });
}
