// Building and deleting servers through the whole engine: registration, scheduling, claims, spawn, faults, zones,
// server groups, and the Placement usage that follows every step — on every backend of NUBO_TEST_DB.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newUuid } from '@nubo/core';
import { testBackends } from '@nubo/core/testing';
import { type EngineHarness, placementMatchesServers, SMALL, startEngine } from './harness.js';

for (const backend of testBackends()) {
  describe(`engine builds servers (${backend.name}, real placement)`, () => {
    let h: EngineHarness;
    before(async () => {
      h = await startEngine({ backend, placement: 'real', config: { hostCount: 3 } });
    });
    after(() => h.close());

    test('start registers services, nodes and resource providers with inventory', async () => {
      const services = await h.db.selectFrom('compute_services').selectAll().orderBy('id').execute();
      assert.deepEqual(
        services.filter((s) => s.binary === 'nova-compute').map((s) => s.host),
        ['compute1', 'compute2', 'compute3'],
      );
      assert.ok(services.some((s) => s.binary === 'nova-conductor'));
      assert.ok(services.some((s) => s.binary === 'nova-scheduler'));
      assert.ok(services.every((s) => s.last_seen_up !== null));
      const nodes = await h.db.selectFrom('compute_nodes').selectAll().execute();
      assert.equal(nodes.length, 3);
      const usages = await h.placement.usages(nodes[0]!.uuid);
      assert.deepEqual(usages, { VCPU: 0, MEMORY_MB: 0, DISK_GB: 0 });
    });

    test('a server becomes ACTIVE with host, node, zone, driver state and its allocation', async () => {
      const server = await h.createServer();
      const row = await h.waitFor(server.id, ['active']);
      assert.equal(row.power_state, 1);
      assert.ok(row.host?.startsWith('compute'));
      assert.equal(row.node, row.host);
      assert.equal(row.availability_zone, 'nova');
      assert.ok(row.launched_at);
      assert.equal(JSON.parse(row.driver_state!).version, 1);
      const node = await h.db
        .selectFrom('compute_nodes')
        .selectAll()
        .where('host', '=', row.host!)
        .executeTakeFirstOrThrow();
      assert.deepEqual(await h.placement.allocations(server.id), {
        [node.uuid]: { VCPU: 1, MEMORY_MB: 512, DISK_GB: 1 },
      });
      const action = await h.db
        .selectFrom('compute_instance_actions')
        .selectAll()
        .where('instance_id', '=', server.id)
        .executeTakeFirstOrThrow();
      assert.ok(action.finish_time);
      assert.equal(action.message, null);
    });

    test('servers spread over the hosts by default', async () => {
      const servers = await Promise.all([1, 2, 3].map(() => h.createServer({ flavor: SMALL })));
      const rows = await Promise.all(servers.map((s) => h.waitFor(s.id, ['active'])));
      assert.equal(new Set(rows.map((r) => r.host)).size, 3);
    });

    test('no host with room: ERROR with the NoValidHost fault and no allocation held', async () => {
      const huge = { ...SMALL, id: 'huge', name: 'huge', ram: 1_000_000 };
      const server = await h.createServer({ flavor: huge });
      const row = await h.waitFor(server.id, ['error']);
      assert.equal(row.host, null);
      const fault = JSON.parse(row.fault!);
      assert.equal(fault.code, 500);
      assert.equal(fault.message, 'No valid host was found. There are not enough hosts available.');
      assert.deepEqual(await h.placement.allocations(server.id), {});
      const action = await h.db
        .selectFrom('compute_instance_actions')
        .selectAll()
        .where('instance_id', '=', server.id)
        .executeTakeFirstOrThrow();
      assert.equal(action.message, 'Error');
    });

    test('a spawn that fails everywhere (fake:spawnError) is ERROR after 3 hosts, its allocation released', async () => {
      const server = await h.createServer({ metadata: { 'fake:spawnError': 'the hypervisor said no' } });
      const row = await h.waitFor(server.id, ['error']);
      // Rescheduled on each of the 3 hosts (compute.maxAttempts 3), then Nova's MaxRetriesExceeded.
      assert.equal(
        JSON.parse(row.fault!).message,
        `Exceeded maximum number of retries. Exceeded max scheduling attempts 3 for instance ${server.id}. ` +
          'Last exception: the hypervisor said no',
      );
      assert.equal(row.host, null);
      assert.deepEqual(await h.placement.allocations(server.id), {});
    });

    test('an availability zone from an aggregate confines the server (member_of and the filter)', async () => {
      await h.db
        .insertInto('compute_aggregates')
        .values({
          id: 1,
          uuid: newUuid(),
          name: 'az1-agg',
          availability_zone: 'az1',
          created_at: new Date().toISOString(),
          updated_at: null,
        })
        .execute();
      await h.db.insertInto('compute_aggregate_hosts').values({ aggregate_id: 1, host: 'compute2' }).execute();
      const servers = await Promise.all([1, 2].map(() => h.createServer({ availabilityZone: 'az1' })));
      for (const s of servers) {
        const row = await h.waitFor(s.id, ['active']);
        assert.equal(row.host, 'compute2');
        assert.equal(row.availability_zone, 'az1');
      }
      const node = await h.db
        .selectFrom('compute_nodes')
        .select('uuid')
        .where('host', '=', 'compute2')
        .executeTakeFirstOrThrow();
      assert.equal((await h.placement.api.getProviderAggregates(node.uuid)).length, 1);
      const plain = await h.createServer({ availabilityZone: 'nova' });
      assert.notEqual((await h.waitFor(plain.id, ['active'])).host, 'compute2');
      await h.db.deleteFrom('compute_aggregate_hosts').execute();
      await h.db.deleteFrom('compute_aggregates').execute();
    });

    test('anti-affinity puts group members on different hosts, and a fourth finds no host', async () => {
      const group = { id: newUuid(), policy: 'anti-affinity' };
      await h.db
        .insertInto('compute_server_groups')
        .values({
          id: group.id,
          name: 'g',
          policy: group.policy,
          rules: '{}',
          project_id: 'project-1',
          user_id: 'user-1',
          created_at: new Date().toISOString(),
        })
        .execute();
      const servers = await Promise.all([1, 2, 3, 4].map(() => h.createServer({ group })));
      const rows = await Promise.all(servers.map((s) => h.waitFor(s.id, ['active', 'error'])));
      const active = rows.filter((r) => r.vm_state === 'active');
      assert.equal(active.length, 3);
      assert.equal(new Set(active.map((r) => r.host)).size, 3);
    });

    test('affinity keeps group members together', async () => {
      const group = { id: newUuid(), policy: 'affinity' };
      const servers = await Promise.all([1, 2, 3].map(() => h.createServer({ group })));
      const rows = await Promise.all(servers.map((s) => h.waitFor(s.id, ['active'])));
      assert.equal(new Set(rows.map((r) => r.host)).size, 1);
    });

    test('delete destroys, releases the allocation, soft-deletes and leaves the group', async () => {
      const group = { id: newUuid(), policy: 'soft-affinity' };
      const server = await h.createServer({ group });
      await h.waitFor(server.id, ['active']);
      await h.db.updateTable('compute_instances').set({ task_state: 'deleting' }).where('id', '=', server.id).execute();
      await h.act(server.id, 'delete');
      const deadline = Date.now() + 5000;
      while ((await h.instance(server.id))?.deleted !== 1) {
        assert.ok(Date.now() < deadline, 'not deleted in time');
        await new Promise((r) => setTimeout(r, 10));
      }
      const row = (await h.instance(server.id))!;
      assert.equal(row.vm_state, 'deleted');
      assert.ok(row.deleted_at);
      assert.deepEqual(await h.placement.allocations(server.id), {});
      const members = await h.db
        .selectFrom('compute_server_group_members')
        .selectAll()
        .where('instance_id', '=', server.id)
        .execute();
      assert.equal(members.length, 0);
      assert.ok(!(await h.engine.agents.get(row.host!)!.a.driver.listInstances()).includes(server.id));
    });

    test('Placement usage equals the sum of the live servers’ flavors on every node', async () => {
      const { usages, expected } = await placementMatchesServers(h);
      assert.deepEqual(usages, expected);
    });
  });
}
