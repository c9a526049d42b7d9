// Tests of reading whole configuration files: item dispatch, unknown items, pragmas first, errors accumulated.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatConfigError } from '../model/config-error.js';
import { emptyParsedConfig } from '../model/parsed-config.js';
import { CONFIG_ITEM_TYPES } from '../model/tenant.js';
import { parseConfigFile } from './config-file-parser.js';
import { Reporter } from './reporter.js';
import { testSource, testTenantView, yaml } from './test-helpers.js';

function parse(text: string, source = {}) {
  const reporter = new Reporter([]);
  const parsed = emptyParsedConfig();
  const view = testTenantView({ 'org/project': ['master', 'stable/1'] });
  parseConfigFile(
    text,
    testSource({ trusted: false, path: '.zuul.yaml', ...source }),
    reporter,
    view,
    new Set(CONFIG_ITEM_TYPES),
    parsed,
  );
  return { parsed, errors: reporter.errors.map(formatConfigError) };
}

describe('parseConfigFile', () => {
  it('reads every item type into its list, in file order', () => {
    const { parsed, errors } = parse(yaml`
      - queue: {name: integrated}
      - semaphore: {name: lock}
      - secret: {name: s, data: {a: b}}
      - nodeset: {name: n, nodes: []}
      - job: {name: a}
      - job: {name: b}
      - project-template: {name: t}
      - project: {queue: integrated}
    `);
    assert.deepEqual(errors, []);
    assert.deepEqual(
      [
        parsed.queues,
        parsed.semaphores,
        parsed.secrets,
        parsed.nodesets,
        parsed.jobs,
        parsed.projectTemplates,
        parsed.projects,
      ].map((l) => l.length),
      [1, 1, 1, 1, 2, 1, 1],
    );
    assert.deepEqual(
      parsed.jobs.map((j) => [j.name, j.pos.line]),
      [
        ['a', 5],
        ['b', 6],
      ],
    );
  });

  it('applies a pragma to the whole file, wherever it appears', () => {
    const { parsed } = parse('- job: {name: a}\n- pragma:\n    implied-branch-matchers: false\n');
    assert.equal(parsed.jobs[0]!.branches, undefined);
    assert.deepEqual(parse('- job: {name: a}\n', { branch: 'stable/1' }).parsed.jobs[0]!.branches, [
      { regex: 'stable/1', negate: false, implied: true },
    ]);
  });

  it('reports every bad item and keeps the good ones', () => {
    const { parsed, errors } = parse(yaml`
      - job:
          name: good
      - jobs:
          name: typo
      - image:
          name: ubuntu
      - job:
          name: bad
          timeout: soon
      - [not, a, mapping]
      - job: {name: two}
        project: {}
    `);
    assert.deepEqual(
      parsed.jobs.map((j) => j.name),
      ['good'],
    );
    assert.deepEqual(errors, [
      ".zuul.yaml:3:3: unknown configuration item 'jobs'",
      ".zuul.yaml:5:3: warning: configuration item 'image' is not supported by nubo's gate and was ignored",
      ".zuul.yaml:9:14: job 'bad': 'timeout' must be an integer, not a string",
      '.zuul.yaml:10:3: each configuration item must be a mapping with a single key naming its type',
      '.zuul.yaml:11:3: each configuration item must be a mapping with a single key naming its type',
    ]);
  });

  it('requires a list at the top level', () => {
    assert.deepEqual(parse('job:\n  name: a\n').errors, [
      '.zuul.yaml:1:1: a configuration file must be a list of items (- job: …, - project: …)',
    ]);
  });
});
