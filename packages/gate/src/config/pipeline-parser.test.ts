// Table-driven tests of the pipeline parser: Zuul's documented examples, defaults, and bad input with positions.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { emptyParsedConfig } from '../model/parsed-config.js';
import type { Tenant } from '../model/tenant.js';
import { parseConfigFile } from './config-file-parser.js';
import type { TenantView } from './parse-context.js';
import { pipelineParser } from './pipeline-parser.js';
import { Reporter } from './reporter.js';
import { parseItem, testSource, yaml } from './test-helpers.js';

// The example of Zuul's pipeline documentation ("Here is an example check pipeline").
const docsCheck = yaml`
  - pipeline:
      name: check
      manager: independent
      trigger:
        my_gerrit:
          - event: patchset-created
      success:
        my_gerrit:
          Verified: 1
      failure:
        my_gerrit:
          Verified: -1
`;

describe('pipelineParser', () => {
  it("reads the documentation's check pipeline with Zuul's defaults", () => {
    const { value, errors } = parseItem(pipelineParser, docsCheck);
    assert.deepEqual(errors, []);
    assert.ok(value);
    assert.equal(value.name, 'check');
    assert.equal(value.manager, 'independent');
    assert.equal(value.precedence, 'normal');
    assert.equal(value.postReview, false);
    assert.deepEqual(value.pos, { file: 'zuul.yaml', line: 1, column: 3 });
    assert.deepEqual(value.triggers, [
      {
        connection: 'my_gerrit',
        filters: [{ event: 'patchset-created' }],
        pos: { file: 'zuul.yaml', line: 5, column: 7 },
      },
    ]);
    assert.deepEqual(
      value.reporters.success.map((r) => [r.connection, r.params]),
      [['my_gerrit', { Verified: 1 }]],
    );
    // Zuul: merge-conflict and config-error reporters fall back to the failure reporters.
    assert.deepEqual(
      value.reporters['merge-conflict'],
      value.reporters.failure.map((r) => ({ ...r, action: 'merge-conflict' })),
    );
    assert.deepEqual(
      value.reporters['config-error'].map((r) => [r.action, r.connection, r.params]),
      [['config-error', 'my_gerrit', { Verified: -1 }]],
    );
    assert.deepEqual(value.reporters.start, []);
    assert.deepEqual(value.window, {
      window: 20,
      floor: 3,
      ceiling: null,
      increaseType: 'linear',
      increaseFactor: 1,
      decreaseType: 'exponential',
      decreaseFactor: 2,
    });
    assert.equal(value.messages.success, 'Build succeeded.');
    assert.equal(value.messages.failure, 'Build failed.');
    assert.equal(value.messages.start, 'Starting {pipeline.name} jobs.');
    assert.equal(value.dequeueOnNewPatchset, true);
  });

  it("reads all of Zuul's Gerrit reference pipelines and a timer-triggered periodic one", () => {
    const text = readFileSync(new URL('../freeze/fixtures/project-config/pipelines.yaml', import.meta.url), 'utf8');
    const reporter = new Reporter([]);
    const parsed = emptyParsedConfig();
    parseConfigFile(text, testSource({ path: 'zuul.d/pipelines.yaml' }), reporter, null, new Set(['pipeline']), parsed);
    assert.deepEqual(reporter.errors, []);
    const summary = parsed.pipelines.map((p) => [
      p.name,
      p.manager,
      p.precedence,
      p.postReview,
      p.triggers[0]!.connection,
    ]);
    assert.deepEqual(summary, [
      ['check', 'independent', 'low', false, 'gerrit'],
      ['gate', 'dependent', 'normal', true, 'gerrit'],
      ['post', 'supercedent', 'high', true, 'gerrit'],
      ['promote', 'supercedent', 'high', true, 'gerrit'],
      ['periodic', 'independent', 'low', true, 'timer'],
    ]);
    const gate = parsed.pipelines[1]!;
    assert.deepEqual(gate.supercedes, ['check']);
    assert.deepEqual(gate.window, { ...parsed.pipelines[0]!.window, floor: 20, increaseFactor: 2 });
    assert.deepEqual(gate.require[0]!.conditions, {
      open: true,
      'current-patchset': true,
      approval: [{ Workflow: 1 }],
    });
    assert.deepEqual(gate.reporters.success[0]!.params, { Verified: 2, submit: true });
    assert.deepEqual(gate.reporters.start[0]!.params, { Verified: 0 });
    assert.equal(
      parsed.pipelines[0]!.triggers[0]!.filters[2]!.comment,
      '(?i)^(Patch Set [0-9]+:)?( [\\w\\\\+-]*)*(\\n\\n)?\\s*recheck',
    );
    assert.deepEqual(parsed.pipelines[4]!.triggers[0]!.filters, [{ time: '0 2 * * *' }]);
  });

  const bad: [string, string, string[]][] = [
    [
      'a missing manager and trigger',
      '- pipeline:\n    name: check\n',
      [
        "zuul.yaml:2:5: pipeline 'check': missing required attribute 'manager'",
        "zuul.yaml:2:5: pipeline 'check': missing required attribute 'trigger'",
      ],
    ],
    [
      'an unknown manager',
      '- pipeline:\n    name: gate\n    manager: sequential\n    trigger: {gerrit: []}\n',
      [
        "zuul.yaml:3:14: pipeline 'gate': 'manager' must be one of independent, dependent, serial, supercedent, not 'sequential'",
      ],
    ],
    [
      'an unknown attribute and a wrong type, both reported',
      '- pipeline:\n    name: gate\n    manager: dependent\n    windw: 10\n    window-floor: two\n    trigger: {gerrit: []}\n',
      [
        "zuul.yaml:4:5: pipeline 'gate': unknown attribute 'windw'",
        "zuul.yaml:5:19: pipeline 'gate': 'window-floor' must be an integer, not a string",
      ],
    ],
    [
      'a window ceiling under the floor',
      '- pipeline:\n    name: gate\n    manager: dependent\n    window-floor: 5\n    window-ceiling: 4\n    trigger: {gerrit: []}\n',
      ["zuul.yaml:1:3: pipeline 'gate': 'window-ceiling' (4) may not be less than 'window-floor' (5)"],
    ],
    [
      'a zero window factor',
      '- pipeline:\n    name: gate\n    manager: dependent\n    window-increase-factor: 0\n    trigger: {gerrit: []}\n',
      ["zuul.yaml:4:29: pipeline 'gate': 'window-increase-factor' must be at least 1, not 0"],
    ],
    [
      'an empty trigger',
      '- pipeline:\n    name: check\n    manager: independent\n    trigger: {}\n',
      ["zuul.yaml:4:5: pipeline 'check': 'trigger' needs at least one connection"],
    ],
    [
      'a trigger that is not a mapping of connections',
      '- pipeline:\n    name: check\n    manager: independent\n    trigger: [gerrit]\n',
      ["zuul.yaml:4:14: pipeline 'check': 'trigger' must be a mapping of connection names"],
    ],
  ];
  for (const [what, text, expected] of bad) {
    it(`reports ${what}`, () => {
      const { value, errors } = parseItem(pipelineParser, text);
      assert.equal(value, undefined);
      assert.deepEqual(errors, expected);
    });
  }

  it("checks connection names against the system's connections and the tenant's allowed reporters", () => {
    const tenant = { allowedTriggers: null, allowedReporters: ['gerrit'] } as unknown as Tenant;
    const view: TenantView = {
      tenant,
      projects: new Map(),
      projectBranches: new Map(),
      connections: new Set(['gerrit', 'smtp']),
    };
    const text = yaml`
      - pipeline:
          name: check
          manager: independent
          trigger:
            gerit:
              - event: patchset-created
          failure:
            smtp:
              to: ci@example.com
    `;
    const { errors } = parseItem(pipelineParser, text, {}, view);
    assert.deepEqual(errors, [
      "zuul.yaml:5:7: pipeline 'check': unknown connection 'gerit'",
      "zuul.yaml:8:7: pipeline 'check': connection 'smtp' is not an allowed reporter in this tenant",
    ]);
  });

  it('is refused in an untrusted project', () => {
    const reporter = new Reporter([]);
    parseConfigFile(
      docsCheck,
      testSource({ trusted: false, path: '.zuul.yaml' }),
      reporter,
      null,
      new Set(['pipeline']),
      emptyParsedConfig(),
    );
    assert.deepEqual(
      reporter.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`),
      ['.zuul.yaml:1:3: pipelines may only be defined in a config-project'],
    );
  });
});
