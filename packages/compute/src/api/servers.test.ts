// /servers through the HTTP API: create (the contract with the engine: rows, request spec, build tasks), show and
// list by microversion, filters and paging, update, delete, quota, policies and project isolation.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertFault, type Harness, startHarness } from '../../test/harness.js';
import type { ImageInfo } from '../images.js';

describe('/servers', () => {
  let h: Harness;
  let admin: string;
  let demo: string;
  let reader: string;
  let other: string;
  let image: ImageInfo;

  before(async () => {
    h = await startHarness({ compute: { quotaCores: 20, quotaInstances: 10 } });
    admin = await h.adminToken();
    demo = await h.demoToken();
    reader = await h.user('demo-reader', 'reader', 'demo');
    other = await h.user('other-member', 'member', 'other');
    image = h.images.add({ name: 'cirros', minRam: 64 });
    await h.addHost('compute1');
    for (const [id, vcpus, ram, disk] of [
      ['1', 1, 512, 1],
      ['2', 2, 2048, 20],
      ['4', 4, 4096, 40],
    ] as const) {
      await h.call(admin, 'POST', '/v2.1/flavors', { flavor: { name: `m${id}`, id, vcpus, ram, disk } });
    }
  });
  after(() => h.close());

  const boot = (
    token: string,
    server: Record<string, unknown>,
    version = '2.96',
    extra: Record<string, unknown> = {},
  ) =>
    h.call(
      token,
      'POST',
      '/v2.1/servers',
      { server: { imageRef: image.id, flavorRef: '1', networks: 'none', ...server }, ...extra },
      version,
    );

  test('create writes a building instance with its request spec and one build task', async () => {
    const created = await boot(demo, { name: 'web', metadata: { role: 'web' }, tags: ['a', 'b'] });
    assert.equal(created.statusCode, 202, created.body);
    const server = created.data.server as Record<string, unknown>;
    assert.deepEqual(Object.keys(server).sort(), ['OS-DCF:diskConfig', 'adminPass', 'id', 'links', 'security_groups']);
    assert.equal(created.headers.location, `http://127.0.0.1:5000/compute/v2.1/servers/${server.id}`);
    assert.deepEqual(server.security_groups, [{ name: 'default' }]);

    const row = await h.ctx.db
      .selectFrom('compute_instances')
      .selectAll()
      .where('id', '=', String(server.id))
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      {
        vm: row.vm_state,
        task: row.task_state,
        power: row.power_state,
        host: row.host,
        name: row.name,
        index: row.launch_index,
      },
      { vm: 'building', task: 'scheduling', power: 0, host: null, name: 'web', index: 0 },
    );
    assert.match(row.reservation_id, /^r-[a-z0-9]{8}$/);
    const spec = JSON.parse(row.request_spec);
    assert.equal(spec.flavor.id, '1');
    assert.equal(spec.image.id, image.id);
    assert.equal(spec.networks, 'none');
    const tasks = await h.ctx.db.selectFrom('compute_tasks').selectAll().where('instance_id', '=', row.id).execute();
    assert.deepEqual(
      tasks.map((t) => [t.kind, t.host, t.state]),
      [['build', null, 'pending']],
    );

    const shown = await h.call(demo, 'GET', `/v2.1/servers/${row.id}`, undefined, '2.96');
    const view = shown.data.server as Record<string, unknown>;
    assert.equal(view.status, 'BUILD');
    assert.deepEqual(view.metadata, { role: 'web' });
    assert.deepEqual(view.tags, ['a', 'b']);
    assert.equal(view['OS-EXT-STS:task_state'], 'scheduling');
    assert.equal('OS-EXT-SRV-ATTR:host' in view, false, 'members do not see extended attributes');
    assert.equal(view['OS-EXT-SRV-ATTR:hostname'], 'web', 'the hostname is shown to all from 2.90');
    assert.deepEqual(Object.keys(view.flavor as object).sort(), [
      'disk',
      'ephemeral',
      'extra_specs',
      'original_name',
      'ram',
      'swap',
      'vcpus',
    ]);
    assert.equal(view.pinned_availability_zone, null);
    assert.equal(view.locked_reason, null);

    const old = await h.call(demo, 'GET', `/v2.1/servers/${row.id}`);
    const v21 = old.data.server as Record<string, unknown>;
    assert.deepEqual(Object.keys(v21.flavor as object).sort(), ['id', 'links']);
    for (const later of ['locked', 'description', 'tags', 'host_status', 'server_groups', 'pinned_availability_zone']) {
      assert.equal(later in v21, false, `${later} is not in 2.1`);
    }
    const asAdmin = (await h.call(admin, 'GET', `/v2.1/servers/${row.id}`, undefined, '2.16')).data.server as Record<
      string,
      unknown
    >;
    assert.equal(asAdmin['OS-EXT-SRV-ATTR:host'], null);
    assert.equal(asAdmin.host_status, '', 'no host yet');
  });

  test('multi-create names servers <name>-<n> and may return the reservation id', async () => {
    const created = await boot(demo, { name: 'batch', min_count: 2, max_count: 3, return_reservation_id: true });
    assert.equal(created.statusCode, 202, created.body);
    const reservation = String(created.data.reservation_id);
    const rows = await h.ctx.db
      .selectFrom('compute_instances')
      .selectAll()
      .where('reservation_id', '=', reservation)
      .orderBy('launch_index')
      .execute();
    assert.deepEqual(
      rows.map((r) => [r.name, r.launch_index]),
      [
        ['batch-1', 0],
        ['batch-2', 1],
        ['batch-3', 2],
      ],
    );
    assert.deepEqual(
      rows.map((r) => r.hostname),
      ['batch-1', 'batch-2', 'batch-3'],
    );
    const listed = await h.call(admin, 'GET', `/v2.1/servers?reservation_id=${reservation}&all_tenants=1`);
    assert.equal((listed.data.servers as unknown[]).length, 3);
  });

  test('referenced resources that do not resolve are 400s, and nothing is written', async () => {
    const before = (await h.ctx.db.selectFrom('compute_instances').select('id').execute()).length;
    assertFault(await boot(demo, { name: 'x', flavorRef: 'nope' }), 400, 'Flavor nope could not be found.');
    assertFault(
      await boot(demo, { name: 'x', imageRef: '9b2d8d1c-6a35-4d84-9a3c-5ad7cd2c1e11' }),
      400,
      'Can not find requested image',
    );
    assertFault(await boot(demo, { name: 'x', key_name: 'missing' }), 400, 'Invalid key_name provided.');
    assertFault(
      await boot(demo, { name: 'x', availability_zone: 'mars' }),
      400,
      'The requested availability zone is not available',
    );
    assertFault(
      await boot(demo, { name: 'x' }, '2.96', {
        'os:scheduler_hints': { group: '9b2d8d1c-6a35-4d84-9a3c-5ad7cd2c1e11' },
      }),
      400,
      /Instance group .* could not be found/,
    );
    assertFault(
      await boot(demo, { name: 'x', availability_zone: 'nova:compute1' }),
      403,
      /os_compute_api:servers:create:forced_host/,
    );
    const small = h.images.add({ name: 'big', minRam: 100000 });
    assertFault(
      await boot(demo, { name: 'x', imageRef: small.id }),
      400,
      "Flavor's memory is too small for requested image.",
    );
    const queued = h.images.add({ name: 'queued', status: 'queued' });
    assertFault(await boot(demo, { name: 'x', imageRef: queued.id }), 400, `Image ${queued.id} is not active.`);
    const privateImage = h.images.add({ name: 'theirs', visibility: 'private', owner: 'someone-else' });
    assertFault(await boot(demo, { name: 'x', imageRef: privateImage.id }), 400, 'Can not find requested image');
    assertFault(await boot(demo, { name: 'x', min_count: 3, max_count: 2 }), 400, 'min_count must be <= max_count');
    assertFault(await boot(demo, { name: 'x', networks: undefined }), 400, /networks/);
    assert.equal((await h.ctx.db.selectFrom('compute_instances').select('id').execute()).length, before);
  });

  test('quota: instances, cores and ram of live servers of the project', async () => {
    const q = await h.user('quota-member', 'member', 'quota-project');
    await h.call(admin, 'PUT', `/v2.1/os-quota-sets/${h.projects['quota-project']}`, { quota_set: { cores: 6 } });
    assert.equal((await boot(q, { name: 'q1', flavorRef: '4' })).statusCode, 202);
    assertFault(
      await boot(q, { name: 'q2', flavorRef: '4' }),
      403,
      'Quota exceeded for cores: Requested 4, but already used 4 of 6 cores',
    );
    const some = await boot(q, { name: 'q3', flavorRef: '1', min_count: 1, max_count: 5 });
    assert.equal(some.statusCode, 202, 'as many as fit within min..max are created');
    const rows = await h.ctx.db
      .selectFrom('compute_instances')
      .select('name')
      .where('project_id', '=', h.projects['quota-project']!)
      .where('deleted', '=', 0)
      .execute();
    assert.equal(rows.length, 3, 'q1 + two of the five one-core servers');
    assertFault(
      await boot(q, { name: 'q4', flavorRef: '1', min_count: 2 }),
      403,
      /^Quota exceeded for cores: Requested 2, but already used 6 of 6 cores$/,
    );
  });

  test('readers cannot create, other projects cannot see, admins see all', async () => {
    assertFault(
      await boot(reader, { name: 'nope' }),
      403,
      "Policy doesn't allow os_compute_api:servers:create to be performed.",
    );
    const mine = (await boot(demo, { name: 'private-to-demo' })).data.server as { id: string };
    assert.equal((await h.call(reader, 'GET', `/v2.1/servers/${mine.id}`)).statusCode, 200, 'readers read');
    assertFault(await h.call(other, 'GET', `/v2.1/servers/${mine.id}`), 404, `Instance ${mine.id} could not be found.`);
    assertFault(await h.call(other, 'DELETE', `/v2.1/servers/${mine.id}`), 404);
    assertFault(await h.call(other, 'PUT', `/v2.1/servers/${mine.id}`, { server: { name: 'x' } }), 404);
    const otherList = await h.call(other, 'GET', '/v2.1/servers');
    assert.deepEqual(otherList.data.servers, []);
    const projectFilter = await h.call(other, 'GET', `/v2.1/servers?project_id=${h.projects.demo}`);
    assert.deepEqual(projectFilter.data.servers, [], 'a project filter without all_tenants is ignored');
    assertFault(await h.call(demo, 'GET', '/v2.1/servers?all_tenants=1'), 403);
    assert.equal((await h.call(admin, 'GET', `/v2.1/servers/${mine.id}`)).statusCode, 200);
    const all = await h.call(admin, 'GET', `/v2.1/servers/detail?all_tenants=True&project_id=${h.projects.demo}`);
    assert.ok((all.data.servers as { id: string }[]).some((s) => s.id === mine.id));
    assertFault(await h.call(reader, 'DELETE', `/v2.1/servers/${mine.id}`), 403);
    assertFault(await h.call(reader, 'PUT', `/v2.1/servers/${mine.id}`, { server: { name: 'x' } }), 403);
  });

  test('list filters, sorting and paging', async () => {
    const p = await h.user('list-member', 'member', 'list-project');
    const ids: string[] = [];
    for (const name of ['alpha', 'beta', 'gamma'])
      ids.push(((await boot(p, { name, tags: [name, 'common'] })).data.server as { id: string }).id);
    await h.activate(ids[0]!);
    const names = async (query: string, version = '2.96') =>
      ((await h.call(p, 'GET', `/v2.1/servers${query}`, undefined, version)).data.servers as { name: string }[]).map(
        (s) => s.name,
      );
    assert.deepEqual(await names(''), ['gamma', 'beta', 'alpha'], 'newest first');
    assert.deepEqual(await names('?name=^a'), ['alpha']);
    assert.deepEqual(await names('?status=ACTIVE'), ['alpha']);
    assert.deepEqual(await names('?status=BUILD'), ['gamma', 'beta']);
    assertFault(await h.call(p, 'GET', '/v2.1/servers?status=WEIRD', undefined, '2.38'), 400, 'Invalid status value');
    assert.deepEqual(await names('?status=WEIRD', '2.37'), []);
    assert.deepEqual(await names('?tags=beta,common'), ['beta']);
    assert.deepEqual(await names('?tags-any=alpha,gamma'), ['gamma', 'alpha']);
    assert.deepEqual(await names('?not-tags-any=alpha'), ['gamma', 'beta']);
    assert.deepEqual(await names('?ip=10.0.0.1'), [], 'servers have no addresses yet');
    assert.deepEqual(await names('?flavor=1'), ['gamma', 'beta', 'alpha']);
    assert.deepEqual(await names('?flavor=2'), []);
    assert.deepEqual(await names('?sort_key=display_name&sort_dir=asc'), ['alpha', 'beta', 'gamma']);
    assert.deepEqual(await names('?host=compute1'), ['gamma', 'beta', 'alpha'], 'host is an admin filter: ignored');
    assertFault(
      await h.call(p, 'GET', '/v2.1/servers?sort_key=host'),
      403,
      'Only administrators can sort servers by host',
    );
    assertFault(await h.call(p, 'GET', '/v2.1/servers?foo=bar', undefined, '2.75'), 400);
    const page = await h.call(p, 'GET', '/v2.1/servers?limit=2');
    assert.deepEqual(
      (page.data.servers as { name: string }[]).map((s) => s.name),
      ['gamma', 'beta'],
    );
    const next = new URL((page.data.servers_links as { href: string }[])[0]!.href);
    assert.equal(next.searchParams.get('marker'), ids[1]);
    assert.deepEqual(await names(next.search), ['alpha']);
    assertFault(await h.call(p, 'GET', '/v2.1/servers?marker=nope'), 400, 'marker [nope] not found');
    const since = new Date(Date.now() - 60_000).toISOString();
    assert.equal((await names(`?changes-since=${since}`)).length, 3);
    assertFault(await h.call(p, 'GET', '/v2.1/servers?changes-since=yesterday'), 400);
    const adminHost = await h.call(admin, 'GET', '/v2.1/servers?all_tenants=1&host=compute1');
    assert.deepEqual(
      (adminHost.data.servers as { name: string }[]).map((s) => s.name),
      ['alpha'],
    );
  });

  test('update and delete', async () => {
    const id = ((await boot(demo, { name: 'to-change' })).data.server as { id: string }).id;
    const updated = await h.call(
      demo,
      'PUT',
      `/v2.1/servers/${id}`,
      { server: { name: 'changed', description: 'd' } },
      '2.19',
    );
    assert.equal(updated.statusCode, 200, updated.body);
    const view = updated.data.server as Record<string, unknown>;
    assert.deepEqual({ name: view.name, description: view.description }, { name: 'changed', description: 'd' });
    assert.equal('OS-EXT-STS:vm_state' in view, false, 'PUT shows less before 2.75');
    const full = (await h.call(demo, 'PUT', `/v2.1/servers/${id}`, { server: { accessIPv4: '192.0.2.1' } }, '2.75'))
      .data.server as Record<string, unknown>;
    assert.equal(full.accessIPv4, '192.0.2.1');
    assert.equal(full['OS-EXT-STS:vm_state'], 'building');
    assertFault(await h.call(demo, 'PUT', `/v2.1/servers/${id}`, { server: { description: 'd' } }, '2.18'), 400);

    const removed = await h.call(demo, 'DELETE', `/v2.1/servers/${id}`);
    assert.equal(removed.statusCode, 204);
    assertFault(await h.call(demo, 'GET', `/v2.1/servers/${id}`), 404);
    const row = await h.ctx.db
      .selectFrom('compute_instances')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      { deleted: row.deleted, vm: row.vm_state },
      { deleted: 1, vm: 'deleted' },
      'never scheduled: deleted at once',
    );
    const deletedList = await h.call(admin, 'GET', `/v2.1/servers?all_tenants=1&deleted=true&name=^changed$`);
    assert.equal((deletedList.data.servers as unknown[]).length, 1, 'admins list deleted servers');

    const hosted = ((await boot(demo, { name: 'hosted' })).data.server as { id: string }).id;
    await h.activate(hosted);
    assert.equal((await h.call(demo, 'DELETE', `/v2.1/servers/${hosted}`)).statusCode, 204);
    const deleting = await h.ctx.db
      .selectFrom('compute_instances')
      .selectAll()
      .where('id', '=', hosted)
      .executeTakeFirstOrThrow();
    assert.equal(deleting.task_state, 'deleting');
    const task = await h.ctx.db
      .selectFrom('compute_tasks')
      .selectAll()
      .where('instance_id', '=', hosted)
      .where('kind', '=', 'delete')
      .executeTakeFirstOrThrow();
    assert.equal(task.host, 'compute1');
    const status = (await h.call(demo, 'GET', `/v2.1/servers/${hosted}`)).data.server as Record<string, unknown>;
    assert.equal(status.status, 'ACTIVE');
    assert.equal(status['OS-EXT-STS:task_state'], 'deleting');
  });
});
