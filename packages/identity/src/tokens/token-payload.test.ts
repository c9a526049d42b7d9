import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { encode } from '@msgpack/msgpack';
import { Unauthorized } from '@nubo/core';
import { packPayload, type TokenPayload, unpackPayload } from './token-payload.js';

const PYTHON = '/usr/bin/python3';
const pythonSkip =
  spawnSync(PYTHON, ['-c', 'import msgpack'], { encoding: 'utf8' }).status === 0
    ? false
    : `${PYTHON} cannot import msgpack (Debian: apt-get install python3-msgpack)`;

/** Runs `script` in Python with `input` as JSON on stdin and returns what it prints, trimmed. */
function python(script: string, input: unknown): string {
  const run = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(input), encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.trim();
}

const userId = '0ba2d5aa45b54bd1a2c37c1b47e8c1f3';
const projectId = '5b0c8a8bd6d94b5cbcb7c0bdb2ee3e5d';
const domainId = 'c7a1f8c6e2b44d0e9f1d0f5d9a3b6e21';
const appCredId = '9e1f2c3d4b5a69788796a5b4c3d2e1f0';
const auditIds = ['E0yqMDDlQdGXbuvfB8Ei8Q', 'wUGWSRfOTWyIEr8YJuPmrA'];
const expiresAt = new Date('2026-11-23T20:18:20.000Z');

/** One payload of each kind we issue, with UUID and non-UUID ids. */
const samples: Record<string, TokenPayload> = {
  unscoped: { userId, methods: ['password'], expiresAt, auditIds: auditIds.slice(0, 1) },
  'domain-scoped': { userId, methods: ['password'], domainId, expiresAt, auditIds },
  'default-domain-scoped': {
    userId: 'admin',
    methods: ['token', 'password'],
    domainId: 'default',
    expiresAt,
    auditIds,
  },
  'project-scoped': { userId, methods: ['password'], projectId, expiresAt, auditIds },
  'project-scoped, non-UUID ids': {
    userId: `federated-${'u'.repeat(40)}`,
    methods: ['mapped'],
    projectId: `p-${'x'.repeat(300)}`,
    expiresAt: new Date('2026-11-23T20:18:20.123Z'),
    auditIds: auditIds.slice(0, 1),
  },
  'system-scoped': { userId, methods: ['password'], system: 'all', expiresAt, auditIds: auditIds.slice(0, 1) },
  'application-credential-scoped': {
    userId,
    methods: ['application_credential'],
    projectId,
    applicationCredentialId: appCredId,
    expiresAt,
    auditIds: auditIds.slice(0, 1),
  },
};

for (const [kind, payload] of Object.entries(samples)) {
  test(`a ${kind} payload round-trips`, () => {
    assert.deepEqual(unpackPayload(packPayload(payload)), payload);
  });
}

test('payload versions are Keystone’s: 0 unscoped, 1 domain, 2 project, 8 system, 9 application credential', () => {
  const versions = Object.fromEntries(Object.entries(samples).map(([kind, p]) => [kind, packPayload(p)[1]]));
  assert.deepEqual(versions, {
    unscoped: 0,
    'domain-scoped': 1,
    'default-domain-scoped': 1,
    'project-scoped': 2,
    'project-scoped, non-UUID ids': 2,
    'system-scoped': 8,
    'application-credential-scoped': 9,
  });
});

test('UUID hex ids are packed as [true, 16 bytes], other ids as [false, string]', () => {
  const packed = Buffer.from(packPayload(samples.unscoped as TokenPayload));
  // fixarray(5), 0, fixarray(2), true, bin8(16)
  assert.equal(packed.subarray(0, 6).toString('hex'), '950092c3c410');
  assert.equal(packed.subarray(6, 22).toString('hex'), userId);
  const named = Buffer.from(packPayload({ ...(samples.unscoped as TokenPayload), userId: 'admin' }));
  assert.equal(named.subarray(0, 10).toString('hex'), `950092c2a5${Buffer.from('admin').toString('hex')}`);
});

test('methods are a bitmask over Keystone’s default [auth] methods, read back highest bit first', () => {
  const bitmask = (methods: string[]) => packPayload({ ...(samples.unscoped as TokenPayload), methods })[22];
  assert.equal(bitmask([]), 0);
  assert.equal(bitmask(['external']), 1);
  assert.equal(bitmask(['password']), 2);
  assert.equal(bitmask(['token']), 4);
  assert.equal(bitmask(['oauth1']), 8);
  assert.equal(bitmask(['mapped']), 16);
  assert.equal(bitmask(['application_credential']), 32);
  assert.equal(bitmask(['password', 'token']), 6);
  assert.equal(bitmask(['password', 'password']), 2);
  const back = unpackPayload(packPayload({ ...(samples.unscoped as TokenPayload), methods: ['password', 'token'] }));
  assert.deepEqual(back.methods, ['token', 'password']);
});

test('packing refuses payloads no token kind fits', () => {
  const base = samples.unscoped as TokenPayload;
  assert.throws(() => packPayload({ ...base, projectId, domainId }), /at most one/);
  assert.throws(() => packPayload({ ...base, projectId, system: 'all' }), /at most one/);
  assert.throws(() => packPayload({ ...base, applicationCredentialId: appCredId }), /project-scoped/);
  assert.throws(() => packPayload({ ...base, methods: ['kerberos'] }), /Unknown authentication method/);
  assert.throws(() => packPayload({ ...base, auditIds: ['not base64!'] }), /Malformed audit id/);
  assert.throws(() => packPayload({ ...base, auditIds: ['E0yqMDDlQdGXbuvfB8Ei8Q=='] }), /Malformed audit id/);
  assert.throws(() => packPayload({ ...base, expiresAt: new Date(Number.NaN) }), /valid expiry/);
});

test('payload versions we do not issue (trust, federated, OAuth) are Unauthorized', () => {
  const uid = [true, Buffer.from(userId, 'hex')];
  const audit = [Buffer.from(auditIds[0] as string, 'base64url')];
  for (const version of [3, 4, 5, 6, 7, 10, 11, -1, 'x']) {
    const bytes = encode([version, uid, 2, [true, Buffer.from(projectId, 'hex')], 1795461500.0, audit]);
    assert.throws(() => unpackPayload(bytes), /unknown token payload version/, String(version));
  }
});

test('malformed payloads are Unauthorized', () => {
  const uid = [true, Buffer.from(userId, 'hex')];
  const audit = [Buffer.from(auditIds[0] as string, 'base64url')];
  const malformed: Record<string, Uint8Array> = {
    'not msgpack': Buffer.from([0xc1]),
    empty: new Uint8Array(0),
    'trailing bytes': Buffer.concat([encode([0, uid, 2, 1795461500.5, audit]), Buffer.from([0])]),
    'not a list': encode({ version: 0 }),
    'too short': encode([0, uid, 2, 1795461500.5]),
    'too long': encode([0, uid, 2, 1795461500.5, audit, null]),
    'user id not a pair': encode([0, userId, 2, 1795461500.5, audit]),
    'UUID flag on a string': encode([0, [true, userId], 2, 1795461500.5, audit]),
    'UUID of 15 bytes': encode([0, [true, Buffer.alloc(15)], 2, 1795461500.5, audit]),
    'unknown method bit': encode([0, uid, 64, 1795461500.5, audit]),
    'negative methods': encode([0, uid, -1, 1795461500.5, audit]),
    'expiry not a number': encode([0, uid, 2, '2026-11-23T20:18:20Z', audit]),
    'audit ids not a list': encode([0, uid, 2, 1795461500.5, 'E0yqMDDlQdGXbuvfB8Ei8Q']),
    'audit id as text': encode([0, uid, 2, 1795461500.5, ['E0yqMDDlQdGXbuvfB8Ei8Q']]),
    'system other than all': encode([8, uid, 2, 'some', 1795461500.5, audit]),
    'domain id as a pair': encode([1, uid, 2, [false, 'default'], 1795461500.5, audit]),
  };
  for (const [name, bytes] of Object.entries(malformed)) {
    assert.throws(() => unpackPayload(bytes), Unauthorized, name);
  }
});

// Keystone's assemble() for payload versions 0, 1, 2, 8 and 9 (keystone/token/token_formatters.py), with its
// default [auth] methods and default_domain_id 'default'.
const KEYSTONE_ASSEMBLE = `
import base64, datetime, json, sys, uuid
import msgpack

METHODS = ['external', 'password', 'token', 'oauth1', 'mapped', 'application_credential']

def attempt_uuid(value):
    try:
        return (True, uuid.UUID(value).bytes)
    except (ValueError, TypeError):
        return (False, value)

def methods(names):
    return sum(2 ** METHODS.index(name) for name in names)

def expires(iso):
    at = datetime.datetime.strptime(iso, '%Y-%m-%dT%H:%M:%S.%fZ')
    return (at - datetime.datetime(1970, 1, 1)).total_seconds()

def assemble(p):
    user = attempt_uuid(p['userId'])
    m = methods(p['methods'])
    exp = expires(p['expiresAt'])
    audit = [base64.urlsafe_b64decode(a + '==') for a in p['auditIds']]
    if 'applicationCredentialId' in p:
        return (9, user, m, attempt_uuid(p['projectId']), exp, audit, attempt_uuid(p['applicationCredentialId']))
    if 'projectId' in p:
        return (2, user, m, attempt_uuid(p['projectId']), exp, audit)
    if 'domainId' in p:
        try:
            domain = uuid.UUID(p['domainId']).bytes
        except ValueError:
            assert p['domainId'] == 'default'
            domain = p['domainId']
        return (1, user, m, domain, exp, audit)
    if 'system' in p:
        return (8, user, m, p['system'], exp, audit)
    return (0, user, m, exp, audit)

print(json.dumps({kind: msgpack.packb(assemble(p)).hex() for kind, p in json.load(sys.stdin).items()}))
`;

test('our payloads are byte for byte what Keystone packs', { skip: pythonSkip }, () => {
  const keystone = JSON.parse(python(KEYSTONE_ASSEMBLE, samples)) as Record<string, string>;
  for (const [kind, payload] of Object.entries(samples)) {
    assert.equal(Buffer.from(packPayload(payload)).toString('hex'), keystone[kind], kind);
  }
});

test('we unpack payloads Keystone packs', { skip: pythonSkip }, () => {
  const keystone = JSON.parse(python(KEYSTONE_ASSEMBLE, samples)) as Record<string, string>;
  for (const [kind, payload] of Object.entries(samples)) {
    const expected = kind === 'default-domain-scoped' ? { ...payload, methods: ['token', 'password'] } : payload;
    assert.deepEqual(unpackPayload(Buffer.from(keystone[kind] as string, 'hex')), expected, kind);
  }
});

test('we unpack Keystone’s whole-second expiry and an integer one', { skip: pythonSkip }, () => {
  const packed = python(
    `
import msgpack, uuid
user = (True, uuid.UUID('${userId}').bytes)
print(msgpack.packb((0, user, 2, 1795461500.0, [])).hex(), msgpack.packb((0, user, 2, 1795461500, [])).hex())
`,
    null,
  ).split(' ');
  for (const hex of packed) {
    assert.equal(unpackPayload(Buffer.from(hex, 'hex')).expiresAt.getTime(), 1795461500_000);
  }
});
