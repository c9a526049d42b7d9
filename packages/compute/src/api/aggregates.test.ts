// /os-aggregates and /os-availability-zone through the HTTP API: CRUD, hosts, zones, metadata, admin only.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertFault, type Harness, startHarness } from '../../test/harness.js';

describe('/os-aggregates and /os-availability-zone', () => {
  let h: Harness;
  let admin: string;
  let demo: string;

  before(async () => {
    h = await startHarness();
    admin = await h.adminToken();
    demo = await h.demoToken();
    await h.addHost('compute1');
    await h.addHost('compute2');
  });
  after(() => h.close());

  test('CRUD, hosts and metadata', async () => {
    const created = await h.call(
      admin,
      'POST',
      '/v2.1/os-aggregates',
      { aggregate: { name: 'rack1', availability_zone: 'east' } },
      '2.41',
    );
    assert.equal(created.statusCode, 200, created.body);
    const aggregate = created.data.aggregate as Record<string, unknown>;
    assert.equal('hosts' in aggregate, false, 'create leaves out hosts and metadata');
    assert.match(String(aggregate.uuid), /^[0-9a-f-]{36}$/);
    const id = aggregate.id as number;
    assertFault(
      await h.call(admin, 'POST', '/v2.1/os-aggregates', { aggregate: { name: 'rack1' } }),
      409,
      'Aggregate rack1 already exists.',
    );

    const added = await h.call(admin, 'POST', `/v2.1/os-aggregates/${id}/action`, { add_host: { host: 'compute1' } });
    assert.deepEqual((added.data.aggregate as Record<string, unknown>).hosts, ['compute1']);
    assertFault(
      await h.call(admin, 'POST', `/v2.1/os-aggregates/${id}/action`, { add_host: { host: 'compute1' } }),
      409,
    );
    assertFault(
      await h.call(admin, 'POST', `/v2.1/os-aggregates/${id}/action`, { add_host: { host: 'nowhere' } }),
      404,
      'Compute host nowhere could not be found.',
    );

    const meta = await h.call(admin, 'POST', `/v2.1/os-aggregates/${id}/action`, {
      set_metadata: { metadata: { ssd: 'true', gone: null } },
    });
    assert.deepEqual((meta.data.aggregate as Record<string, unknown>).metadata, {
      ssd: 'true',
      availability_zone: 'east',
    });
    const shown = (await h.call(admin, 'GET', `/v2.1/os-aggregates/${id}`)).data.aggregate as Record<string, unknown>;
    assert.equal(shown.availability_zone, 'east');
    assert.equal('uuid' in shown, false, 'uuid from 2.41');

    const zones = await h.call(demo, 'GET', '/v2.1/os-availability-zone');
    assert.deepEqual(zones.data, {
      availabilityZoneInfo: [
        { zoneName: 'east', zoneState: { available: true }, hosts: null },
        { zoneName: 'nova', zoneState: { available: true }, hosts: null },
      ],
    });
    const detail = await h.call(admin, 'GET', '/v2.1/os-availability-zone/detail');
    const east = (detail.data.availabilityZoneInfo as { zoneName: string; hosts: Record<string, unknown> }[]).find(
      (z) => z.zoneName === 'east',
    )!;
    assert.deepEqual(Object.keys(east.hosts), ['compute1']);
    assertFault(await h.call(demo, 'GET', '/v2.1/os-availability-zone/detail'), 403);

    const other = (
      await h.call(admin, 'POST', '/v2.1/os-aggregates', { aggregate: { name: 'rack2', availability_zone: 'west' } })
    ).data.aggregate as { id: number };
    assertFault(
      await h.call(admin, 'POST', `/v2.1/os-aggregates/${other.id}/action`, { add_host: { host: 'compute1' } }),
      409,
      /already in availability zone/,
    );

    const renamed = await h.call(admin, 'PUT', `/v2.1/os-aggregates/${id}`, { aggregate: { name: 'rack-one' } });
    assert.equal((renamed.data.aggregate as Record<string, unknown>).name, 'rack-one');
    assertFault(await h.call(admin, 'DELETE', `/v2.1/os-aggregates/${id}`), 400, /Host aggregate is not empty/);
    assert.equal(
      (await h.call(admin, 'POST', `/v2.1/os-aggregates/${id}/action`, { remove_host: { host: 'compute1' } }))
        .statusCode,
      200,
    );
    assertFault(
      await h.call(admin, 'POST', `/v2.1/os-aggregates/${id}/action`, { remove_host: { host: 'compute1' } }),
      404,
      `Cannot remove host compute1 in aggregate ${id}`,
    );
    assert.equal((await h.call(admin, 'DELETE', `/v2.1/os-aggregates/${id}`)).statusCode, 200);
    assertFault(await h.call(admin, 'GET', `/v2.1/os-aggregates/${id}`), 404, `Aggregate ${id} could not be found.`);
    assertFault(await h.call(admin, 'GET', '/v2.1/os-aggregates/abc'), 400);
    const list = await h.call(admin, 'GET', '/v2.1/os-aggregates');
    assert.deepEqual(
      (list.data.aggregates as { name: string }[]).map((a) => a.name),
      ['rack2'],
    );
  });

  test('members may not touch aggregates', async () => {
    assertFault(await h.call(demo, 'GET', '/v2.1/os-aggregates'), 403);
    assertFault(await h.call(demo, 'POST', '/v2.1/os-aggregates', { aggregate: { name: 'mine' } }), 403);
  });
});
