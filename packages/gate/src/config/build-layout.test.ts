// Tests of layout assembly: duplicates, shadowing, identical objects across branches, regex projects, metadata.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inlineLayout, simpleLayout } from '../freeze/fixtures/inline-tenant.js';
import { formatConfigError } from '../model/config-error.js';
import type { Layout } from '../model/layout.js';

const errorsOf = (layout: Layout) => layout.errors.map((e) => `${e.project}@${e.branch} ${formatConfigError(e)}`);

describe('buildLayout', () => {
  it('rejects a pipeline defined twice, pointing at the first', () => {
    const layout = simpleLayout('- pipeline:\n    name: check\n    manager: independent\n    trigger: {gerrit: []}\n');
    assert.deepEqual(errorsOf(layout), [
      "org/config@master zuul.yaml:25:3: pipeline 'check' is already defined at org/config@master zuul.yaml:2:3",
    ]);
  });

  it('keeps variants of a job from one project, and refuses the same job name from another', () => {
    const layout = inlineLayout({
      'org/config': {
        trusted: true,
        branches: { master: { 'zuul.yaml': '- job:\n    name: base\n    parent: null\n' } },
      },
      'org/a': {
        branches: { master: { '.zuul.yaml': '- job:\n    name: unit\n- job:\n    name: unit\n    voting: false\n' } },
      },
      'org/b': { branches: { master: { '.zuul.yaml': '- job:\n    name: unit\n' } } },
    });
    assert.deepEqual(
      layout.jobs.get('unit')?.map((j) => j.source.project),
      ['org/a', 'org/a'],
    );
    assert.deepEqual(errorsOf(layout), [
      "org/b@master .zuul.yaml:1:3: job 'unit' is already defined in project 'org/a' (org/a@master .zuul.yaml:1:3)",
    ]);
  });

  it("skips a shadowing project's definitions instead (tenant shadow)", () => {
    const layout = inlineLayout({
      'org/config': {
        trusted: true,
        branches: { master: { 'zuul.yaml': '- job:\n    name: base\n    parent: null\n' } },
      },
      'org/a': { branches: { master: { '.zuul.yaml': '- job:\n    name: unit\n' } } },
      'org/b': {
        branches: { master: { '.zuul.yaml': '- job:\n    name: unit\n' } },
        options: '              shadow: org/a\n',
      },
    });
    assert.deepEqual(errorsOf(layout), []);
    assert.deepEqual(
      layout.jobs.get('unit')?.map((j) => j.source.project),
      ['org/a'],
    );
  });

  it('accepts an identical nodeset on another branch and refuses a different one', () => {
    const ns = (label: string) => `- nodeset:\n    name: n\n    nodes: [{name: a, label: ${label}}]\n`;
    const layout = inlineLayout({
      'org/config': {
        trusted: true,
        branches: { master: { 'zuul.yaml': '- job:\n    name: base\n    parent: null\n' } },
      },
      'org/a': {
        branches: {
          master: { '.zuul.yaml': ns('x') },
          'stable/1': { '.zuul.yaml': ns('x') },
          'stable/2': { '.zuul.yaml': ns('y') },
        },
      },
    });
    assert.deepEqual(errorsOf(layout), [
      "org/a@stable/2 .zuul.yaml:1:3: nodeset 'n' does not match its definition on branch 'master'",
    ]);
  });

  it('applies a regex project stanza to every matching project, and keeps the first queue/merge-mode seen', () => {
    const layout = simpleLayout(
      '- project:\n    name: ^org/.*$\n    queue: shared\n    check:\n      jobs: []\n',
      '- project:\n    queue: own\n    merge-mode: rebase\n    check:\n      jobs: []\n',
    );
    assert.deepEqual(errorsOf(layout), []);
    assert.deepEqual([...layout.projectConfigs.keys()].sort(), ['org/config', 'org/project']);
    assert.deepEqual(layout.projectMetadata.get('org/project'), {
      mergeMode: 'rebase',
      defaultBranch: 'master',
      queueName: 'shared',
    });
  });

  it('reports several configuration roots in one branch, loading only the first', () => {
    const layout = simpleLayout('', '', {
      'org/two': {
        branches: { master: { 'zuul.yaml': '- job:\n    name: a\n', '.zuul.yaml': '- job:\n    name: b\n' } },
      },
    });
    assert.deepEqual(errorsOf(layout), [
      'org/two@master .zuul.yaml:1:1: configuration in .zuul.yaml ignored: org/two@master is already configured by zuul.yaml',
    ]);
    assert.ok(layout.jobs.has('a'));
    assert.ok(!layout.jobs.has('b'));
  });

  it('loads only the included item types of a project (tenant include)', () => {
    const layout = simpleLayout('', '', {
      'org/jobs': {
        branches: {
          master: { 'zuul.yaml': '- job:\n    name: shared\n- project:\n    check:\n      jobs: [shared]\n' },
        },
        options: '              include: [job]\n',
      },
    });
    assert.deepEqual(errorsOf(layout), []);
    assert.ok(layout.jobs.has('shared'));
    assert.ok(!layout.projectConfigs.has('org/jobs'));
  });
});
