// /os-quota-sets and /limits through the HTTP API: shapes by microversion, usage, update rules, policies.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertFault, type Harness, startHarness } from '../../test/harness.js';

describe('/os-quota-sets and /limits', () => {
  let h: Harness;
  let admin: string;
  let demo: string;
  let demoProject: string;

  before(async () => {
    h = await startHarness();
    admin = await h.adminToken();
    demo = await h.demoToken();
    demoProject = h.projects.demo!;
    await h.call(admin, 'POST', '/v2.1/flavors', { flavor: { name: 'q', id: 'q', vcpus: 2, ram: 1024, disk: 1 } });
    const image = h.images.add();
    await h.call(
      demo,
      'POST',
      '/v2.1/servers',
      { server: { name: 'a', imageRef: image.id, flavorRef: 'q', networks: 'none' } },
      '2.96',
    );
  });
  after(() => h.close());

  test('show, defaults and detail by microversion', async () => {
    const v21 = (await h.call(demo, 'GET', `/v2.1/os-quota-sets/${demoProject}`)).data.quota_set as Record<
      string,
      unknown
    >;
    assert.equal(v21.id, demoProject);
    assert.equal(v21.instances, 10);
    assert.equal(v21.floating_ips, 10, 'network proxies until 2.36');
    const v257 = (await h.call(demo, 'GET', `/v2.1/os-quota-sets/${demoProject}`, undefined, '2.57')).data
      .quota_set as Record<string, unknown>;
    assert.deepEqual(Object.keys(v257).sort(), [
      'cores',
      'id',
      'instances',
      'key_pairs',
      'metadata_items',
      'ram',
      'server_group_members',
      'server_groups',
    ]);
    const detail = (await h.call(demo, 'GET', `/v2.1/os-quota-sets/${demoProject}/detail`, undefined, '2.57')).data
      .quota_set as Record<string, Record<string, number>>;
    assert.deepEqual(detail.cores, { limit: 20, in_use: 2, reserved: 0 });
    assert.deepEqual(detail.ram, { limit: 51200, in_use: 1024, reserved: 0 });
    const defaults = (await h.call(demo, 'GET', `/v2.1/os-quota-sets/${demoProject}/defaults`)).data
      .quota_set as Record<string, unknown>;
    assert.equal(defaults.cores, 20);
    assertFault(await h.call(demo, 'GET', `/v2.1/os-quota-sets/${h.projects.admin}`), 403, /os-quota-sets:show/);
    assertFault(
      await h.call(admin, 'GET', '/v2.1/os-quota-sets/no-such-project'),
      400,
      'Project ID no-such-project is not a valid project.',
    );
  });

  test('update, force and revert', async () => {
    assertFault(await h.call(demo, 'PUT', `/v2.1/os-quota-sets/${demoProject}`, { quota_set: { cores: 50 } }), 403);
    const updated = await h.call(
      admin,
      'PUT',
      `/v2.1/os-quota-sets/${demoProject}`,
      { quota_set: { cores: 50, ram: '-1' } },
      '2.57',
    );
    assert.equal(updated.statusCode, 200, updated.body);
    const set = updated.data.quota_set as Record<string, unknown>;
    assert.deepEqual({ cores: set.cores, ram: set.ram, id: set.id }, { cores: 50, ram: -1, id: undefined });
    assertFault(
      await h.call(admin, 'PUT', `/v2.1/os-quota-sets/${demoProject}`, { quota_set: { cores: 1 } }),
      400,
      'Quota limit 1 for cores must be greater than or equal to already used and reserved 2.',
    );
    assert.equal(
      (await h.call(admin, 'PUT', `/v2.1/os-quota-sets/${demoProject}`, { quota_set: { cores: 1, force: true } }))
        .statusCode,
      200,
    );
    assertFault(
      await h.call(admin, 'PUT', `/v2.1/os-quota-sets/${demoProject}`, { quota_set: { networks: 1 } }),
      400,
      'The networks quota has been removed',
    );
    assertFault(
      await h.call(admin, 'PUT', `/v2.1/os-quota-sets/${demoProject}`, { quota_set: { floating_ips: 1 } }, '2.36'),
      400,
    );
    assertFault(await h.call(admin, 'PUT', `/v2.1/os-quota-sets/${demoProject}`, { quota_set: { cores: -2 } }), 400);
    assert.equal((await h.call(admin, 'DELETE', `/v2.1/os-quota-sets/${demoProject}`)).statusCode, 202);
    const reverted = (await h.call(demo, 'GET', `/v2.1/os-quota-sets/${demoProject}`)).data.quota_set as Record<
      string,
      unknown
    >;
    assert.equal(reverted.cores, 20);
  });

  test('limits', async () => {
    const v21 = (await h.call(demo, 'GET', '/v2.1/limits')).data.limits as {
      absolute: Record<string, number>;
      rate: unknown[];
    };
    assert.deepEqual(v21.rate, []);
    assert.equal(v21.absolute.maxTotalCores, 20);
    assert.equal(v21.absolute.totalCoresUsed, 2);
    assert.equal(v21.absolute.totalInstancesUsed, 1);
    assert.equal(v21.absolute.totalRAMUsed, 1024);
    assert.equal(v21.absolute.maxImageMeta, 128);
    assert.ok('maxTotalFloatingIps' in v21.absolute);
    const v257 = (await h.call(demo, 'GET', '/v2.1/limits', undefined, '2.57')).data.limits as {
      absolute: Record<string, number>;
    };
    for (const gone of ['maxTotalFloatingIps', 'maxImageMeta', 'maxPersonality', 'totalSecurityGroupsUsed']) {
      assert.equal(gone in v257.absolute, false, gone);
    }
    const adminView = (await h.call(admin, 'GET', `/v2.1/limits?tenant_id=${demoProject}`)).data.limits as {
      absolute: Record<string, number>;
    };
    assert.equal(adminView.absolute.totalInstancesUsed, 1);
    assertFault(await h.call(demo, 'GET', `/v2.1/limits?tenant_id=${h.projects.admin}`), 403);
  });
});
