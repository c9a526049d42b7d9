// Table-driven tests of the project and project-template parsers: job lists, variants, branches, permissions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { projectParser } from './project-parser.js';
import { projectTemplateParser } from './project-template-parser.js';
import { parseItem, testTenantView, yaml } from './test-helpers.js';

const view = testTenantView(
  { 'org/project': ['master', 'stable/1'], 'org/config': ['master'], 'org/other': ['master'] },
  { trusted: ['org/config'] },
);
const untrusted = { trusted: false, path: '.zuul.yaml', branch: 'stable/1' };

describe('projectParser', () => {
  it("reads the documentation's yoyodyne-style project with job variants", () => {
    const { value, errors } = parseItem(
      projectParser,
      yaml`
        - project:
            queue: integrated
            templates:
              - python-jobs
              - python-jobs
            default-branch: main
            merge-mode: squash-merge
            vars:
              docs_dir: doc
            check:
              jobs:
                - check-syntax
                - unit-tests:
                    voting: false
                    vars:
                      tox_envlist: py311
            gate:
              fail-fast: true
              jobs:
                - unit-tests
                - integration-tests:
            post:
              jobs: []
      `,
      untrusted,
      view,
    );
    assert.deepEqual(errors, []);
    assert.ok(value);
    assert.equal(value.name, 'org/project');
    assert.equal(value.queue, 'integrated');
    assert.deepEqual(value.templates, ['python-jobs']);
    assert.equal(value.defaultBranch, 'main');
    assert.equal(value.mergeMode, 'squash-merge');
    assert.deepEqual(value.vars, { docs_dir: 'doc' });
    // An untrusted project's own stanza applies to the branch it is read from.
    assert.deepEqual(value.branches, [{ regex: 'stable/1', negate: false, implied: true }]);
    assert.deepEqual(
      value.pipelines.map((p) => [p.pipeline, p.failFast, p.jobs.map((j) => j.name)]),
      [
        ['check', null, ['check-syntax', 'unit-tests']],
        ['gate', true, ['unit-tests', 'integration-tests']],
        ['post', null, []],
      ],
    );
    const variant = value.pipelines[0]!.jobs[1]!;
    assert.equal(variant.inProjectPipeline, true);
    assert.equal(variant.voting, false);
    assert.deepEqual(variant.vars, { control: null, value: { tox_envlist: 'py311' } });
    assert.equal(variant.roles, undefined, 'no implicit role for project-pipeline variants');
    assert.equal(variant.branches, undefined, 'no implied branches for project-pipeline variants');
    assert.deepEqual(variant.pos, { file: '.zuul.yaml', line: 13, column: 11 });
  });

  it('lets a config-project configure any project, for every branch, and by regex', () => {
    const named = parseItem(
      projectParser,
      '- project:\n    name: org/other\n    check:\n      jobs: [noop]\n',
      {},
      view,
    );
    assert.deepEqual(named.errors, []);
    assert.equal(named.value?.name, 'org/other');
    assert.deepEqual(named.value?.branches, []);
    const regex = parseItem(projectParser, '- project:\n    name: ^.*$\n    check:\n      jobs: []\n', {}, view);
    assert.deepEqual(regex.errors, []);
    assert.equal(regex.value?.name, '^.*$');
  });

  const bad: [string, string, string[], object?][] = [
    [
      'an untrusted project configuring another',
      '- project:\n    name: org/other\n    check:\n      jobs: [a]\n',
      [".zuul.yaml:2:11: project 'org/other': only a config-project may configure other projects"],
      untrusted,
    ],
    [
      'a project not in the tenant',
      '- project:\n    name: org/nope\n',
      ["zuul.yaml:2:11: project 'org/nope' is not a project of this tenant"],
    ],
    [
      'a pipeline section that is not a mapping and a bad merge mode',
      '- project:\n    merge-mode: octopus\n    check: [a]\n',
      [
        "zuul.yaml:2:17: project 'org/project': 'merge-mode' must be one of merge, merge-resolve, merge-recursive, merge-ort, cherry-pick, squash-merge, rebase, not 'octopus'",
        "zuul.yaml:3:12: project 'org/project': pipeline 'check' must be a mapping with 'jobs'",
      ],
    ],
    [
      'a job entry with two keys and a bad variant attribute',
      '- project:\n    check:\n      jobs:\n        - {a: {}, b: {}}\n        - c:\n            voting: sometimes\n        - d:\n            name: d\n',
      [
        "zuul.yaml:4:11: project 'org/project': 'check.jobs' entries must be a job name or 'name: {attributes}'",
        "zuul.yaml:6:21: job 'c': 'voting' must be a boolean, not a string",
        "zuul.yaml:8:13: job 'd': unknown attribute 'name'",
      ],
    ],
    [
      'an unknown attribute inside a pipeline section',
      '- project:\n    check:\n      jobs: []\n      queue: x\n',
      ["zuul.yaml:4:7: project 'org/project': unknown attribute 'check.queue'"],
    ],
  ];
  for (const [what, text, expected, source] of bad) {
    it(`reports ${what}`, () => {
      const { value, errors } = parseItem(projectParser, text, source ?? {}, view);
      assert.equal(value, undefined);
      assert.deepEqual(errors, expected);
    });
  }
});

describe('projectTemplateParser', () => {
  it('reads a template, with implied branches in a branched untrusted project', () => {
    const { value, errors } = parseItem(
      projectTemplateParser,
      '- project-template:\n    name: python-jobs\n    queue: q\n    vars: {a: 1}\n    check:\n      jobs: [pep8, py311]\n',
      untrusted,
      view,
    );
    assert.deepEqual(errors, []);
    assert.equal(value?.name, 'python-jobs');
    assert.equal(value?.queue, 'q');
    assert.deepEqual(value?.vars, { a: 1 });
    assert.deepEqual(value?.branches, [{ regex: 'stable/1', negate: false, implied: true }]);
    assert.deepEqual(
      value?.pipelines[0]?.jobs.map((j) => j.name),
      ['pep8', 'py311'],
    );
  });

  it('refuses project-only attributes and a missing name', () => {
    const { value, errors } = parseItem(
      projectTemplateParser,
      '- project-template:\n    merge-mode: merge\n    templates: [x]\n    check:\n      jobs: []\n',
      {},
      view,
    );
    assert.equal(value, undefined);
    assert.deepEqual(errors, [
      "zuul.yaml:2:5: project-template: 'merge-mode' may not appear in a project-template",
      "zuul.yaml:3:5: project-template: 'templates' may not appear in a project-template",
      "zuul.yaml:2:5: project-template: missing required attribute 'name'",
    ]);
  });
});
