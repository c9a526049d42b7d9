import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { Unauthorized } from '@nubo/core';
import { encrypt } from './fernet.js';
import { FernetKeyRepository } from './key-repository.js';
import { packPayload, type TokenPayload } from './token-payload.js';
import { FernetTokenProvider, newAuditId } from './token-provider.js';

const PYTHON = '/usr/bin/python3';
const pythonSkip =
  spawnSync(PYTHON, ['-c', 'import cryptography, msgpack'], { encoding: 'utf8' }).status === 0
    ? false
    : `${PYTHON} cannot import cryptography and msgpack (Debian: apt-get install python3-cryptography python3-msgpack)`;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A provider over a freshly set-up key repository. */
function setUp(maxActiveKeys = 3): { repo: FernetKeyRepository; provider: FernetTokenProvider } {
  const parent = mkdtempSync(join(tmpdir(), 'nubo-fernet-'));
  dirs.push(parent);
  const repo = new FernetKeyRepository(join(parent, 'keys'), maxActiveKeys);
  repo.setup();
  return { repo, provider: new FernetTokenProvider(repo) };
}

const now = new Date('2026-11-23T19:18:20.500Z');
const inAnHour = new Date('2026-11-23T20:18:20.000Z');
const userId = '0ba2d5aa45b54bd1a2c37c1b47e8c1f3';
const projectId = '5b0c8a8bd6d94b5cbcb7c0bdb2ee3e5d';

function payload(extra: Partial<TokenPayload> = {}): TokenPayload {
  return { userId, methods: ['password'], expiresAt: inAnHour, auditIds: [newAuditId()], ...extra };
}

const kinds: Record<string, Partial<TokenPayload>> = {
  unscoped: {},
  'domain-scoped': { domainId: 'default' },
  'project-scoped': { projectId },
  'system-scoped': { system: 'all' },
  'application-credential-scoped': {
    methods: ['application_credential'],
    projectId,
    applicationCredentialId: '9e1f2c3d4b5a69788796a5b4c3d2e1f0',
  },
};

for (const [kind, extra] of Object.entries(kinds)) {
  test(`a ${kind} token validates to its payload and the second it was issued`, () => {
    const { provider } = setUp();
    const p = payload(extra);
    const token = provider.issue(p, now);
    assert.deepEqual(provider.validate(token, now), { ...p, issuedAt: new Date('2026-11-23T19:18:20.000Z') });
  });
}

test('a project-scoped token with UUID ids is under 200 characters, like Keystone’s', () => {
  const { provider } = setUp();
  assert.ok(provider.issue(payload({ projectId }), now).length < 200);
});

test('an expired token is Unauthorized, from the instant it expires', () => {
  const { provider } = setUp();
  const token = provider.issue(payload(), now);
  assert.doesNotThrow(() => provider.validate(token, new Date(inAnHour.getTime() - 1)));
  assert.throws(() => provider.validate(token, inAnHour), /expired/);
  assert.throws(() => provider.validate(token, new Date(inAnHour.getTime() + 1)), Unauthorized);
  const old = provider.issue(payload({ expiresAt: new Date('2020-01-01T00:00:00Z') }));
  assert.throws(() => provider.validate(old), Unauthorized);
});

test('without `now`, validation uses the clock', () => {
  const { provider } = setUp();
  const token = provider.issue(payload({ expiresAt: new Date(Date.now() + 60_000) }));
  assert.equal(provider.validate(token).userId, userId);
});

test('tokens survive rotation while their key is kept, and fail once it is pruned', () => {
  const { repo, provider } = setUp();
  const first = provider.issue(payload(), now);

  repo.rotate();
  assert.equal(repo.keys().length, 3);
  assert.equal(provider.validate(first, now).userId, userId, 'key 1 is now a secondary');
  const second = provider.issue(payload(), now);

  repo.rotate();
  assert.equal(repo.keys().length, 3);
  assert.throws(() => provider.validate(first, now), Unauthorized, 'key 1 was pruned');
  assert.equal(provider.validate(second, now).userId, userId, 'key 2 is now a secondary');
  assert.equal(provider.validate(provider.issue(payload(), now), now).userId, userId);
});

test('a token from a node that already rotated, made with our staged key, validates', () => {
  const { repo, provider } = setUp();
  const stagedKey = readFileSync(join(repo.dir, '0'), 'utf8');
  assert.equal(repo.keys().at(-1), stagedKey);
  const token = encrypt(packPayload(payload()), stagedKey, now);
  assert.equal(provider.validate(token, now).userId, userId);
});

test('tampered, truncated, foreign and garbage tokens are Unauthorized', () => {
  const { provider } = setUp();
  const token = provider.issue(payload(), now);
  const flipped = `${token.slice(0, 60)}${token[60] === 'A' ? 'B' : 'A'}${token.slice(61)}`;
  const foreign = setUp().provider.issue(payload(), now);
  for (const bad of [flipped, token.slice(0, -4), token.slice(0, 50), foreign, '', 'garbage', 'gAAAAA'.repeat(20)]) {
    assert.throws(() => provider.validate(bad, now), Unauthorized, bad.slice(0, 20));
  }
});

test('a provider over an empty repository fails loudly rather than rejecting tokens', () => {
  const parent = mkdtempSync(join(tmpdir(), 'nubo-fernet-'));
  dirs.push(parent);
  const provider = new FernetTokenProvider(new FernetKeyRepository(join(parent, 'none')));
  assert.throws(() => provider.issue(payload()), /holds no keys/);
  assert.throws(() => provider.validate('x'), /holds no keys/);
});

test('audit ids are 16 random bytes in unpadded URL-safe base64', () => {
  const ids = new Set(Array.from({ length: 100 }, newAuditId));
  assert.equal(ids.size, 100);
  for (const id of ids) {
    assert.match(id, /^[A-Za-z0-9_-]{22}$/);
    assert.equal(Buffer.from(id, 'base64url').length, 16);
  }
});

// Keystone's TokenFormatter (keystone/token/token_formatters.py) for payload versions 0, 1, 2, 8 and 9, reading the
// key repository as FernetUtils.load_keys() does, with the default [auth] methods and default_domain_id.
const KEYSTONE_FORMATTER = `
import base64, datetime, json, os, struct, sys, uuid
import msgpack
from cryptography import fernet

METHODS = ['external', 'password', 'token', 'oauth1', 'mapped', 'application_credential']
op, repo = sys.argv[1], sys.argv[2]

keys = {}
for name in os.listdir(repo):
    try:
        index = int(name)
    except ValueError:
        continue
    with open(os.path.join(repo, name)) as f:
        keys[index] = f.read()
crypto = fernet.MultiFernet([fernet.Fernet(keys[i]) for i in sorted(keys, reverse=True)])

def restore_padding(token):
    return token + '=' * (-len(token) % 4)

def from_id(pair):
    is_uuid, value = pair
    return uuid.UUID(bytes=value).hex if is_uuid else value

def to_id(value):
    try:
        return (True, uuid.UUID(value).bytes)
    except (ValueError, TypeError):
        return (False, value)

def method_list(method_int):
    method_map = {2 ** i: m for i, m in enumerate(METHODS)}
    methods = []
    for m_int in sorted(method_map, reverse=True):
        if int(method_int / m_int) == 1:
            methods.append(method_map[m_int])
            method_int -= m_int
    return methods

def iso(seconds):
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.%fZ')

if op == 'validate':
    token = restore_padding(sys.stdin.read().strip())
    payload = msgpack.unpackb(crypto.decrypt(token.encode()))
    version, p = payload[0], payload[1:]
    out = {'version': version, 'userId': from_id(p[0]), 'methods': method_list(p[1])}
    if version == 0:
        exp, audit = p[2], p[3]
    else:
        exp, audit = p[3], p[4]
    if version == 1:
        out['domainId'] = uuid.UUID(bytes=p[2]).hex if isinstance(p[2], bytes) else p[2]
    if version in (2, 9):
        out['projectId'] = from_id(p[2])
    if version == 8:
        out['system'] = p[2]
    if version == 9:
        out['applicationCredentialId'] = from_id(p[5])
    out['expiresAt'] = iso(exp)
    out['auditIds'] = [base64.urlsafe_b64encode(a).decode().rstrip('=') for a in audit]
    issued = struct.unpack('>Q', base64.urlsafe_b64decode(token)[1:9])[0]
    out['issuedAt'] = iso(issued)
    print(json.dumps(out))
else:
    # create_token() for a project-scoped token, expiry truncated to the second as default_expire_time() does.
    args = json.load(sys.stdin)
    expires = (datetime.datetime.strptime(args['expiresAt'], '%Y-%m-%dT%H:%M:%S.%fZ')
               - datetime.datetime(1970, 1, 1)).total_seconds()
    payload = (2, to_id(args['userId']), 2, to_id(args['projectId']), expires,
               [base64.urlsafe_b64decode(args['auditId'] + '==')])
    print(crypto.encrypt(msgpack.packb(payload)).rstrip(b'=').decode())
`;

function keystone(op: 'validate' | 'issue', repo: FernetKeyRepository, input: string): string {
  const run = spawnSync(PYTHON, ['-c', KEYSTONE_FORMATTER, op, repo.dir], { input, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.trim();
}

test('Keystone, sharing our key repository, reads our tokens', { skip: pythonSkip }, () => {
  const { repo, provider } = setUp();
  repo.rotate();
  const versions: Record<string, number> = {
    unscoped: 0,
    'domain-scoped': 1,
    'project-scoped': 2,
    'system-scoped': 8,
    'application-credential-scoped': 9,
  };
  for (const [kind, extra] of Object.entries(kinds)) {
    const p = payload({ ...extra, auditIds: [newAuditId(), newAuditId()] });
    const read = JSON.parse(keystone('validate', repo, provider.issue(p, now))) as Record<string, unknown>;
    assert.deepEqual(
      read,
      {
        version: versions[kind],
        ...p,
        expiresAt: '2026-11-23T20:18:20.000000Z',
        issuedAt: '2026-11-23T19:18:20.000000Z',
      },
      kind,
    );
  }
});

test('we validate a token Keystone issued from our key repository', { skip: pythonSkip }, () => {
  const { repo, provider } = setUp();
  const auditId = newAuditId();
  const token = keystone('issue', repo, JSON.stringify({ userId, projectId, auditId, expiresAt: inAnHour }));
  assert.match(token, /^[A-Za-z0-9_-]+$/);
  const validated = provider.validate(token, now);
  assert.deepEqual(
    { ...validated, issuedAt: undefined },
    { userId, methods: ['password'], projectId, expiresAt: inAnHour, auditIds: [auditId], issuedAt: undefined },
  );
  assert.ok(Math.abs(validated.issuedAt.getTime() - Date.now()) < 60_000);
});
