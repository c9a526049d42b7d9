// POST /servers/{id}/action: each action's state checks, task state, task and instance action; locks; console
// output; snapshots; instance actions; and 404/403/409 as Nova answers them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertFault, type Harness, startHarness } from '../../test/harness.js';
import type { ImageInfo } from '../images.js';

describe('/servers/{id}/action', () => {
  let h: Harness;
  let admin: string;
  let demo: string;
  let reader: string;
  let other: string;
  let image: ImageInfo;

  before(async () => {
    h = await startHarness({ compute: { quotaInstances: 100, quotaCores: 100, quotaRam: 100000 } });
    admin = await h.adminToken();
    demo = await h.demoToken();
    reader = await h.user('act-reader', 'reader', 'demo');
    other = await h.user('act-other', 'member', 'act-other');
    image = h.images.add();
    await h.addHost('compute1');
    await h.call(admin, 'POST', '/v2.1/flavors', { flavor: { name: 'a1', id: 'a1', vcpus: 1, ram: 256, disk: 1 } });
    await h.call(admin, 'POST', '/v2.1/flavors', { flavor: { name: 'a2', id: 'a2', vcpus: 2, ram: 512, disk: 2 } });
    h.ctx.rpc.consoleOutput = async (host, id, length) => {
      const lines = [`host ${host}`, `server ${id}`, 'login:\x07'];
      return (length === undefined ? lines : lines.slice(-length)).join('\n');
    };
  });
  after(() => h.close());

  /** A server of the demo project, ACTIVE on compute1. */
  const activeServer = async (name: string): Promise<string> => {
    const created = await h.call(
      demo,
      'POST',
      '/v2.1/servers',
      { server: { name, imageRef: image.id, flavorRef: 'a1', networks: 'none' } },
      '2.96',
    );
    assert.equal(created.statusCode, 202, created.body);
    const id = (created.data.server as { id: string }).id;
    await h.activate(id);
    return id;
  };
  const act = (token: string, id: string, body: unknown, version?: string) =>
    h.call(token, 'POST', `/v2.1/servers/${id}/action`, body, version);
  const row = (id: string) =>
    h.ctx.db.selectFrom('compute_instances').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const lastTask = async (id: string) =>
    (
      await h.ctx.db
        .selectFrom('compute_tasks')
        .selectAll()
        .where('instance_id', '=', id)
        .orderBy('created_at', 'desc')
        .execute()
    )[0]!;

  test('simple actions set their task state and enqueue a task on the host', async () => {
    const cases: [unknown, string, string, Record<string, unknown>][] = [
      [{ 'os-stop': null }, 'powering-off', 'stop', {}],
      [{ reboot: { type: 'SOFT' } }, 'rebooting', 'reboot', { type: 'SOFT' }],
      [{ reboot: { type: 'hard' } }, 'rebooting_hard', 'reboot', { type: 'HARD' }],
      [{ pause: null }, 'pausing', 'pause', {}],
      [{ suspend: null }, 'suspending', 'suspend', {}],
      [{ shelve: null }, 'shelving', 'shelve', {}],
    ];
    for (const [body, taskState, kind, params] of cases) {
      const id = await activeServer(`simple-${kind}`);
      const answer = await act(demo, id, body);
      assert.equal(answer.statusCode, 202, `${JSON.stringify(body)}: ${answer.body}`);
      assert.equal((await row(id)).task_state, taskState);
      const task = await lastTask(id);
      assert.equal(task.kind, kind);
      assert.equal(task.host, 'compute1');
      if (kind !== 'shelve') assert.deepEqual(JSON.parse(task.params), params);
      // Nova lets a hard reboot be asked again while one runs (ALLOW_REBOOT); nothing else.
      if (taskState !== 'rebooting_hard') {
        assertFault(await act(demo, id, body), 409, /^Cannot '.+' instance .+ while it is in task_state /);
      }
    }
  });

  test('state rules: start needs SHUTOFF, unpause needs PAUSED, resume needs SUSPENDED', async () => {
    const id = await activeServer('states');
    assertFault(
      await act(demo, id, { 'os-start': null }),
      409,
      `Cannot 'start' instance ${id} while it is in vm_state active`,
    );
    assertFault(await act(demo, id, { unpause: null }), 409, /vm_state active/);
    assertFault(await act(demo, id, { resume: null }), 409);
    assertFault(await act(demo, id, { unrescue: null }), 409);
    assertFault(await act(demo, id, { confirmResize: null }), 409);
    assertFault(await act(demo, id, { unshelve: null }), 409);
    await h.setInstance(id, { vm_state: 'stopped', power_state: 4 });
    assert.equal((await act(demo, id, { 'os-start': null })).statusCode, 202);
    assert.equal((await row(id)).task_state, 'powering-on');
    const building = (
      (
        await h.call(
          demo,
          'POST',
          '/v2.1/servers',
          { server: { name: 'b', imageRef: image.id, flavorRef: 'a1', networks: 'none' } },
          '2.96',
        )
      ).data.server as { id: string }
    ).id;
    assertFault(await act(demo, building, { 'os-stop': null }), 409, `Instance ${building} is not ready`);
    assertFault(await act(demo, building, { pause: null }), 409);
  });

  test('resize, confirm and revert; resize quota and same flavor', async () => {
    const id = await activeServer('resizable');
    assertFault(
      await act(demo, id, { resize: { flavorRef: 'a1' } }),
      400,
      'When resizing, instances must change flavor!',
    );
    assertFault(await act(demo, id, { resize: { flavorRef: 'zz' } }), 400, 'Flavor zz could not be found.');
    const resized = await act(demo, id, { resize: { flavorRef: 'a2' } });
    assert.equal(resized.statusCode, 202, resized.body);
    const task = await lastTask(id);
    assert.deepEqual(
      [task.kind, task.host, JSON.parse(task.params).flavor_id],
      ['resize', null, 'a2'],
      'resize is conductor work',
    );
    assert.equal((await row(id)).task_state, 'resize_prep');
    await h.setInstance(id, { vm_state: 'resized', task_state: null });
    const confirmed = await act(demo, id, { confirmResize: null });
    assert.equal(confirmed.statusCode, 204);
    assert.equal((await row(id)).task_state, 'resize_confirming');
    await h.setInstance(id, { task_state: null });
    assert.equal((await act(demo, id, { revertResize: null })).statusCode, 202);
    assert.equal((await row(id)).task_state, 'resize_reverting');

    const small = await activeServer('quota-resize');
    await h.call(admin, 'PUT', `/v2.1/os-quota-sets/${h.projects.demo}`, { quota_set: { cores: 2, force: true } });
    assertFault(
      await act(demo, small, { resize: { flavorRef: 'a2' } }),
      403,
      /^Quota exceeded for cores: Requested 1, but already used \d+ of 2 cores$/,
    );
    await h.call(admin, 'DELETE', `/v2.1/os-quota-sets/${h.projects.demo}`);
  });

  test('rebuild answers the server with adminPass and changes the image', async () => {
    const id = await activeServer('rebuildable');
    const next = h.images.add({ name: 'next' });
    const answer = await act(
      demo,
      id,
      { rebuild: { imageRef: next.id, name: 'rebuilt', adminPass: 'secret', metadata: { k: 'v' } } },
      '2.57',
    );
    assert.equal(answer.statusCode, 202, answer.body);
    const view = answer.data.server as Record<string, unknown>;
    assert.equal(view.adminPass, 'secret');
    assert.equal(view.name, 'rebuilt');
    assert.equal(view.status, 'REBUILD');
    assert.deepEqual(view.metadata, { k: 'v' });
    assert.equal('user_data' in view, true, 'user_data from 2.57');
    assert.equal((view.image as { id: string }).id, next.id);
    assert.equal((await lastTask(id)).kind, 'rebuild');
    assertFault(await act(demo, id, { rebuild: { imageRef: next.id } }), 409);
    const other = await activeServer('rebuild-missing');
    assertFault(
      await act(demo, other, { rebuild: { imageRef: '9b2d8d1c-6a35-4d84-9a3c-5ad7cd2c1e11' } }),
      400,
      'Cannot find image for rebuild',
    );
  });

  test('createImage creates a queued image owned by the project', async () => {
    const id = await activeServer('snap');
    const old = await act(demo, id, { createImage: { name: 'snap-1', metadata: { purpose: 'test' } } });
    assert.equal(old.statusCode, 202);
    assert.match(String(old.headers.location), /\/image\/images\/[0-9a-f-]{36}$/);
    const imageId = String(old.headers.location).split('/').pop()!;
    const created = h.images.images.get(imageId)!;
    assert.deepEqual(
      {
        name: created.name,
        owner: created.owner,
        status: created.status,
        purpose: created.properties.purpose,
        instance: created.properties.instance_uuid,
      },
      { name: 'snap-1', owner: h.projects.demo, status: 'queued', purpose: 'test', instance: id },
    );
    const task = await lastTask(id);
    assert.deepEqual([task.kind, JSON.parse(task.params).image_id], ['create_image', imageId]);
    await h.setInstance(id, { task_state: null });
    const v245 = await act(demo, id, { createImage: { name: 'snap-2' } }, '2.45');
    assert.match(String((v245.data as { image_id: string }).image_id), /^[0-9a-f-]{36}$/);
  });

  test('lock and unlock, with reasons and overrides', async () => {
    const id = await activeServer('lockable');
    assert.equal((await act(demo, id, { lock: { locked_reason: 'maintenance' } }, '2.73')).statusCode, 202);
    const shown = (await h.call(demo, 'GET', `/v2.1/servers/${id}`, undefined, '2.73')).data.server as Record<
      string,
      unknown
    >;
    assert.deepEqual({ locked: shown.locked, reason: shown.locked_reason }, { locked: true, reason: 'maintenance' });
    assertFault(await act(demo, id, { 'os-stop': null }), 409, `Instance ${id} is locked`);
    assertFault(await h.call(demo, 'DELETE', `/v2.1/servers/${id}`), 409);
    assert.equal((await act(admin, id, { 'os-stop': null })).statusCode, 202, 'admins act on locked servers');
    await h.setInstance(id, { task_state: null, vm_state: 'active' });
    const locked = await h.call(demo, 'GET', '/v2.1/servers?locked=true', undefined, '2.73');
    assert.deepEqual(
      (locked.data.servers as { id: string }[]).map((s) => s.id),
      [id],
    );
    assert.equal((await act(demo, id, { unlock: null })).statusCode, 202);
    assert.equal((await row(id)).locked, 0);

    assert.equal((await act(admin, id, { lock: null })).statusCode, 202);
    assert.equal((await row(id)).locked_by, 'admin');
    assertFault(await act(demo, id, { unlock: null }), 403, /unlock_override/);
    assert.equal((await act(admin, id, { unlock: null })).statusCode, 202);
    assertFault(await act(demo, id, { lock: { locked_reason: '' } }, '2.73'), 400);
  });

  test('rescue returns the password; console output is synchronous', async () => {
    const id = await activeServer('rescuable');
    const rescued = await act(demo, id, { rescue: { adminPass: 'pw' } });
    assert.equal(rescued.statusCode, 200);
    assert.deepEqual(rescued.data, { adminPass: 'pw' });
    assert.equal((await row(id)).task_state, 'rescuing');
    const console = await act(demo, id, { 'os-getConsoleOutput': { length: 2 } });
    assert.equal(console.statusCode, 200);
    assert.deepEqual(console.data, { output: `server ${id}\nlogin:` }, 'control characters are removed');
    const all = await act(demo, id, { 'os-getConsoleOutput': { length: -1 } });
    assert.match(String((all.data as { output: string }).output), /^host compute1/);
    assertFault(await act(demo, id, { 'os-getConsoleOutput': { length: 'ten' } }), 400);
  });

  test('policies, isolation and unknown actions', async () => {
    const id = await activeServer('guarded');
    assertFault(
      await act(reader, id, { 'os-stop': null }),
      403,
      "Policy doesn't allow os_compute_api:servers:stop to be performed.",
    );
    assertFault(await act(other, id, { 'os-stop': null }), 404);
    assertFault(await act(demo, id, { shelveOffload: null }), 403);
    assertFault(await act(demo, id, { 'os-resetState': { state: 'error' } }), 403);
    assert.equal((await act(admin, id, { 'os-resetState': { state: 'error' } })).statusCode, 202);
    assert.equal((await row(id)).vm_state, 'error');
    assertFault(await act(demo, id, { fly: null }), 400, 'There is no such action: fly');
    assertFault(await act(demo, id, {}), 400);
    assertFault(await act(demo, id, { reboot: { type: 'GENTLE' } }), 400);
    assertFault(await act(demo, '7e43ad6c-2a52-4cf3-8e0b-02a7c1e8fd1b', { 'os-stop': null }), 404);
  });

  test('os-instance-actions records what was asked', async () => {
    const id = await activeServer('audited');
    await act(demo, id, { 'os-stop': null });
    const list = await h.call(demo, 'GET', `/v2.1/servers/${id}/os-instance-actions`);
    assert.equal(list.statusCode, 200);
    const actions = list.data.instanceActions as Record<string, unknown>[];
    assert.deepEqual(
      actions.map((a) => a.action),
      ['stop', 'create'],
    );
    assert.deepEqual(Object.keys(actions[0]!).sort(), [
      'action',
      'instance_uuid',
      'message',
      'project_id',
      'request_id',
      'start_time',
      'user_id',
    ]);
    const shown = await h.call(
      demo,
      'GET',
      `/v2.1/servers/${id}/os-instance-actions/${actions[0]!.request_id}`,
      undefined,
      '2.58',
    );
    const action = shown.data.instanceAction as Record<string, unknown>;
    assert.equal(action.action, 'stop');
    assert.deepEqual(action.events, [], 'events from 2.51');
    assert.ok('updated_at' in action);
    assertFault(
      await h.call(demo, 'GET', `/v2.1/servers/${id}/os-instance-actions/req-nope`),
      404,
      'Action req-nope not found',
    );
    assertFault(await h.call(other, 'GET', `/v2.1/servers/${id}/os-instance-actions`), 404);
    const paged = await h.call(demo, 'GET', `/v2.1/servers/${id}/os-instance-actions?limit=1`, undefined, '2.58');
    assert.equal((paged.data.instanceActions as unknown[]).length, 1);
    assert.ok(Array.isArray(paged.data.links));
  });
});
