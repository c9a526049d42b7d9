// Compute's API on every database backend under test (NUBO_TEST_DB): migrations, and each kind of write and query
// the API makes (flavors, key pairs with integer ids, servers with their filters, aggregates, quotas).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testBackends } from '@nubo/core/testing';
import { assertFault, startHarness } from './harness.js';

for (const backend of testBackends()) {
  describe(`compute API on ${backend.name}`, () => {
    test('flavors, key pairs, servers, aggregates, quotas', async () => {
      const h = await startHarness({ backend });
      try {
        const admin = await h.adminToken();
        const demo = await h.demoToken();
        await h.addHost('compute1');
        assert.equal(
          (
            await h.call(admin, 'POST', '/v2.1/flavors', {
              flavor: { name: 'b1', id: 'b1', vcpus: 1, ram: 128, disk: 1 },
            })
          ).statusCode,
          200,
        );
        assertFault(
          await h.call(admin, 'POST', '/v2.1/flavors', { flavor: { name: 'b1', vcpus: 1, ram: 128, disk: 1 } }),
          409,
        );
        const k1 = await h.call(demo, 'POST', '/v2.1/os-keypairs', { keypair: { name: 'k1' } }, '2.2');
        const k2 = await h.call(demo, 'POST', '/v2.1/os-keypairs', { keypair: { name: 'k2' } }, '2.2');
        assert.equal(k2.statusCode, 201, k2.body);
        const ids = await Promise.all(
          ['k1', 'k2'].map(
            async (name) =>
              (
                (await h.call(demo, 'GET', `/v2.1/os-keypairs/${name}`, undefined, '2.2')).data.keypair as {
                  id: number;
                }
              ).id,
          ),
        );
        assert.deepEqual(ids, [1, 2]);
        assert.equal(k1.statusCode, 201);

        const image = h.images.add();
        const created = await h.call(
          demo,
          'POST',
          '/v2.1/servers',
          {
            server: {
              name: 'db',
              imageRef: image.id,
              flavorRef: 'b1',
              networks: 'none',
              key_name: 'k1',
              metadata: { a: 'b' },
              tags: ['t'],
            },
          },
          '2.96',
        );
        assert.equal(created.statusCode, 202, created.body);
        const id = (created.data.server as { id: string }).id;
        await h.activate(id);
        const listed = await h.call(demo, 'GET', '/v2.1/servers/detail?status=ACTIVE&tags=t&name=d', undefined, '2.96');
        assert.deepEqual(
          (listed.data.servers as { id: string }[]).map((s) => s.id),
          [id],
        );
        assert.equal((await h.call(demo, 'POST', `/v2.1/servers/${id}/action`, { 'os-stop': null })).statusCode, 202);
        assertFault(await h.call(demo, 'POST', `/v2.1/servers/${id}/action`, { 'os-stop': null }), 409);

        const aggregate = await h.call(admin, 'POST', '/v2.1/os-aggregates', {
          aggregate: { name: 'a1', availability_zone: 'z1' },
        });
        const aggregateId = (aggregate.data.aggregate as { id: number }).id;
        assert.equal(aggregateId, 1);
        const added = await h.call(admin, 'POST', `/v2.1/os-aggregates/${aggregateId}/action`, {
          add_host: { host: 'compute1' },
        });
        assert.deepEqual((added.data.aggregate as { hosts: string[] }).hosts, ['compute1']);

        assert.equal(
          (await h.call(admin, 'PUT', `/v2.1/os-quota-sets/${h.projects.demo}`, { quota_set: { instances: 1 } }))
            .statusCode,
          200,
        );
        assertFault(
          await h.call(
            demo,
            'POST',
            '/v2.1/servers',
            { server: { name: 'over', imageRef: image.id, flavorRef: 'b1', networks: 'none' } },
            '2.96',
          ),
          403,
          'Quota exceeded for instances: Requested 1, but already used 1 of 1 instances',
        );
        assert.equal((await h.call(demo, 'DELETE', `/v2.1/servers/${id}`)).statusCode, 204);
      } finally {
        await h.close();
      }
    });
  });
}
