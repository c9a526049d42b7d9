// A small run of the load benchmark, so that the generated tenant stays valid as the parsers evolve.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { benchGateConfigLoad } from './bench-gate-config-load.js';

it('loads, lays out and freezes a generated tenant without errors', async () => {
  const result = await benchGateConfigLoad(25);
  assert.equal(result.errors, 0);
  assert.equal(result.projects, 25);
  assert.equal(result.configFiles, 1 + 25 + 3);
  // Per project: tox-pep8, tox-py311, tox-docs (skipped by its files matcher), functional, integration.
  assert.equal(result.frozenJobs, 25 * 4);
  assert.match(result.summary, /^gate config: 25 projects/);
});
