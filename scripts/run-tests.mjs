#!/usr/bin/env node
// Runs every *.test.ts under the given folders with node's test runner (Node 20 does not discover .ts files),
// and fails when there is none, so a broken glob can never pass as green.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = process.argv.slice(2);
if (roots.length === 0) roots.push('packages', 'test');
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.test.ts')) files.push(path);
  }
};
for (const root of roots) walk(root);
files.sort();
if (files.length === 0) {
  console.error(`no *.test.ts files under ${roots.join(', ')}`);
  process.exit(1);
}
// The database backends the DB tests run on: what CI sets, else whatever this machine has running.
if (!process.env.NUBO_TEST_DB) {
  const probe = spawnSync(join(import.meta.dirname, 'ensure-databases.sh'), { encoding: 'utf8' });
  process.env.NUBO_TEST_DB = probe.status === 0 && probe.stdout.trim() ? probe.stdout.trim() : 'sqlite';
}
console.log(`database backends under test: ${process.env.NUBO_TEST_DB}`);
const concurrency = process.env.NUBO_TEST_CONCURRENCY ?? '2';
// Spec for people, TAP to a file for the closing count line that CI reads.
mkdirSync(join(import.meta.dirname, '..', 'dist'), { recursive: true });
const tapFile = join(import.meta.dirname, '..', 'dist', `test-results-${process.pid}.tap`);
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${concurrency}`,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tapFile}`,
    ...files,
  ],
  { stdio: 'inherit' },
);
const tap = existsSync(tapFile) ? readFileSync(tapFile, 'utf8') : '';
rmSync(tapFile, { force: true });
const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
console.log(
  `${count('pass')} passed, ${count('fail') + count('cancelled')} failed, ${count('skipped') + count('todo')} skipped`,
);
if (count('pass') === 0) process.exit(1);
process.exit(result.status ?? 1);
