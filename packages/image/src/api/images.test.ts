// /v2/images: create, show, update, delete, with Glance's answers to bad input and to other projects.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Harness, type Persona, startHarness } from '../../test/harness.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('images', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ config: { imagePropertyQuota: 5, imageTagQuota: 3 } });
  });
  after(() => h.close());

  /** Every image the admin can list (all of them), to show that a refused request changed nothing. */
  async function everything(): Promise<unknown> {
    const r = await h.call('admin', 'GET', '/v2/images?visibility=all&limit=1000&member_status=all');
    const hidden = await h.call('admin', 'GET', '/v2/images?visibility=all&limit=1000&os_hidden=true');
    return [r.data.images, hidden.data.images];
  }

  it('creates a queued image with Glance defaults and shows it', async () => {
    const r = await h.call('alice', 'POST', '/v2/images', {
      name: 'cirros',
      disk_format: 'qcow2',
      container_format: 'bare',
      os_distro: 'cirros',
      tags: ['b', 'a', 'b'],
    });
    assert.equal(r.statusCode, 201, r.body);
    const image = r.data;
    assert.match(String(image.id), UUID);
    assert.equal(r.headers.location, `http://127.0.0.1:5000/image/v2/images/${image.id}`);
    assert.equal(r.headers['openstack-image-store-ids'], 'file');
    assert.equal(r.headers['openstack-image-import-methods'], undefined, 'no import method is enabled');
    assert.deepEqual(
      { ...image, id: undefined, created_at: undefined, updated_at: undefined },
      {
        id: undefined,
        created_at: undefined,
        updated_at: undefined,
        name: 'cirros',
        disk_format: 'qcow2',
        container_format: 'bare',
        visibility: 'shared',
        size: null,
        virtual_size: null,
        status: 'queued',
        checksum: null,
        protected: false,
        min_ram: 0,
        min_disk: 0,
        owner: 'p-alice',
        os_hidden: false,
        os_hash_algo: null,
        os_hash_value: null,
        os_distro: 'cirros',
        tags: ['a', 'b'],
        self: `/v2/images/${image.id}`,
        file: `/v2/images/${image.id}/file`,
        schema: '/v2/schemas/image',
      },
    );
    assert.match(String(image.created_at), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const shown = await h.call('aliceReader', 'GET', `/v2/images/${image.id}`);
    assert.equal(shown.statusCode, 200);
    assert.deepEqual(shown.data, image);
  });

  it('creates with a chosen id, once', async () => {
    const id = 'b2173dd3-7ad6-4362-baa6-a68bce3565cb';
    const r = await h.call('alice', 'POST', '/v2/images', { id, name: 'fixed' });
    assert.equal(r.statusCode, 201);
    assert.equal(r.data.id, id);
    const again = await h.call('bob', 'POST', '/v2/images', { id, name: 'again' });
    assert.equal(again.statusCode, 409);
    assert.equal(again.data.code, '409 Conflict');
    // The id stays taken after a delete, as Glance keeps deleted rows.
    assert.equal((await h.call('alice', 'DELETE', `/v2/images/${id}`)).statusCode, 204);
    assert.equal((await h.call('alice', 'POST', '/v2/images', { id })).statusCode, 409);
  });

  const badCreates: { name: string; as?: Persona; body: unknown; raw?: string; status: number; message: RegExp }[] = [
    { name: 'no body', body: undefined, status: 400, message: /Body expected in request/ },
    { name: 'malformed JSON', body: undefined, raw: '{"name":', status: 400, message: /Malformed JSON/ },
    { name: 'a list', body: [], status: 400, message: /is not of type 'object'/ },
    { name: 'name not a string', body: { name: 5 }, status: 400, message: /5 is not of type 'null', 'string'/ },
    { name: 'name too long', body: { name: 'x'.repeat(256) }, status: 400, message: /is too long/ },
    { name: 'unknown visibility', body: { visibility: 'world' }, status: 400, message: /'world' is not one of/ },
    { name: 'unknown disk format', body: { disk_format: 'floppy' }, status: 400, message: /'floppy' is not one of/ },
    { name: 'container format', body: { container_format: 'zip' }, status: 400, message: /'zip' is not one of/ },
    { name: 'min_ram a string', body: { min_ram: '512' }, status: 400, message: /'512' is not of type 'integer'/ },
    { name: 'min_disk a float', body: { min_disk: 1.5 }, status: 400, message: /1.5 is not of type 'integer'/ },
    { name: 'negative min_disk', body: { min_disk: -1 }, status: 400, message: /Cannot be a negative value/ },
    { name: 'protected a string', body: { protected: 'yes' }, status: 400, message: /is not of type 'boolean'/ },
    { name: 'os_hidden a number', body: { os_hidden: 1 }, status: 400, message: /is not of type 'boolean'/ },
    { name: 'tags not a list', body: { tags: 'a' }, status: 400, message: /'a' is not of type 'array'/ },
    { name: 'a tag not a string', body: { tags: ['a', 7] }, status: 400, message: /7 is not of type 'string'/ },
    { name: 'id not a UUID', body: { id: 'abc' }, status: 400, message: /'abc' does not match/ },
    { name: 'custom value a number', body: { foo: 1 }, status: 400, message: /1 is not of type 'string'/ },
    { name: 'custom value an object', body: { foo: { a: 1 } }, status: 400, message: /is not of type 'string'/ },
    { name: 'custom key too long', body: { ['k'.repeat(256)]: 'v' }, status: 400, message: /255 characters/ },
    { name: 'kernel_id not a UUID', body: { kernel_id: 'k' }, status: 400, message: /does not match/ },
    { name: 'read-only status', body: { status: 'active' }, status: 403, message: /Attribute 'status' is read-only/ },
    { name: 'read-only size', body: { size: 5 }, status: 403, message: /Attribute 'size' is read-only/ },
    { name: 'read-only checksum', body: { checksum: 'x' }, status: 403, message: /'checksum' is read-only/ },
    { name: 'disallowed self', body: { self: '/x' }, status: 403, message: /Attribute 'self' is read-only/ },
    { name: 'disallowed file', body: { file: '/x' }, status: 403, message: /Attribute 'file' is read-only/ },
    { name: 'reserved deleted', body: { deleted: 'x' }, status: 403, message: /Attribute 'deleted' is reserved/ },
    { name: 'reserved os_glance_', body: { os_glance_x: 'x' }, status: 403, message: /'os_glance_x' is reserved/ },
    { name: 'locations', body: { locations: [] }, status: 403, message: /'locations' is reserved/ },
    { name: 'another owner', body: { owner: 'p-bob' }, status: 403, message: /create images owned by 'p-bob'/ },
    { name: 'public by a member', body: { visibility: 'public' }, status: 403, message: /publicize_image/ },
    { name: 'by a reader', as: 'aliceReader', body: { name: 'r' }, status: 403, message: /add_image/ },
    {
      name: 'over the property quota',
      body: { a: '1', b: '2', c: '3', d: '4', e: '5', f: '6' },
      status: 413,
      message: /allowed image properties. Attempted: 6, Maximum: 5/,
    },
    { name: 'over the tag quota', body: { tags: ['1', '2', '3', '4'] }, status: 413, message: /image tags/ },
  ];
  for (const c of badCreates) {
    it(`refuses a create with ${c.name} (${c.status}) and creates nothing`, async () => {
      const before = await everything();
      const r =
        c.raw !== undefined
          ? await h.call(c.as ?? 'alice', 'POST', '/v2/images', c.raw, { 'content-type': 'application/json' })
          : await h.call(c.as ?? 'alice', 'POST', '/v2/images', c.body);
      assert.equal(r.statusCode, c.status, r.body);
      assert.match(String(r.data.message), c.message);
      assert.equal(r.data.code, `${c.status} ${r.data.title}`);
      assert.deepEqual(await everything(), before);
    });
  }

  it('lets an admin create public images and images for another project', async () => {
    const pub = await h.call('admin', 'POST', '/v2/images', { name: 'pub', visibility: 'public' });
    assert.equal(pub.statusCode, 201);
    const forBob = await h.call('admin', 'POST', '/v2/images', { name: 'bobs', owner: 'p-bob' });
    assert.equal(forBob.statusCode, 201);
    assert.equal(forBob.data.owner, 'p-bob');
    assert.equal((await h.call('bob', 'GET', `/v2/images/${forBob.data.id}`)).statusCode, 200);
  });

  it("hides other projects' private and shared images behind a 404, and shows public and community ones", async () => {
    const priv = await h.create('alice', { name: 'priv', visibility: 'private' });
    const shared = await h.create('alice', { name: 'sh' });
    const community = await h.create('alice', { name: 'comm', visibility: 'community' });
    for (const id of [priv.id, shared.id]) {
      for (const [method, path] of [
        ['GET', `/v2/images/${id}`],
        ['DELETE', `/v2/images/${id}`],
        ['GET', `/v2/images/${id}/file`],
        ['POST', `/v2/images/${id}/actions/deactivate`],
        ['PUT', `/v2/images/${id}/tags/x`],
      ] as const) {
        const r = await h.call('bob', method, path);
        assert.equal(r.statusCode, 404, `${method} ${path}: ${r.body}`);
      }
      const patched = await h.patch('bob', String(id), [{ op: 'replace', path: '/name', value: 'stolen' }]);
      assert.equal(patched.statusCode, 404);
    }
    assert.equal((await h.call('alice', 'GET', `/v2/images/${priv.id}`)).data.name, 'priv', 'unchanged');
    const seen = await h.call('bob', 'GET', `/v2/images/${community.id}`);
    assert.equal(seen.statusCode, 200);
    // Visible but not bob's: changing it is a 403, not a 404.
    const denied = await h.patch('bob', String(community.id), [{ op: 'replace', path: '/name', value: 'x' }]);
    assert.equal(denied.statusCode, 403);
    assert.match(String(denied.data.message), /modify_image/);
    assert.equal((await h.call('bob', 'DELETE', `/v2/images/${community.id}`)).statusCode, 403);
    assert.equal((await h.call('admin', 'GET', `/v2/images/${priv.id}`)).statusCode, 200, 'admins see all');
  });

  it('answers 404 for unknown and overlong ids and for unknown paths', async () => {
    for (const path of ['/v2/images/00000000-0000-4000-8000-000000000000', `/v2/images/${'a'.repeat(300)}`]) {
      const r = await h.call('alice', 'GET', path);
      assert.equal(r.statusCode, 404);
      assert.match(String(r.data.message), /No image found with ID/);
    }
    assert.equal((await h.call('alice', 'GET', '/v2/nothing')).statusCode, 404);
    // `/v2/images/` is an image with an empty id for Glance's router, not the list.
    assert.equal((await h.call('alice', 'GET', '/v2/images/')).statusCode, 404);
    assert.equal((await h.call('alice', 'DELETE', '/v2/images/')).statusCode, 404);
  });

  it('refuses a body on GET and DELETE', async () => {
    const image = await h.create('alice');
    const r = await h.call('alice', 'DELETE', `/v2/images/${image.id}`, { a: 1 });
    assert.equal(r.statusCode, 400);
    assert.match(String(r.data.message), /A body is not expected with this request/);
    assert.equal((await h.call('alice', 'GET', `/v2/images/${image.id}`)).statusCode, 200, 'still there');
  });

  it('deletes an image, refuses a protected one, and needs a token', async () => {
    const image = await h.create('alice', { name: 'keep', protected: true });
    const refused = await h.call('alice', 'DELETE', `/v2/images/${image.id}`);
    assert.equal(refused.statusCode, 403);
    assert.match(String(refused.data.message), /is protected and cannot be deleted/);
    assert.equal((await h.call('alice', 'GET', `/v2/images/${image.id}`)).data.protected, true);
    const noToken = await h.call(null, 'DELETE', `/v2/images/${image.id}`);
    assert.equal(noToken.statusCode, 401);
    assert.deepEqual(noToken.data, {
      error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' },
    });
    const unprotect = await h.patch('alice', String(image.id), [{ op: 'replace', path: '/protected', value: false }]);
    assert.equal(unprotect.statusCode, 200);
    assert.equal((await h.call('alice', 'DELETE', `/v2/images/${image.id}`)).statusCode, 204);
    assert.equal((await h.call('alice', 'GET', `/v2/images/${image.id}`)).statusCode, 404);
    assert.equal((await h.call('alice', 'DELETE', `/v2/images/${image.id}`)).statusCode, 404);
  });

  it('answers 405 with Allow for a method a path does not take', async () => {
    const r = await h.call('alice', 'PUT', '/v2/images');
    assert.equal(r.statusCode, 405);
    assert.equal(r.headers.allow, 'GET, POST');
    const s = await h.call('alice', 'POST', '/v2/schemas/image');
    assert.equal(s.statusCode, 405);
    assert.equal(s.headers.allow, 'GET');
  });
});
