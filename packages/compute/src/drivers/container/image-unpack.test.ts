// Image data the container driver unpacks or refuses (no root needed: plain tar work in a temp folder).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { userDataOf } from './guest-files.js';
import { sniff, UnbootableImage, unpackImage } from './image-unpack.js';

const dir = mkdtempSync(join(tmpdir(), 'nubo-unpack-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A tar of the files given (path → text) made in a scratch folder. */
function tarOf(name: string, files: Record<string, string>, gzip = false): Buffer {
  const src = join(dir, `src-${name}`);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(src, path, '..'), { recursive: true });
    writeFileSync(join(src, path), text);
  }
  return execFileSync('tar', ['-C', src, gzip ? '-czf' : '-cf', '-', '.']);
}

test('sniff tells archives from disk images', () => {
  assert.equal(sniff(tarOf('s1', { 'bin/sh': 'x' })), 'tar');
  assert.equal(sniff(tarOf('s2', { 'bin/sh': 'x' }, true)), 'gzip');
  assert.equal(sniff(Buffer.concat([Buffer.from('QFI\xfb', 'latin1'), Buffer.alloc(600)])), 'qcow2');
  assert.equal(sniff(Buffer.alloc(600)), 'unknown');
});

test('a bare gzip tarball unpacks as the root', async () => {
  const dest = join(dir, 'root1');
  mkdirSync(dest);
  const data = tarOf('r1', { 'bin/sh': '#!', 'etc/os-release': 'ID=t\n' }, true);
  const runtime = await unpackImage({ containerFormat: 'bare', diskFormat: 'raw', data }, dest, join(dir, 'w1'));
  assert.deepEqual(runtime, { cmd: null, env: [] });
  assert.equal(readFileSync(join(dest, 'etc/os-release'), 'utf8'), 'ID=t\n');
});

test('an OCI image layout applies its layers, opaque dirs and whiteouts, and keeps Env and Cmd', async () => {
  const l1 = tarOf('l1', { 'bin/sh': '#!', 'etc/a': 'a', 'opt/x/old': 'old' });
  const l2 = tarOf('l2', { 'etc/.wh.a': '', 'opt/x/.wh..wh..opq': '', 'opt/x/new': 'new' });
  const blobs: Record<string, Buffer> = {};
  const put = (data: Buffer) => {
    const digest = `sha256:${execFileSync('sha256sum', { input: data }).toString().split(' ')[0]}`;
    blobs[digest] = data;
    return digest;
  };
  const config = put(Buffer.from(JSON.stringify({ config: { Env: ['PATH=/x', 'A=1'], Cmd: ['/app', 'run it'] } })));
  const manifest = put(
    Buffer.from(JSON.stringify({ config: { digest: config }, layers: [{ digest: put(l1) }, { digest: put(l2) }] })),
  );
  const files: Record<string, string> = { 'index.json': JSON.stringify({ manifests: [{ digest: manifest }] }) };
  const src = join(dir, 'src-oci');
  for (const [digest, data] of Object.entries(blobs)) {
    mkdirSync(join(src, 'blobs', 'sha256'), { recursive: true });
    writeFileSync(join(src, 'blobs', ...digest.split(':')), data);
  }
  writeFileSync(join(src, 'index.json'), files['index.json']!);
  const archive = execFileSync('tar', ['-C', src, '-cf', '-', '.']);
  const dest = join(dir, 'root2');
  mkdirSync(dest);
  const runtime = await unpackImage(
    { containerFormat: 'docker', diskFormat: 'raw', data: archive },
    dest,
    join(dir, 'w2'),
  );
  assert.deepEqual(runtime, { cmd: `'/app' 'run it'`, env: ['A=1'] });
  assert.ok(!existsSync(join(dest, 'etc/a')) && !existsSync(join(dest, 'etc/.wh.a')));
  assert.ok(!existsSync(join(dest, 'opt/x/old')));
  assert.equal(readFileSync(join(dest, 'opt/x/new'), 'utf8'), 'new');
});

test('disk images and unknown container formats are refused as unbootable', async () => {
  const qcow2 = Buffer.concat([Buffer.from('QFI\xfb', 'latin1'), Buffer.alloc(600)]);
  for (const image of [
    { containerFormat: 'bare', diskFormat: 'qcow2', data: qcow2 },
    { containerFormat: 'bare', diskFormat: 'raw', data: Buffer.alloc(4096) },
    { containerFormat: 'aki', diskFormat: 'aki', data: Buffer.alloc(10) },
  ]) {
    await assert.rejects(unpackImage(image, join(dir, 'never'), join(dir, 'w3')), (err) => {
      assert.ok(err instanceof UnbootableImage);
      assert.match(err.message, /container compute driver cannot boot/);
      return true;
    });
  }
});

test('user_data is decoded from base64 as Nova keeps it', () => {
  assert.equal(userDataOf(Buffer.from('#!/bin/sh\necho hi\n').toString('base64'))?.toString(), '#!/bin/sh\necho hi\n');
  assert.equal(userDataOf(null), null);
});
