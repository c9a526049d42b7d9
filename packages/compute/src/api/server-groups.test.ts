// /os-server-groups through the HTTP API: shapes by microversion, members from server create, quota, isolation.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertFault, type Harness, startHarness } from '../../test/harness.js';

describe('/os-server-groups', () => {
  let h: Harness;
  let admin: string;
  let demo: string;
  let other: string;

  before(async () => {
    h = await startHarness({ compute: { quotaServerGroups: 3, quotaServerGroupMembers: 2 } });
    admin = await h.adminToken();
    demo = await h.demoToken();
    other = await h.user('sg-other', 'member', 'sg-other');
    await h.call(admin, 'POST', '/v2.1/flavors', { flavor: { name: 'g', id: 'g', vcpus: 1, ram: 64, disk: 1 } });
  });
  after(() => h.close());

  test('create and show by microversion; members come from server create', async () => {
    const old = await h.call(demo, 'POST', '/v2.1/os-server-groups', {
      server_group: { name: 'old', policies: ['affinity'] },
    });
    assert.equal(old.statusCode, 200, old.body);
    assert.deepEqual(Object.keys(old.data.server_group as object).sort(), [
      'id',
      'members',
      'metadata',
      'name',
      'policies',
    ]);
    const created = await h.call(
      demo,
      'POST',
      '/v2.1/os-server-groups',
      { server_group: { name: 'anti', policy: 'anti-affinity', rules: { max_server_per_host: 2 } } },
      '2.64',
    );
    assert.equal(created.statusCode, 200, created.body);
    const group = created.data.server_group as Record<string, unknown>;
    assert.deepEqual(
      { policy: group.policy, rules: group.rules },
      { policy: 'anti-affinity', rules: { max_server_per_host: 2 } },
    );
    assert.equal(group.project_id, h.projects.demo);

    const image = h.images.add();
    const boot = (name: string) =>
      h.call(
        demo,
        'POST',
        '/v2.1/servers',
        {
          server: { name, imageRef: image.id, flavorRef: 'g', networks: 'none' },
          'os:scheduler_hints': { group: group.id },
        },
        '2.96',
      );
    const s1 = (await boot('m1')).data.server as { id: string };
    await boot('m2');
    assertFault(await boot('m3'), 403, 'Quota exceeded, too many servers in group');
    const shown = await h.call(demo, 'GET', `/v2.1/os-server-groups/${group.id}`, undefined, '2.64');
    assert.equal(((shown.data.server_group as Record<string, unknown>).members as string[]).length, 2);
    const spec = JSON.parse(
      (
        await h.ctx.db
          .selectFrom('compute_instances')
          .select('request_spec')
          .where('id', '=', s1.id)
          .executeTakeFirstOrThrow()
      ).request_spec,
    );
    assert.deepEqual(spec.group, { id: group.id, policy: 'anti-affinity', rules: { max_server_per_host: 2 } });
    const server = (await h.call(demo, 'GET', `/v2.1/servers/${s1.id}`, undefined, '2.71')).data.server as Record<
      string,
      unknown
    >;
    assert.deepEqual(server.server_groups, [group.id]);
    await h.call(demo, 'DELETE', `/v2.1/servers/${s1.id}`);
    const after = await h.call(demo, 'GET', `/v2.1/os-server-groups/${group.id}`, undefined, '2.64');
    assert.equal(
      ((after.data.server_group as Record<string, unknown>).members as string[]).length,
      1,
      'deleted servers are not members',
    );
  });

  test('refusals: rules on affinity, soft policies before 2.15, quota, isolation', async () => {
    assertFault(
      await h.call(
        demo,
        'POST',
        '/v2.1/os-server-groups',
        { server_group: { name: 'x', policy: 'affinity', rules: { max_server_per_host: 2 } } },
        '2.64',
      ),
      400,
      'Only anti-affinity policy supports rules.',
    );
    assertFault(
      await h.call(
        demo,
        'POST',
        '/v2.1/os-server-groups',
        { server_group: { name: 'x', policies: ['soft-affinity'] } },
        '2.14',
      ),
      400,
    );
    assert.equal(
      (
        await h.call(
          demo,
          'POST',
          '/v2.1/os-server-groups',
          { server_group: { name: 'soft', policies: ['soft-affinity'] } },
          '2.15',
        )
      ).statusCode,
      200,
    );
    assertFault(
      await h.call(demo, 'POST', '/v2.1/os-server-groups', { server_group: { name: 'four', policies: ['affinity'] } }),
      403,
      'Quota exceeded, too many server groups.',
    );
    const mine = (await h.call(demo, 'GET', '/v2.1/os-server-groups')).data.server_groups as { id: string }[];
    assert.equal(mine.length, 3);
    assert.deepEqual((await h.call(other, 'GET', '/v2.1/os-server-groups')).data.server_groups, []);
    assertFault(await h.call(other, 'GET', `/v2.1/os-server-groups/${mine[0]!.id}`), 403);
    assertFault(await h.call(other, 'DELETE', `/v2.1/os-server-groups/${mine[0]!.id}`), 403);
    const all = await h.call(admin, 'GET', '/v2.1/os-server-groups?all_projects=1');
    assert.equal((all.data.server_groups as unknown[]).length, 3);
    assert.equal((await h.call(demo, 'DELETE', `/v2.1/os-server-groups/${mine[0]!.id}`)).statusCode, 204);
    assertFault(await h.call(demo, 'GET', `/v2.1/os-server-groups/${mine[0]!.id}`), 404);
  });
});
