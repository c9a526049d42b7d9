import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Type } from 'typebox';
import { ConfigSource, compileCoreConfig } from './config.js';

const section = Type.Object({
  port: Type.Integer({ default: 1 }),
  costFactor: Type.Integer({ default: 12 }),
  name: Type.String({ default: 'x' }),
});

test('defaults need no file and no environment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nubo-config-'));
  try {
    const core = compileCoreConfig(new ConfigSource({ env: {}, overrides: { data: { dir } } }));
    assert.equal(core.server.port, 5000);
    assert.equal(core.publicUrl, 'http://127.0.0.1:5000');
    assert.equal(core.dataDir, dir);
    assert.ok(Object.isFrozen(core));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('file < environment < overrides, with types converted and checked', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nubo-config-'));
  try {
    const file = join(dir, 'nubo.yaml');
    writeFileSync(file, 'svc:\n  port: 7\n  name: from-file\n  costFactor: 9\n');
    const source = new ConfigSource({
      file,
      env: { NUBO_SVC_COST_FACTOR: '10', NUBO_SVC_NAME: 'from-env' },
      overrides: { svc: { name: 'from-flag' } },
    });
    assert.deepEqual({ ...source.section('svc', section) }, { port: 7, costFactor: 10, name: 'from-flag' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a wrong value is an error that names the field', () => {
  const source = new ConfigSource({ env: { NUBO_SVC_PORT: 'seven' } });
  assert.throws(() => source.section('svc', section), /svc\.port/);
});

test('a named file that does not exist is an error', () => {
  assert.throws(() => new ConfigSource({ file: '/nonexistent/nubo.yaml', env: {} }), /does not exist/);
});
