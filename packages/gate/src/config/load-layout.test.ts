// Tests of the config layer's entry points: loading a tenant's repositories, and attributing errors to a change.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inlineLayout } from '../freeze/fixtures/inline-tenant.js';
import { formatConfigError } from '../model/config-error.js';
import { errorsCausedBy, loadLayout, parseTenantConfig } from './load-layout.js';
import { yaml } from './test-helpers.js';

const config = {
  trusted: true,
  branches: { master: { 'zuul.yaml': '- job:\n    name: base\n    parent: null\n    run: r.yaml\n' } },
};

describe('loadLayout', () => {
  it('reports a tenant project without a repository at its place in the tenant file', () => {
    const { tenants } = parseTenantConfig(yaml`
      - tenant:
          name: t
          source:
            gerrit:
              config-projects: [org/config]
              untrusted-projects: [org/ghost]
    `);
    const layout = loadLayout(tenants[0]!, { 'org/config': config });
    assert.deepEqual(layout.errors.map(formatConfigError), [
      "main.yaml:6:30: tenant 't': project 'org/ghost' has no repository",
    ]);
  });

  it('loads untrusted branches default branch first, honouring exclude-branches', () => {
    const layout = inlineLayout({
      'org/config': config,
      'org/p': {
        branches: { 'feature/x': {}, 'stable/1': {}, master: {} },
        options: "              exclude-branches: ['^feature/.*']\n",
      },
    });
    assert.deepEqual(layout.projectBranches.get('org/p'), ['master', 'stable/1']);
  });
});

describe('errorsCausedBy', () => {
  const job = (parent: string) => `- job:\n    name: child\n    parent: ${parent}\n`;
  const layoutWith = (jobs: string, other: string) =>
    inlineLayout({
      'org/config': config,
      'org/p': { branches: { master: { 'zuul.d/jobs.yaml': jobs, 'zuul.d/other.yaml': other } } },
    });

  it('blames a change for errors in files it touches and for new errors elsewhere, not for old ones', () => {
    const before = layoutWith(job('base'), job('old-missing').replace('child', 'legacy'));
    const after = layoutWith(
      job('gone'),
      '- job:\n    name: legacy\n    parent: old-missing\n- job:\n    name: x\n    parent: child2\n',
    );
    const caused = errorsCausedBy(before.errors, after.errors, {
      project: 'org/p',
      branch: 'master',
      paths: ['zuul.d/jobs.yaml'],
    });
    assert.deepEqual(caused.map(formatConfigError), [
      "zuul.d/jobs.yaml:3:5: job 'child' has unknown parent 'gone'",
      "zuul.d/other.yaml:6:5: job 'x' has unknown parent 'child2'",
    ]);
  });
});
