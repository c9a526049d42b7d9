// Runs Debian's Tempest identity, image and compute API tests (scripts/tempest.sh) against a real nubo and holds the
// line on the counts.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { repoRoot, startNubo } from './lib/nubo-server.js';

const run = promisify(execFile);
const tempestBin = '/usr/bin/tempest';
const script = join(repoRoot, 'scripts', 'tempest.sh');
// Kept in the repo's gitignored .tempest/ so a failed run can be read afterwards.
const workspace = join(repoRoot, '.tempest', 'e2e-api');
/** The number of Tempest identity, image and compute tests nubo passes today (docs/tempest.md); raise it, never lower it. */
const minPassed = 542;

interface TempestSummary {
  passed: number;
  failed: number;
  skipped: number;
  seconds: number;
}

interface TempestResult {
  id: string;
  status: string;
  reason: string;
}

/** Reads the `tempest-summary:` line scripts/tempest.sh prints last. */
function parseSummary(stdout: string): TempestSummary | undefined {
  const match = /tempest-summary: passed=(\d+) failed=(\d+) skipped=(\d+) time=(\d+)s/.exec(stdout);
  if (!match) return undefined;
  const count = (group: number): number => Number(match[group]);
  return { passed: count(1), failed: count(2), skipped: count(3), seconds: count(4) };
}

/** The failed tests with the end of their traceback, from the JSON results scripts/tempest.sh writes. */
function failures(): string[] {
  const path = join(workspace, 'results', 'tempest.json');
  if (!existsSync(path)) return [];
  const { tests } = JSON.parse(readFileSync(path, 'utf8')) as { tests: TempestResult[] };
  return tests
    .filter((t) => t.status === 'fail' || t.status === 'uxsuccess')
    .map((t) => `${t.id}: ${t.reason.trim().split('\n').slice(-2).join(' ')}`);
}

test('Tempest identity, image and compute API tests pass against nubo', { timeout: 25 * 60_000 }, async (t) => {
  // A missing Tempest fails the run rather than skipping it: `npm test` installs it (scripts/install-test-deps.sh).
  assert.ok(existsSync(tempestBin), `${tempestBin} is missing: run scripts/install-test-deps.sh`);
  const server = await startNubo();
  try {
    let stdout: string;
    try {
      ({ stdout } = await run(script, ['--url', server.url, '--data-dir', server.dataDir, '--workspace', workspace], {
        env: server.env,
        timeout: 24 * 60_000,
        maxBuffer: 64 * 1024 * 1024,
      }));
    } catch (err) {
      // Tempest exits non-zero when a test fails; the counts below say which, so only a missing summary is fatal.
      stdout = (err as { stdout?: string }).stdout ?? '';
    }
    const summary = parseSummary(stdout);
    assert.ok(summary, `scripts/tempest.sh printed no summary:\n${stdout.slice(-4000)}`);
    const line = `tempest identity+image+compute: passed=${summary.passed} failed=${summary.failed} skipped=${summary.skipped} in ${summary.seconds}s`;
    t.diagnostic(line);
    console.log(line);
    assert.equal(summary.failed, 0, `Tempest failures:\n${failures().join('\n')}`);
    assert.ok(summary.passed >= minPassed, `only ${summary.passed} Tempest tests passed, expected ≥ ${minPassed}`);
  } finally {
    await server.stop();
  }
});
