import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { generateKey } from './fernet.js';
import { FernetKeyRepository } from './key-repository.js';

const PYTHON = '/usr/bin/python3';
const pythonSkip =
  spawnSync(PYTHON, ['-c', 'import cryptography'], { encoding: 'utf8' }).status === 0
    ? false
    : `${PYTHON} cannot import cryptography (Debian: apt-get install python3-cryptography)`;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A path for a key repository that does not exist yet, inside a fresh temporary directory. */
function repositoryPath(): string {
  const parent = mkdtempSync(join(tmpdir(), 'nubo-fernet-'));
  dirs.push(parent);
  return join(parent, 'fernet-keys');
}

/** The key file names, as numbers, ascending. */
function indexes(dir: string): number[] {
  return readdirSync(dir)
    .map(Number)
    .sort((a, b) => a - b);
}

function readKey(dir: string, index: number): string {
  return readFileSync(join(dir, String(index)), 'utf8');
}

test('setup creates a private directory with a staged key 0 and a primary key 1', () => {
  const dir = repositoryPath();
  const repo = new FernetKeyRepository(dir);
  repo.setup();
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  assert.deepEqual(indexes(dir), [0, 1]);
  for (const index of [0, 1]) {
    assert.equal(statSync(join(dir, String(index))).mode & 0o777, 0o600);
    assert.match(readKey(dir, index), /^[A-Za-z0-9_-]{43}=$/);
  }
  assert.deepEqual(repo.keys(), [readKey(dir, 1), readKey(dir, 0)]);
});

test('setup is idempotent', () => {
  const dir = repositoryPath();
  const repo = new FernetKeyRepository(dir);
  repo.setup();
  const keys = repo.keys();
  repo.setup();
  new FernetKeyRepository(dir).setup();
  assert.deepEqual(indexes(dir), [0, 1]);
  repo.reload();
  assert.deepEqual(repo.keys(), keys);
});

test('rotate promotes the staged key, stages a new one and keeps at most maxActiveKeys', () => {
  const dir = repositoryPath();
  const repo = new FernetKeyRepository(dir);
  repo.setup();
  const [primary1, staged1] = repo.keys();

  repo.rotate();
  assert.deepEqual(indexes(dir), [0, 1, 2]);
  assert.equal(readKey(dir, 2), staged1, 'the staged key is the new primary');
  assert.notEqual(readKey(dir, 0), staged1, 'a new key is staged');
  assert.deepEqual(repo.keys(), [staged1, primary1, readKey(dir, 0)]);

  const staged2 = readKey(dir, 0);
  repo.rotate();
  assert.deepEqual(indexes(dir), [0, 2, 3], 'the oldest secondary, 1, is pruned');
  assert.equal(readKey(dir, 3), staged2);
  assert.deepEqual(repo.keys(), [staged2, staged1, readKey(dir, 0)]);
  assert.ok(!repo.keys().includes(primary1 as string));
  assert.ok(
    readdirSync(dir).every((name) => /^\d+$/.test(name)),
    'no temporary file is left behind',
  );
});

test('a larger maxActiveKeys keeps more secondaries', () => {
  const dir = repositoryPath();
  const repo = new FernetKeyRepository(dir, 5);
  repo.setup();
  for (let i = 0; i < 3; i++) repo.rotate();
  assert.deepEqual(indexes(dir), [0, 1, 2, 3, 4]);
  repo.rotate();
  assert.deepEqual(indexes(dir), [0, 2, 3, 4, 5]);
  assert.equal(repo.keys().length, 5);
  assert.equal(repo.keys()[0], readKey(dir, 5));
  assert.equal(repo.keys()[4], readKey(dir, 0));
});

test('keys are cached until reload', () => {
  const dir = repositoryPath();
  const repo = new FernetKeyRepository(dir);
  repo.setup();
  const before = repo.keys();
  new FernetKeyRepository(dir).rotate();
  assert.equal(repo.keys(), before);
  repo.reload();
  assert.deepEqual(repo.keys(), [readKey(dir, 2), readKey(dir, 1), readKey(dir, 0)]);
});

test('like Keystone, other files and empty keys are ignored, and a trailing newline is tolerated', () => {
  const dir = repositoryPath();
  mkdirSync(dir);
  const [k0, k7] = [generateKey(), generateKey()];
  writeFileSync(join(dir, '0'), k0);
  writeFileSync(join(dir, '7'), `${k7}\n`);
  writeFileSync(join(dir, '3'), '');
  writeFileSync(join(dir, '0.tmp'), generateKey());
  writeFileSync(join(dir, 'README'), 'not a key');
  mkdirSync(join(dir, '5'));
  assert.deepEqual(new FernetKeyRepository(dir).keys(), [k7, k0]);
});

test('a key file that does not hold a key is an error', () => {
  const dir = repositoryPath();
  mkdirSync(dir);
  writeFileSync(join(dir, '0'), 'short');
  assert.throws(() => new FernetKeyRepository(dir).keys(), /does not hold a Fernet key/);
});

test('a missing repository has no keys, and cannot be rotated before setup', () => {
  const repo = new FernetKeyRepository(repositoryPath());
  assert.deepEqual(repo.keys(), []);
  assert.throws(() => repo.rotate(), /no staged key/);
});

test('maxActiveKeys must leave room for a staged and a primary key', () => {
  assert.throws(() => new FernetKeyRepository(repositoryPath(), 1), RangeError);
  assert.throws(() => new FernetKeyRepository(repositoryPath(), 2.5), RangeError);
});

test('Keystone’s fernet_utils would load the same keys, in the same order', { skip: pythonSkip }, () => {
  const dir = repositoryPath();
  const repo = new FernetKeyRepository(dir);
  repo.setup();
  repo.rotate();
  repo.rotate();
  // FernetUtils._get_key_files() and load_keys(), then the Fernet instances TokenFormatter.crypto builds.
  const run = spawnSync(
    PYTHON,
    [
      '-c',
      `
import json, os, sys
from cryptography import fernet
repo = sys.argv[1]
keys = {}
for name in os.listdir(repo):
    path = os.path.join(repo, name)
    if os.path.isfile(path):
        try:
            index = int(name)
        except ValueError:
            continue
        with open(path) as f:
            key = f.read()
        if key:
            keys[index] = key
ordered = [keys[i] for i in sorted(keys, reverse=True)]
fernet.MultiFernet([fernet.Fernet(k) for k in ordered])
print(json.dumps(ordered))
`,
      dir,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), repo.keys());
});
