// /servers/{id}/metadata, /tags (2.26), /ips and /os-interface through the HTTP API.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertFault, type Harness, startHarness } from '../../test/harness.js';

describe('server metadata, tags, addresses', () => {
  let h: Harness;
  let demo: string;
  let reader: string;
  let other: string;
  let id: string;

  before(async () => {
    h = await startHarness({ compute: { quotaMetadataItems: 3 } });
    const admin = await h.adminToken();
    demo = await h.demoToken();
    reader = await h.user('meta-reader', 'reader', 'demo');
    other = await h.user('meta-other', 'member', 'meta-other');
    const image = h.images.add();
    await h.call(admin, 'POST', '/v2.1/flavors', { flavor: { name: 'm', id: 'm', vcpus: 1, ram: 64, disk: 1 } });
    const created = await h.call(
      demo,
      'POST',
      '/v2.1/servers',
      { server: { name: 's', imageRef: image.id, flavorRef: 'm', networks: 'none' } },
      '2.96',
    );
    id = (created.data.server as { id: string }).id;
    await h.activate(id);
  });
  after(() => h.close());

  test('metadata: create merges, update_all replaces, items, quota, state and policy', async () => {
    const base = `/v2.1/servers/${id}/metadata`;
    assert.deepEqual((await h.call(demo, 'POST', base, { metadata: { a: '1', b: '2' } })).data, {
      metadata: { a: '1', b: '2' },
    });
    assert.deepEqual((await h.call(demo, 'POST', base, { metadata: { b: '3' } })).data, {
      metadata: { a: '1', b: '3' },
    });
    assert.deepEqual((await h.call(reader, 'GET', base)).data, { metadata: { a: '1', b: '3' } });
    assert.deepEqual((await h.call(demo, 'PUT', base, { metadata: { c: '4' } })).data, { metadata: { c: '4' } });
    assert.deepEqual((await h.call(demo, 'PUT', `${base}/d`, { meta: { d: '5' } })).data, { meta: { d: '5' } });
    assert.deepEqual((await h.call(demo, 'GET', `${base}/d`)).data, { meta: { d: '5' } });
    assertFault(await h.call(demo, 'PUT', `${base}/d`, { meta: { e: '5' } }), 400, 'Request body and URI mismatch');
    assertFault(await h.call(demo, 'PUT', `${base}/d`, { meta: { d: '5', e: '6' } }), 400);
    assertFault(
      await h.call(demo, 'POST', base, { metadata: { x: '1', y: '2' } }),
      403,
      'Maximum number of metadata items exceeds 3',
    );
    assert.equal((await h.call(demo, 'DELETE', `${base}/d`)).statusCode, 204);
    assertFault(await h.call(demo, 'DELETE', `${base}/d`), 404, 'Metadata item was not found');
    assertFault(await h.call(demo, 'GET', `${base}/zz`), 404);
    assertFault(await h.call(reader, 'POST', base, { metadata: { r: '1' } }), 403);
    assertFault(await h.call(other, 'GET', base), 404);
    assertFault(await h.call(demo, 'POST', base, { metadata: { 'bad/key': '1' } }), 400);
    await h.setInstance(id, { task_state: 'rebooting' });
    assertFault(await h.call(demo, 'POST', base, { metadata: { z: '1' } }), 409, /while it is in task_state rebooting/);
    await h.setInstance(id, { task_state: null });
  });

  test('tags from 2.26', async () => {
    const base = `/v2.1/servers/${id}/tags`;
    assertFault(await h.call(demo, 'GET', base, undefined, '2.25'), 404);
    assert.deepEqual((await h.call(demo, 'PUT', base, { tags: ['b', 'a'] }, '2.26')).data, { tags: ['a', 'b'] });
    const added = await h.call(demo, 'PUT', `${base}/c`, undefined, '2.26');
    assert.equal(added.statusCode, 201);
    assert.match(String(added.headers.location), new RegExp(`/servers/${id}/tags/c$`));
    assert.equal((await h.call(demo, 'PUT', `${base}/c`, undefined, '2.26')).statusCode, 204, 'an existing tag');
    assert.equal((await h.call(reader, 'GET', `${base}/c`, undefined, '2.26')).statusCode, 204);
    assertFault(await h.call(demo, 'GET', `${base}/zz`, undefined, '2.26'), 404, `Server ${id} has no tag 'zz'`);
    assert.equal((await h.call(demo, 'DELETE', `${base}/c`, undefined, '2.26')).statusCode, 204);
    assertFault(await h.call(demo, 'DELETE', `${base}/c`, undefined, '2.26'), 404);
    assertFault(await h.call(demo, 'PUT', base, { tags: ['no,commas'] }, '2.26'), 400);
    assertFault(await h.call(other, 'GET', base, undefined, '2.26'), 403, /os-server-tags:index/);
    assert.equal((await h.call(demo, 'DELETE', base, undefined, '2.26')).statusCode, 204);
    assert.deepEqual((await h.call(demo, 'GET', base, undefined, '2.26')).data, { tags: [] });
  });

  test('addresses and interfaces are empty until networking lands', async () => {
    assert.deepEqual((await h.call(reader, 'GET', `/v2.1/servers/${id}/ips`)).data, { addresses: {} });
    assertFault(await h.call(demo, 'GET', `/v2.1/servers/${id}/ips/private`), 404);
    assert.deepEqual((await h.call(demo, 'GET', `/v2.1/servers/${id}/os-interface`)).data, {
      interfaceAttachments: [],
    });
    assertFault(await h.call(other, 'GET', `/v2.1/servers/${id}/ips`), 404);
  });
});
