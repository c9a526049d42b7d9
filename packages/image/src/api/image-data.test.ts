// PUT/GET /v2/images/{id}/file: streamed upload with checksums and status changes, download with ranges, refusals.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Harness, startHarness } from '../../test/harness.js';

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
const sha512 = (b: Buffer) => createHash('sha512').update(b).digest('hex');

describe('image data', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ config: { imageSizeTotalQuotaBytes: 8 * 1024 * 1024 } });
  });
  after(() => h.close());

  const storeFiles = () => readdirSync(join(h.dataDir, 'images'));
  const show = async (id: unknown) => (await h.call('admin', 'GET', `/v2/images/${id}`)).data;

  it('uploads: queued → active with size, md5 checksum, sha512 hash; downloads the same bytes', async () => {
    const data = randomBytes(1024 * 1024 + 3);
    const image = await h.create('alice');
    const up = await h.upload('alice', String(image.id), data);
    assert.equal(up.statusCode, 204, up.body);
    const shown = await show(image.id);
    assert.equal(shown.status, 'active');
    assert.equal(shown.size, data.length);
    assert.equal(shown.virtual_size, data.length, 'a raw image is its own virtual size');
    assert.equal(shown.checksum, md5(data));
    assert.equal(shown.os_hash_algo, 'sha512');
    assert.equal(shown.os_hash_value, sha512(data));
    assert.equal(shown.stores, 'file');
    const down = await h.call('alice', 'GET', `/v2/images/${image.id}/file`);
    assert.equal(down.statusCode, 200);
    assert.equal(down.headers['content-type'], 'application/octet-stream');
    assert.equal(down.headers['content-md5'], md5(data));
    assert.equal(down.headers['content-length'], String(data.length));
    assert.deepEqual(down.rawPayload, data);
  });

  it('hashes a chunked upload of uneven pieces across several 1 MiB hashing slabs exactly', async () => {
    const pieces = [1, 65535, 1024 * 1024, 7, 1024 * 1024 - 8, 2 * 1024 * 1024 + 12345].map((n) => randomBytes(n));
    const data = Buffer.concat(pieces);
    const image = await h.create('alice');
    const stream = new PassThrough();
    const pending = h.upload('alice', String(image.id), stream, { 'transfer-encoding': 'chunked' });
    for (const piece of pieces) stream.write(piece);
    stream.end();
    const up = await pending;
    assert.equal(up.statusCode, 204, up.body);
    const shown = await show(image.id);
    assert.equal(shown.status, 'active');
    assert.equal(shown.size, data.length);
    assert.equal(shown.checksum, md5(data));
    assert.equal(shown.os_hash_value, sha512(data));
    assert.equal((await h.call('alice', 'DELETE', `/v2/images/${image.id}`)).statusCode, 204);
  });

  it('serves ranges (206), suffix ranges, and 416 past the end', async () => {
    const data = Buffer.from('0123456789abcdefghij');
    const image = await h.create('alice');
    await h.upload('alice', String(image.id), data);
    const cases: [string, number, string, string | undefined][] = [
      ['bytes=0-4', 206, '01234', 'bytes 0-4/20'],
      ['bytes=15-', 206, 'fghij', 'bytes 15-19/20'],
      ['bytes=-3', 206, 'hij', 'bytes 17-19/20'],
      ['bytes=18-100', 206, 'ij', 'bytes 18-19/20'],
      ['items=0-1', 200, data.toString(), undefined],
    ];
    for (const [range, status, body, contentRange] of cases) {
      const r = await h.call('alice', 'GET', `/v2/images/${image.id}/file`, undefined, { range });
      assert.equal(r.statusCode, status, range);
      assert.equal(r.body, body, range);
      assert.equal(r.headers['content-range'], contentRange, range);
      assert.equal(r.headers['content-length'], String(body.length));
    }
    const beyond = await h.call('alice', 'GET', `/v2/images/${image.id}/file`, undefined, { range: 'bytes=20-' });
    assert.equal(beyond.statusCode, 416);
    assert.equal(beyond.headers['content-range'], 'bytes */20');
  });

  it('answers 204 for an image without data', async () => {
    const image = await h.create('alice');
    const r = await h.call('alice', 'GET', `/v2/images/${image.id}/file`);
    assert.equal(r.statusCode, 204);
    assert.equal(r.body, '');
  });

  it('reads the virtual size from a qcow2 header', async () => {
    const header = Buffer.alloc(512);
    header.writeUInt32BE(0x514649fb, 0);
    header.writeUInt32BE(3, 4);
    header.writeBigUInt64BE(10n * 1024n ** 3n, 24);
    const image = await h.create('alice', { disk_format: 'qcow2', container_format: 'bare' });
    await h.upload('alice', String(image.id), header);
    assert.equal((await show(image.id)).virtual_size, 10 * 1024 ** 3);
  });

  it('refuses uploading to an active image (409) and keeps its data', async () => {
    const data = Buffer.from('original');
    const image = await h.create('alice');
    await h.upload('alice', String(image.id), data);
    const before = await show(image.id);
    const r = await h.upload('alice', String(image.id), Buffer.from('replacement'));
    assert.equal(r.statusCode, 409);
    assert.match(String(r.data.message), /Image status transition from active to saving is not allowed/);
    assert.deepEqual(await show(image.id), before);
    assert.equal((await h.call('alice', 'GET', `/v2/images/${image.id}/file`)).body, 'original');
  });

  const bad: {
    name: string;
    body?: Record<string, unknown>;
    headers: Record<string, string>;
    status: number;
    message: RegExp;
  }[] = [
    {
      name: 'a JSON content type',
      headers: { 'content-type': 'application/json' },
      status: 415,
      message: /Invalid content type/,
    },
    { name: 'a text content type', headers: { 'content-type': 'text/plain' }, status: 415, message: /./ },
    {
      name: 'an unknown store',
      headers: { 'x-image-meta-store': 'ceph' },
      status: 400,
      message: /Unknown scheme 'ceph'/,
    },
    {
      name: 'a bad size header',
      headers: { 'x-openstack-image-size': 'big' },
      status: 400,
      message: /Invalid or missing image size/,
    },
    {
      name: 'a wrong size header',
      headers: { 'x-openstack-image-size': '3' },
      status: 400,
      message: /does not match x-openstack-image-size/,
    },
    {
      name: 'a size over the quota',
      headers: { 'x-openstack-image-size': String(9 * 1024 * 1024) },
      status: 413,
      message: /image_size_total is over limit/,
    },
    {
      name: 'no disk format',
      body: { name: 'nf', container_format: 'bare' },
      headers: {},
      status: 400,
      message: /Property disk_format must be set prior to saving data/,
    },
    {
      name: 'no formats',
      body: { name: 'nf' },
      headers: {},
      status: 400,
      message: /Properties disk_format, container_format must be set/,
    },
  ];
  for (const c of bad) {
    it(`refuses an upload with ${c.name} (${c.status}); the image stays queued without data`, async () => {
      const image = await h.create('alice', c.body);
      const files = storeFiles();
      const r = await h.upload('alice', String(image.id), Buffer.from('some image bytes'), c.headers);
      assert.equal(r.statusCode, c.status, r.body);
      assert.match(String(r.data.message), c.message);
      const after = await show(image.id);
      assert.equal(after.status, 'queued');
      assert.equal(after.size, null);
      assert.equal(after.checksum, null);
      assert.deepEqual(storeFiles(), files);
    });
  }

  it('stops an undeclared upload that runs past the storage quota (413) and keeps nothing', async () => {
    const image = await h.create('bob');
    const files = storeFiles();
    const stream = new PassThrough();
    const pending = h.upload('bob', String(image.id), stream);
    for (let i = 0; i < 10; i++) stream.write(randomBytes(1024 * 1024));
    stream.end();
    const r = await pending;
    assert.equal(r.statusCode, 413, r.body);
    assert.match(String(r.data.message), /Image exceeds the storage quota/);
    assert.equal((await show(image.id)).status, 'queued');
    assert.deepEqual(storeFiles(), files);
  });

  it('answers 410 when the image is deleted while its data streams in', async () => {
    const image = await h.create('carol');
    const stream = new PassThrough();
    const pending = h.upload('carol', String(image.id), stream);
    stream.write(randomBytes(64 * 1024));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal((await show(image.id)).status, 'saving');
    assert.equal((await h.call('carol', 'DELETE', `/v2/images/${image.id}`)).statusCode, 204);
    stream.end(randomBytes(1024));
    const r = await pending;
    assert.equal(r.statusCode, 410, r.body);
    assert.equal(
      storeFiles().some((f) => f.startsWith(String(image.id))),
      false,
    );
  });

  it('returns the image to queued and keeps nothing when the client disconnects mid-upload', async () => {
    const image = await h.create('carol');
    const files = storeFiles();
    const address = await h.app.listen({ port: 0, host: '127.0.0.1' });
    const req = request(`${address}/image/v2/images/${image.id}/file`, {
      method: 'PUT',
      headers: { 'x-auth-token': 'carol', 'content-type': 'application/octet-stream', 'content-length': 5_000_000 },
    });
    req.on('error', () => undefined);
    req.write(randomBytes(256 * 1024));
    for (let i = 0; i < 50 && (await show(image.id)).status !== 'saving'; i++) await sleep(20);
    assert.equal((await show(image.id)).status, 'saving');
    req.destroy();
    for (let i = 0; i < 50 && (await show(image.id)).status !== 'queued'; i++) await sleep(20);
    assert.equal((await show(image.id)).status, 'queued');
    assert.deepEqual(storeFiles(), files);
    // And the upload can be retried.
    assert.equal((await h.upload('carol', String(image.id), Buffer.from('second try'))).statusCode, 204);
  });

  it("hides other projects' images (404) and refuses uploads to visible ones it does not own (403)", async () => {
    const priv = await h.create('alice', {
      name: 'p',
      visibility: 'private',
      disk_format: 'raw',
      container_format: 'bare',
    });
    const comm = await h.create('alice', {
      name: 'c',
      visibility: 'community',
      disk_format: 'raw',
      container_format: 'bare',
    });
    assert.equal((await h.upload('bob', String(priv.id), Buffer.from('x'))).statusCode, 404);
    const denied = await h.upload('bob', String(comm.id), Buffer.from('x'));
    assert.equal(denied.statusCode, 403);
    assert.match(String(denied.data.message), /upload_image/);
    assert.equal((await h.upload('aliceReader', String(priv.id), Buffer.from('x'))).statusCode, 403);
    assert.equal((await show(priv.id)).status, 'queued');
    assert.equal((await show(comm.id)).status, 'queued');
  });

  it('refuses downloads of a deactivated image to all but admins, until reactivated', async () => {
    const image = await h.create('alice', {
      name: 'd',
      visibility: 'community',
      disk_format: 'raw',
      container_format: 'bare',
    });
    await h.upload('alice', String(image.id), Buffer.from('payload'));
    assert.equal((await h.call('alice', 'POST', `/v2/images/${image.id}/actions/deactivate`)).statusCode, 204);
    for (const who of ['alice', 'bob'] as const) {
      const r = await h.call(who, 'GET', `/v2/images/${image.id}/file`);
      assert.equal(r.statusCode, 403);
      assert.match(String(r.data.message), /has been deactivated/);
    }
    assert.equal((await h.call('admin', 'GET', `/v2/images/${image.id}/file`)).body, 'payload');
    assert.equal((await h.call('alice', 'POST', `/v2/images/${image.id}/actions/reactivate`)).statusCode, 204);
    assert.equal((await h.call('bob', 'GET', `/v2/images/${image.id}/file`)).body, 'payload', 'community data');
  });

  it('frees the data and the quota when the image is deleted', async () => {
    const image = await h.create('alice');
    await h.upload('alice', String(image.id), randomBytes(1000));
    assert.ok(storeFiles().includes(String(image.id)));
    assert.equal((await h.call('alice', 'DELETE', `/v2/images/${image.id}`)).statusCode, 204);
    assert.equal(storeFiles().includes(String(image.id)), false);
  });
});
