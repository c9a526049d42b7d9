import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { Unauthorized } from '@nubo/core';
import { decrypt, encrypt, generateKey, isFernetKey } from './fernet.js';

const PYTHON = '/usr/bin/python3';
const pythonSkip =
  spawnSync(PYTHON, ['-c', 'import cryptography, msgpack'], { encoding: 'utf8' }).status === 0
    ? false
    : `${PYTHON} cannot import cryptography and msgpack (Debian: apt-get install python3-cryptography python3-msgpack)`;

/** Runs `script` in Python with `input` as JSON on stdin and returns what it prints, trimmed. */
function python(script: string, input: unknown): string {
  const run = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(input), encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.trim();
}

const key = generateKey();
const hello = new TextEncoder().encode('hello');

test('a token round-trips, unpadded, with its timestamp in whole seconds', () => {
  const now = new Date('2026-11-23T19:18:20.750Z');
  const token = encrypt(hello, key, now);
  assert.match(token, /^[A-Za-z0-9_-]+$/);
  const { plaintext, timestamp } = decrypt(token, [key]);
  assert.deepEqual(Buffer.from(plaintext), Buffer.from(hello));
  assert.equal(timestamp.toISOString(), '2026-11-23T19:18:20.000Z');
});

test('a token with its padding restored decrypts too', () => {
  const token = encrypt(hello, key);
  assert.notEqual(token.length % 4, 0);
  const padded = token + '='.repeat(4 - (token.length % 4));
  assert.deepEqual(Buffer.from(decrypt(padded, [key]).plaintext), Buffer.from(hello));
});

test('plaintexts of zero and of whole blocks get a full block of padding and round-trip', () => {
  for (const length of [0, 15, 16, 32, 100]) {
    const plaintext = Uint8Array.from({ length }, (_, i) => i);
    assert.deepEqual(Buffer.from(decrypt(encrypt(plaintext, key), [key]).plaintext), Buffer.from(plaintext));
  }
});

test('decrypts the Fernet spec test vector', () => {
  // https://github.com/fernet/spec/blob/master/verify.json
  const token = 'gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==';
  const { plaintext, timestamp } = decrypt(token, ['cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=']);
  assert.equal(Buffer.from(plaintext).toString(), 'hello');
  assert.equal(timestamp.toISOString(), '1985-10-26T08:20:00.000Z');
});

test('tries every key, in order, and uses the one that signed the token', () => {
  const [primary, secondary, staged] = [generateKey(), generateKey(), generateKey()];
  for (const signer of [primary, secondary, staged]) {
    const token = encrypt(hello, signer);
    assert.deepEqual(Buffer.from(decrypt(token, [primary, secondary, staged]).plaintext), Buffer.from(hello));
  }
});

test('a token signed with another key is Unauthorized', () => {
  const token = encrypt(hello, generateKey());
  assert.throws(() => decrypt(token, [key]), Unauthorized);
  assert.throws(() => decrypt(token, []), Unauthorized);
});

test('a tampered token is Unauthorized, wherever the change is', () => {
  const bytes = Buffer.from(encrypt(hello, key), 'base64url');
  for (const offset of [0, 1, 8, 9, 30, bytes.length - 33, bytes.length - 1]) {
    const tampered = Buffer.from(bytes);
    tampered[offset] = (tampered[offset] ?? 0) ^ 0x01;
    assert.throws(() => decrypt(tampered.toString('base64url'), [key]), Unauthorized, `byte ${offset}`);
  }
});

test('a truncated or extended token is Unauthorized', () => {
  const token = encrypt(hello, key);
  for (const cut of [1, 2, 22, 43, token.length - 10]) {
    assert.throws(() => decrypt(token.slice(0, -cut), [key]), Unauthorized, `cut ${cut}`);
  }
  assert.throws(() => decrypt(`${token}AAAA`, [key]), Unauthorized);
  assert.throws(() => decrypt(`${token}AAAAAAAAAAAAAAAAAAAAAA`, [key]), Unauthorized);
});

test('garbage is Unauthorized', () => {
  for (const garbage of ['', 'x', 'not a token', 'gAAAAA', '====', 'a+b/c', 'A'.repeat(100), 'A'.repeat(10_000)]) {
    assert.throws(() => decrypt(garbage, [key]), Unauthorized, JSON.stringify(garbage.slice(0, 20)));
  }
});

test('keys are 44 characters of URL-safe base64, as Fernet.generate_key() makes them', () => {
  const generated = generateKey();
  assert.match(generated, /^[A-Za-z0-9_-]{43}=$/);
  assert.equal(Buffer.from(generated, 'base64url').length, 32);
  assert.ok(isFernetKey(generated));
  assert.ok(isFernetKey(generated.slice(0, -1)));
  assert.ok(!isFernetKey('c2hvcnQ='));
  assert.throws(() => encrypt(hello, 'c2hvcnQ='), /32 bytes/);
});

test('Python cryptography decrypts our token once its padding is restored', { skip: pythonSkip }, () => {
  const now = new Date('2026-11-23T19:18:20Z');
  const plaintext = Uint8Array.from({ length: 70 }, (_, i) => (i * 37) % 256);
  const token = encrypt(plaintext, key, now);
  const out = python(
    `
import json, sys
from cryptography.fernet import Fernet
args = json.load(sys.stdin)
token = args['token'] + '=' * (-len(args['token']) % 4)
f = Fernet(args['key'].encode())
print(json.dumps([f.decrypt(token.encode()).hex(), f.extract_timestamp(token.encode())]))
`,
    { token, key },
  );
  assert.deepEqual(JSON.parse(out), [Buffer.from(plaintext).toString('hex'), now.getTime() / 1000]);
});

test('we decrypt a token Python cryptography made, with its padding stripped as Keystone does', {
  skip: pythonSkip,
}, () => {
  const out = python(
    `
import json, sys
from cryptography.fernet import Fernet
args = json.load(sys.stdin)
token = Fernet(args['key'].encode()).encrypt_at_time(bytes.fromhex(args['plaintext']), 1795461500)
print(token.rstrip(b'=').decode())
`,
    { key, plaintext: '00ff10' },
  );
  const { plaintext, timestamp } = decrypt(out, [generateKey(), key]);
  assert.equal(Buffer.from(plaintext).toString('hex'), '00ff10');
  assert.equal(timestamp.getTime(), 1795461500_000);
});
