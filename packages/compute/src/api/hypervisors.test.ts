// /os-hypervisors, /os-services, /os-simple-tenant-usage and /extensions through the HTTP API (admin resources).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertFault, type Harness, startHarness } from '../../test/harness.js';

describe('hypervisors, services, usage', () => {
  let h: Harness;
  let admin: string;
  let demo: string;
  let serverId: string;

  before(async () => {
    h = await startHarness();
    admin = await h.adminToken();
    demo = await h.demoToken();
    await h.addHost('compute1');
    await h.call(admin, 'POST', '/v2.1/flavors', { flavor: { name: 'h', id: 'h', vcpus: 2, ram: 1024, disk: 10 } });
    const image = h.images.add();
    const created = await h.call(
      demo,
      'POST',
      '/v2.1/servers',
      { server: { name: 'on-host', imageRef: image.id, flavorRef: 'h', networks: 'none' } },
      '2.96',
    );
    serverId = (created.data.server as { id: string }).id;
    await h.activate(serverId, 'compute1', { launched_at: new Date(Date.now() - 3_600_000).toISOString() });
  });
  after(() => h.close());

  test('hypervisors by microversion', async () => {
    const v21 = await h.call(admin, 'GET', '/v2.1/os-hypervisors/detail');
    const node = (v21.data.hypervisors as Record<string, unknown>[])[0]!;
    assert.deepEqual(
      {
        id: typeof node.id,
        state: node.state,
        status: node.status,
        vcpus_used: node.vcpus_used,
        running: node.running_vms,
        cpu: node.cpu_info,
      },
      { id: 'number', state: 'up', status: 'enabled', vcpus_used: 2, running: 1, cpu: '{}' },
    );
    const v253 = await h.call(admin, 'GET', '/v2.1/os-hypervisors?with_servers=true', undefined, '2.53');
    const listed = (v253.data.hypervisors as Record<string, unknown>[])[0]!;
    assert.match(String(listed.id), /^[0-9a-f-]{36}$/);
    assert.deepEqual(listed.servers, [{ name: 'on-host', uuid: serverId }]);
    const shown = await h.call(admin, 'GET', `/v2.1/os-hypervisors/${listed.id}`, undefined, '2.88');
    const detail = shown.data.hypervisor as Record<string, unknown>;
    assert.equal('vcpus' in detail, false, 'no usage from 2.88');
    assert.ok('uptime' in detail);
    assertFault(await h.call(admin, 'GET', '/v2.1/os-hypervisors/1', undefined, '2.53'), 400, 'Invalid uuid 1');
    assertFault(
      await h.call(admin, 'GET', '/v2.1/os-hypervisors/abc'),
      404,
      "Hypervisor with ID 'abc' could not be found.",
    );
    const stats = await h.call(admin, 'GET', '/v2.1/os-hypervisors/statistics');
    assert.deepEqual(
      {
        count: (stats.data.hypervisor_statistics as Record<string, number>).count,
        vcpus_used: (stats.data.hypervisor_statistics as Record<string, number>).vcpus_used,
      },
      { count: 1, vcpus_used: 2 },
    );
    assertFault(await h.call(admin, 'GET', '/v2.1/os-hypervisors/statistics', undefined, '2.88'), 404);
    const search = await h.call(admin, 'GET', '/v2.1/os-hypervisors/comp/search');
    assert.equal((search.data.hypervisors as unknown[]).length, 1);
    assertFault(
      await h.call(admin, 'GET', '/v2.1/os-hypervisors/nothing/search'),
      404,
      "No hypervisor matching 'nothing' could be found.",
    );
    assertFault(await h.call(demo, 'GET', '/v2.1/os-hypervisors'), 403);
  });

  test('services: list, disable and enable, force down (legacy and 2.53)', async () => {
    const list = await h.call(admin, 'GET', '/v2.1/os-services?binary=nova-compute', undefined, '2.11');
    const service = (list.data.services as Record<string, unknown>[])[0]!;
    assert.deepEqual(
      {
        binary: service.binary,
        host: service.host,
        zone: service.zone,
        status: service.status,
        state: service.state,
        forced: service.forced_down,
      },
      { binary: 'nova-compute', host: 'compute1', zone: 'nova', status: 'enabled', state: 'up', forced: false },
    );
    const disabled = await h.call(admin, 'PUT', '/v2.1/os-services/disable-log-reason', {
      host: 'compute1',
      binary: 'nova-compute',
      disabled_reason: 'maint',
    });
    assert.deepEqual(disabled.data, {
      service: { host: 'compute1', binary: 'nova-compute', status: 'disabled', disabled_reason: 'maint' },
    });
    const server = (await h.call(admin, 'GET', `/v2.1/servers/${serverId}`, undefined, '2.16')).data.server as Record<
      string,
      unknown
    >;
    assert.equal(server.host_status, 'MAINTENANCE');
    assertFault(
      await h.call(admin, 'PUT', '/v2.1/os-services/enable', { host: 'nowhere', binary: 'nova-compute' }),
      404,
    );
    assertFault(
      await h.call(admin, 'PUT', '/v2.1/os-services/enable', { host: 'compute1', binary: 'nova-scheduler' }),
      400,
    );
    assertFault(
      await h.call(admin, 'PUT', '/v2.1/os-services/fly', { host: 'compute1', binary: 'nova-compute' }),
      404,
      'Unknown action',
    );

    const uuid = (await h.call(admin, 'GET', '/v2.1/os-services', undefined, '2.53')).data.services as { id: string }[];
    const enabled = await h.call(
      admin,
      'PUT',
      `/v2.1/os-services/${uuid[0]!.id}`,
      { status: 'enabled', forced_down: true },
      '2.53',
    );
    assert.equal(enabled.statusCode, 200, enabled.body);
    const updated = enabled.data.service as Record<string, unknown>;
    assert.deepEqual(
      { status: updated.status, forced: updated.forced_down, state: updated.state },
      { status: 'enabled', forced: true, state: 'down' },
    );
    assertFault(
      await h.call(admin, 'PUT', `/v2.1/os-services/${uuid[0]!.id}`, {}, '2.53'),
      400,
      /No updates were requested/,
    );
    assertFault(
      await h.call(
        admin,
        'PUT',
        `/v2.1/os-services/${uuid[0]!.id}`,
        { status: 'enabled', disabled_reason: 'x' },
        '2.53',
      ),
      400,
    );
    assertFault(await h.call(admin, 'PUT', '/v2.1/os-services/not-a-uuid', { status: 'enabled' }, '2.53'), 400);
    assertFault(
      await h.call(admin, 'DELETE', `/v2.1/os-services/${uuid[0]!.id}`, undefined, '2.53'),
      409,
      /hosting instances/,
    );
    assertFault(await h.call(demo, 'GET', '/v2.1/os-services'), 403);
    await h.call(admin, 'PUT', `/v2.1/os-services/${uuid[0]!.id}`, { forced_down: false }, '2.53');
  });

  test('simple tenant usage', async () => {
    const start = new Date(Date.now() - 2 * 3_600_000).toISOString().slice(0, 19);
    const end = new Date(Date.now() + 3_600_000).toISOString().slice(0, 19);
    const all = await h.call(admin, 'GET', `/v2.1/os-simple-tenant-usage?start=${start}&end=${end}&detailed=1`);
    assert.equal(all.statusCode, 200, all.body);
    const usage = (all.data.tenant_usages as Record<string, unknown>[])[0]!;
    assert.equal(usage.tenant_id, h.projects.demo);
    assert.ok(Math.abs((usage.total_hours as number) - 1) < 0.01, `about one hour: ${usage.total_hours}`);
    assert.equal((usage.server_usages as Record<string, unknown>[])[0]!.flavor, 'h');
    const mine = await h.call(demo, 'GET', `/v2.1/os-simple-tenant-usage/${h.projects.demo}?start=${start}`);
    assert.equal(((mine.data.tenant_usage as Record<string, unknown>).server_usages as unknown[]).length, 1);
    assertFault(await h.call(demo, 'GET', '/v2.1/os-simple-tenant-usage'), 403);
    assertFault(
      await h.call(admin, 'GET', `/v2.1/os-simple-tenant-usage?start=${end}&end=${start}`),
      400,
      /start time cannot occur after/,
    );
    assertFault(await h.call(admin, 'GET', '/v2.1/os-simple-tenant-usage?start=yesterday'), 400);
    const empty = await h.call(
      demo,
      'GET',
      `/v2.1/os-simple-tenant-usage/${h.projects.demo}?start=2000-01-01T00:00:00&end=2000-01-02T00:00:00`,
    );
    assert.deepEqual(empty.data, { tenant_usage: {} });
  });

  test('extensions', async () => {
    const { extensions } = (await h.call(demo, 'GET', '/v2.1/extensions')).data as {
      extensions: { alias: string; name: string }[];
    };
    // Only what is served: os-hosts is, the XenAPI os-consoles is not.
    assert.ok(extensions.some((e) => e.alias === 'os-hosts' && e.name === 'Hosts'));
    assert.ok(!extensions.some((e) => e.alias === 'os-consoles'));
    const one = await h.call(demo, 'GET', '/v2.1/extensions/os-shelve');
    assert.equal((one.data as { extension: { name: string } }).extension.name, 'Shelve');
    assertFault(await h.call(demo, 'GET', '/v2.1/extensions/os-fancy'), 404);
    assertFault(await h.call(demo, 'GET', '/v2.1/extensions/os-consoles'), 404);
  });
});
