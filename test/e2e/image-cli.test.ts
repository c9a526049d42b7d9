// Glance v2 through the real `openstack` CLI: upload and download a 1 MiB image, properties, tags, protection,
// deletion, sharing across projects with member acceptance, and project isolation.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type NuboServer, startNubo } from './lib/nubo-server.js';
import { asCloud, type OpenstackAs } from './lib/openstack-as.js';

type Row = Record<string, unknown>;
const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');

// The cases share no images, so two run at a time: each CLI call is ~1 s of Python start-up on one core.
describe('image through the openstack CLI', { concurrency: 2 }, () => {
  let server: NuboServer;
  let admin: OpenstackAs;
  let demo: OpenstackAs;
  let file: string;
  let small: string;
  let data: Buffer;

  before(async () => {
    server = await startNubo();
    admin = asCloud(server, 'nubo-admin');
    demo = asCloud(server, 'nubo-demo');
    data = randomBytes(1024 * 1024);
    file = join(server.dataDir, 'random.img');
    writeFileSync(file, data);
    small = join(server.dataDir, 'small.img');
    writeFileSync(small, 'a few bytes of image');
  });
  after(async () => {
    await server?.stop();
  });

  it('uploads a 1 MiB image and downloads the same bytes', async () => {
    await admin.json([
      ...['image', 'create', '--file', file, '--disk-format', 'raw', '--container-format', 'bare'],
      'e2e-upload',
    ]);
    const shown = await admin.json(['image', 'show', 'e2e-upload']);
    assert.equal(shown.status, 'active');
    assert.equal(shown.size, data.length);
    assert.equal(shown.checksum, md5(data));
    assert.equal(shown.disk_format, 'raw');
    assert.equal(shown.container_format, 'bare');
    const properties = shown.properties as Row;
    assert.equal(properties.os_hash_algo, 'sha512');
    assert.equal(properties.os_hash_value, createHash('sha512').update(data).digest('hex'));
    const saved = join(server.dataDir, 'saved.img');
    await admin.ok(['image', 'save', '--file', saved, 'e2e-upload']);
    const back = readFileSync(saved);
    assert.equal(back.length, data.length);
    assert.equal(md5(back), md5(data));
    assert.ok(back.equals(data), 'the downloaded bytes are the uploaded bytes');
  });

  it('lists, shows, sets and unsets properties, tags and protection; refuses to delete a protected image', async () => {
    // Every create names a file: without one, the CLI reads the image data from its standard input.
    const created = await admin.json([
      ...['image', 'create', '--file', small, '--disk-format', 'qcow2', '--container-format', 'bare'],
      'e2e-meta',
    ]);
    const id = String(created.id);
    const listed = await admin.json<Row[]>(['image', 'list']);
    assert.deepEqual(
      listed.find((r) => r.ID === id),
      { ID: id, Name: 'e2e-meta', Status: 'active' },
    );
    await admin.ok([
      ...['image', 'set', '--property', 'os_distro=cirros', '--property', 'color=blue'],
      ...['--tag', 'alpha', '--tag', 'beta', '--protected', '--min-ram', '256', 'e2e-meta'],
    ]);
    const set = await admin.json(['image', 'show', id]);
    assert.equal((set.properties as Row).color, 'blue');
    assert.equal((set.properties as Row).os_distro, 'cirros');
    assert.deepEqual([...(set.tags as string[])].sort(), ['alpha', 'beta']);
    assert.equal(set.protected, true);
    assert.equal(set.min_ram, 256);
    const tagged = await admin.json<Row[]>(['image', 'list', '--tag', 'alpha']);
    assert.deepEqual(
      tagged.map((r) => r.ID),
      [id],
    );

    const refused = await admin.run(['image', 'delete', id]);
    assert.notEqual(refused.code, 0, 'a protected image is not deleted');
    assert.match(refused.stderr, /403.*is protected and cannot be deleted/s);
    assert.equal((await admin.json(['image', 'show', id])).id, id);

    await admin.ok(['image', 'unset', '--property', 'color', '--tag', 'alpha', id]);
    const unset = await admin.json(['image', 'show', id]);
    assert.equal('color' in (unset.properties as Row), false);
    assert.deepEqual(unset.tags, ['beta']);
    await admin.ok(['image', 'set', '--unprotected', id]);
    await admin.ok(['image', 'delete', id]);
    const gone = await admin.run(['image', 'show', id]);
    assert.notEqual(gone.code, 0);
    assert.match(gone.stderr, /No Image found|404/);
  });

  it('shares an image with the demo project, which sees it once it accepts', async () => {
    const image = await admin.json([
      ...['image', 'create', '--file', file, '--disk-format', 'raw', '--container-format', 'bare'],
      ...['--shared', 'e2e-shared'],
    ]);
    const id = String(image.id);
    const demoProject = await admin.json(['project', 'show', 'demo']);
    const member = await admin.json(['image', 'add', 'project', id, 'demo']);
    assert.equal(member.status, 'pending');
    assert.equal(member.member_id, demoProject.id);
    const before = await demo.json<Row[]>(['image', 'list']);
    assert.equal(
      before.some((r) => r.ID === id),
      false,
      'a pending share is not listed',
    );

    await demo.ok(['image', 'set', '--accept', id]);
    const after = await demo.json<Row[]>(['image', 'list']);
    assert.deepEqual(
      after.find((r) => r.ID === id),
      { ID: id, Name: 'e2e-shared', Status: 'active' },
    );
    const members = await admin.json<Row[]>(['image', 'member', 'list', id]);
    assert.deepEqual(
      members.map((m) => m.Status),
      ['accepted'],
    );
    const saved = join(server.dataDir, 'demo-saved.img');
    await demo.ok(['image', 'save', '--file', saved, id]);
    assert.equal(md5(readFileSync(saved)), md5(data));

    // A member may use the image but not change or delete it.
    const change = await demo.run(['image', 'set', '--name', 'hijacked', id]);
    assert.notEqual(change.code, 0);
    assert.match(change.stderr, /403/);
    const del = await demo.run(['image', 'delete', id]);
    assert.notEqual(del.code, 0);
    assert.equal((await admin.json(['image', 'show', id])).name, 'e2e-shared');

    await admin.ok(['image', 'remove', 'project', id, 'demo']);
    const removed = await demo.run(['image', 'show', id]);
    assert.notEqual(removed.code, 0, 'no longer a member, no longer visible');
  });

  it("keeps admin's private image invisible to demo", async () => {
    const image = await admin.json([
      ...['image', 'create', '--private', '--file', small, '--disk-format', 'raw', '--container-format', 'bare'],
      'e2e-private',
    ]);
    const id = String(image.id);
    const listed = await demo.json<Row[]>(['image', 'list']);
    assert.equal(
      listed.some((r) => r.ID === id),
      false,
    );
    for (const args of [
      ['image', 'show', id],
      ['image', 'delete', id],
      ['image', 'set', '--name', 'x', id],
    ]) {
      const r = await demo.run(args);
      assert.notEqual(r.code, 0, args.join(' '));
      assert.match(r.stderr, /No Image found|404/, args.join(' '));
    }
    assert.equal((await admin.json(['image', 'show', id])).name, 'e2e-private');
  });
});
