// PATCH /v2/images/{id}: JSON-patch add/replace/remove on base attributes and custom properties, and refusals.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Harness, startHarness } from '../../test/harness.js';

describe('image update (JSON patch)', () => {
  let h: Harness;
  let id: string;
  before(async () => {
    h = await startHarness({ config: { imagePropertyQuota: 4 } });
    id = String((await h.create('alice', { name: 'base', disk_format: 'raw', container_format: 'bare', a: '1' })).id);
  });
  after(() => h.close());

  const show = async () => (await h.call('alice', 'GET', `/v2/images/${id}`)).data;

  it('adds, replaces and removes custom properties and base attributes', async () => {
    const r = await h.patch('alice', id, [
      { op: 'add', path: '/os_distro', value: 'ubuntu' },
      { op: 'replace', path: '/a', value: '2' },
      { op: 'replace', path: '/name', value: 'renamed' },
      { op: 'add', path: '/min_ram', value: 512 },
      { op: 'replace', path: '/tags', value: ['y', 'x'] },
      { op: 'replace', path: '/visibility', value: 'private' },
      { op: 'replace', path: '/protected', value: true },
      { op: 'replace', path: '/os_hidden', value: true },
      { op: 'add', path: '/x~1y', value: 'slash' },
    ]);
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.data.os_distro, 'ubuntu');
    assert.equal(r.data.a, '2');
    assert.equal(r.data.name, 'renamed');
    assert.equal(r.data.min_ram, 512);
    assert.deepEqual(r.data.tags, ['x', 'y']);
    assert.equal(r.data.visibility, 'private');
    assert.equal(r.data.protected, true);
    assert.equal(r.data.os_hidden, true);
    assert.equal(r.data['x/y'], 'slash');
    assert.deepEqual(await show(), r.data);
    const removed = await h.patch('alice', id, [
      { op: 'remove', path: '/os_distro' },
      { op: 'remove', path: '/x~1y' },
      { op: 'replace', path: '/protected', value: false },
      { op: 'replace', path: '/os_hidden', value: false },
    ]);
    assert.equal(removed.statusCode, 200);
    assert.equal('os_distro' in removed.data, false);
    assert.equal('x/y' in removed.data, false);
  });

  it('accepts an empty patch and the deprecated draft-4 media type', async () => {
    const empty = await h.patch('alice', id, []);
    assert.equal(empty.statusCode, 200);
    const d4 = await h.call('alice', 'PATCH', `/v2/images/${id}`, JSON.stringify([{ add: '/d4', value: 'v' }]), {
      'content-type': 'application/openstack-images-v2.0-json-patch',
    });
    assert.equal(d4.statusCode, 200, d4.body);
    assert.equal(d4.data.d4, 'v');
    const again = await h.call('alice', 'PATCH', `/v2/images/${id}`, JSON.stringify([{ add: '/d4', value: 'w' }]), {
      'content-type': 'application/openstack-images-v2.0-json-patch',
    });
    assert.equal(again.statusCode, 409);
    assert.match(String(again.data.message), /Property d4 already present/);
    await h.patch('alice', id, [{ op: 'remove', path: '/d4' }]);
  });

  const bad: { name: string; ops: unknown; raw?: string; type?: string; status: number; message: RegExp }[] = [
    { name: 'JSON content type', ops: [], type: 'application/json', status: 415, message: /expects Content-Type/ },
    { name: 'no body', ops: undefined, raw: '', status: 400, message: /Body expected in request/ },
    { name: 'malformed JSON', ops: undefined, raw: '[{', status: 400, message: /Malformed JSON/ },
    { name: 'an object body', ops: { op: 'add' }, status: 400, message: /must be a JSON array/ },
    { name: 'an operation not an object', ops: ['add'], status: 400, message: /Operations must be JSON objects/ },
    { name: 'no op', ops: [{ path: '/name', value: 'x' }], status: 400, message: /Unable to find `op`/ },
    { name: 'unknown op', ops: [{ op: 'move', path: '/name' }], status: 400, message: /Invalid operation: `move`/ },
    { name: 'no path', ops: [{ op: 'add', value: 'x' }], status: 400, message: /Unable to find 'path'/ },
    { name: 'path without /', ops: [{ op: 'add', path: 'name', value: 'x' }], status: 400, message: /start with/ },
    { name: 'adjacent /', ops: [{ op: 'add', path: '/a//b', value: 'x' }], status: 400, message: /adjacent/ },
    { name: 'trailing /', ops: [{ op: 'add', path: '/a/', value: 'x' }], status: 400, message: /end with/ },
    { name: 'bad ~ escape', ops: [{ op: 'add', path: '/a~2', value: 'x' }], status: 400, message: /recognized escape/ },
    {
      name: 'deep path',
      ops: [{ op: 'add', path: '/tags/-', value: 'x' }],
      status: 400,
      message: /Invalid JSON pointer/,
    },
    {
      name: 'no value',
      ops: [{ op: 'replace', path: '/name' }],
      status: 400,
      message: /requires a member named "value"/,
    },
    { name: 'wrong type', ops: [{ op: 'replace', path: '/min_disk', value: '1' }], status: 400, message: /'integer'/ },
    { name: 'bad enum', ops: [{ op: 'replace', path: '/visibility', value: 'x' }], status: 400, message: /not one of/ },
    {
      name: 'custom non-string',
      ops: [{ op: 'add', path: '/k', value: 1 }],
      status: 400,
      message: /not of type 'string'/,
    },
    {
      name: 'negative min_ram',
      ops: [{ op: 'replace', path: '/min_ram', value: -5 }],
      status: 400,
      message: /negative/,
    },
    {
      name: 'read-only status',
      ops: [{ op: 'replace', path: '/status', value: 'active' }],
      status: 403,
      message: /read-only/,
    },
    { name: 'read-only id', ops: [{ op: 'replace', path: '/id', value: 'x' }], status: 403, message: /read-only/ },
    { name: 'read-only checksum', ops: [{ op: 'remove', path: '/checksum' }], status: 403, message: /read-only/ },
    { name: 'reserved deleted', ops: [{ op: 'add', path: '/deleted', value: 'x' }], status: 403, message: /reserved/ },
    {
      name: 'os_glance namespace',
      ops: [{ op: 'add', path: '/os_glance_a', value: 'x' }],
      status: 403,
      message: /reserved/,
    },
    { name: 'locations', ops: [{ op: 'replace', path: '/locations', value: [] }], status: 403, message: /locations/ },
    {
      name: 'removing a base attribute',
      ops: [{ op: 'remove', path: '/name' }],
      status: 403,
      message: /may not be removed/,
    },
    {
      name: 'owner by a member',
      ops: [{ op: 'replace', path: '/owner', value: 'p-bob' }],
      status: 403,
      message: /Owner/,
    },
    {
      name: 'public by a member',
      ops: [{ op: 'replace', path: '/visibility', value: 'public' }],
      status: 403,
      message: /publicize_image/,
    },
    {
      name: 'replacing a missing property',
      ops: [{ op: 'replace', path: '/nope', value: 'x' }],
      status: 409,
      message: /does not exist/,
    },
    {
      name: 'removing a missing property',
      ops: [{ op: 'remove', path: '/nope' }],
      status: 409,
      message: /does not exist/,
    },
    {
      name: 'a valid op before a bad one',
      ops: [
        { op: 'replace', path: '/name', value: 'half' },
        { op: 'remove', path: '/nope' },
      ],
      status: 409,
      message: /does not exist/,
    },
    {
      name: 'over the property quota',
      ops: ['p', 'q', 'r', 's'].map((k) => ({ op: 'add', path: `/${k}`, value: 'v' })),
      status: 413,
      message: /Maximum: 4/,
    },
  ];
  for (const c of bad) {
    it(`refuses ${c.name} (${c.status}) and changes nothing`, async () => {
      const before = await show();
      const body = c.raw ?? JSON.stringify(c.ops);
      const r = await h.call('alice', 'PATCH', `/v2/images/${id}`, body, {
        'content-type': c.type ?? 'application/openstack-images-v2.1-json-patch',
      });
      assert.equal(r.statusCode, c.status, r.body);
      assert.match(String(r.data.message), c.message);
      if (c.status === 415) {
        assert.equal(
          r.headers['accept-patch'],
          'application/openstack-images-v2.0-json-patch, application/openstack-images-v2.1-json-patch',
        );
      }
      assert.deepEqual(await show(), before);
    });
  }

  it('refuses a reader, and lets an admin move an image to another owner', async () => {
    const denied = await h.patch('aliceReader', id, [{ op: 'replace', path: '/name', value: 'r' }]);
    assert.equal(denied.statusCode, 403);
    const moved = await h.patch('admin', id, [{ op: 'replace', path: '/owner', value: 'p-carol' }]);
    assert.equal(moved.statusCode, 200);
    assert.equal(moved.data.owner, 'p-carol');
    assert.equal((await h.call('carol', 'GET', `/v2/images/${id}`)).statusCode, 200);
  });

  it('changes formats only while the image is queued', async () => {
    const image = await h.create('alice');
    assert.equal((await h.upload('alice', String(image.id), Buffer.from('data'))).statusCode, 204);
    const r = await h.patch('alice', String(image.id), [{ op: 'replace', path: '/disk_format', value: 'qcow2' }]);
    assert.equal(r.statusCode, 403);
    assert.match(String(r.data.message), /Attribute disk_format can be only replaced for a queued image/);
  });
});
