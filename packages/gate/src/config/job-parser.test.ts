// Table-driven tests of the job parser: attributes, defaults, implied branches, and bad input with positions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyParsedConfig } from '../model/parsed-config.js';
import { parseConfigFile } from './config-file-parser.js';
import { jobParser } from './job-parser.js';
import { Reporter } from './reporter.js';
import { parseItem, testSource, testTenantView, yaml } from './test-helpers.js';

const view = testTenantView(
  { 'org/project': ['master', 'stable/1'], 'org/config': ['master'], 'org/lib': ['master'] },
  { trusted: ['org/config'], maxJobTimeout: 7200 },
);

describe('jobParser', () => {
  it('reads a minimal job, leaving every other attribute unset (inherited when frozen)', () => {
    const { value, errors } = parseItem(jobParser, '- job:\n    name: unit\n');
    assert.deepEqual(errors, []);
    assert.deepEqual(value, {
      name: 'unit',
      source: testSource(),
      pos: { file: 'zuul.yaml', line: 1, column: 3 },
      inProjectPipeline: false,
      variantDescription: '',
      roles: [{ project: 'org/project', name: 'project', implicit: true }],
      attributePositions: { name: { file: 'zuul.yaml', line: 2, column: 5 } },
    });
  });

  it('reads every kind of attribute', () => {
    const text = yaml`
      - job:
          name: tempest-full
          parent: devstack-tempest
          description: Full tempest run.
          abstract: false
          voting: false
          timeout: 3600
          post-timeout: 600
          attempts: 2
          branches:
            - master
            - regex: ^stable/.*$
              negate: true
          files: !inherit
            - ^nova/.*$
          irrelevant-files:
            - ^doc/.*$
          tags: !override [integration]
          vars: !override
            tox_envlist: full
            tempest_args: "{{ zuul.project.src_dir }}"
          host-vars:
            controller:
              devstack_local_conf: {}
          dependencies:
            - unit
            - name: pep8
              soft: true
          semaphores:
            - devstack
            - name: quota
              resources-first: true
          secrets:
            - docs-credentials
            - name: token
              secret: pypi-token
              pass-to-parent: true
          nodeset:
            nodes:
              - name: [controller, primary]
                label: ubuntu-jammy
          pre-run: playbooks/pre.yaml
          run:
            - name: playbooks/run.yaml
              semaphores: run-lock
          post-run:
            - playbooks/post.yaml
            - name: playbooks/cleanup.yaml
              cleanup: true
          required-projects:
            - org/lib
            - name: org/config
              override-checkout: stable/1
          roles:
            - zuul: org/lib
              name: lib-role
          allowed-projects: org/project
          override-checkout: stable/1
          ansible-version: 9
          attribute-control:
            vars:
              final: true
    `;
    const { value, errors } = parseItem(jobParser, text, {}, view);
    assert.deepEqual(errors, []);
    assert.ok(value);
    assert.equal(value.parent, 'devstack-tempest');
    assert.equal(value.voting, false);
    assert.equal(value.timeout, 3600);
    assert.equal(value.attempts, 2);
    assert.deepEqual(value.branches, [
      { regex: 'master', negate: false, implied: false },
      { regex: '^stable/.*$', negate: true, implied: false },
    ]);
    assert.equal(value.variantDescription, 'master ^stable/.*$');
    assert.deepEqual(value.files, { control: 'inherit', value: [{ regex: '^nova/.*$', negate: false }] });
    assert.deepEqual(value.irrelevantFiles, { control: null, value: [{ regex: '^doc/.*$', negate: false }] });
    assert.deepEqual(value.tags, { control: 'override', value: ['integration'] });
    assert.deepEqual(value.vars, {
      control: 'override',
      value: { tox_envlist: 'full', tempest_args: '{{ zuul.project.src_dir }}' },
    });
    assert.deepEqual(value.hostVars?.value, { controller: { devstack_local_conf: {} } });
    assert.deepEqual(
      value.dependencies?.value.map((d) => [d.name, d.soft, d.pos.line]),
      [
        ['unit', false, 26],
        ['pep8', true, 27],
      ],
    );
    assert.deepEqual(
      value.semaphores?.map((s) => [s.name, s.resourcesFirst]),
      [
        ['devstack', false],
        ['quota', true],
      ],
    );
    assert.deepEqual(
      value.secrets?.map((s) => [s.alias, s.secret, s.passToParent]),
      [
        ['docs-credentials', 'docs-credentials', false],
        ['token', 'pypi-token', true],
      ],
    );
    assert.ok(typeof value.nodeset === 'object');
    assert.deepEqual(value.nodeset.nodes, [{ name: ['controller', 'primary'], label: 'ubuntu-jammy' }]);
    assert.equal(value.nodeset.name, null);
    assert.deepEqual(
      value.preRun?.map((p) => [p.kind, p.body]),
      [['playbook', 'playbooks/pre.yaml']],
    );
    assert.deepEqual(value.run?.[0]?.semaphores, ['run-lock']);
    assert.deepEqual(
      value.postRun?.map((p) => [p.body, p.cleanup]),
      [
        ['playbooks/post.yaml', false],
        ['playbooks/cleanup.yaml', true],
      ],
    );
    assert.deepEqual(
      value.requiredProjects?.value.map((p) => [p.name, p.overrideCheckout]),
      [
        ['org/lib', null],
        ['org/config', 'stable/1'],
      ],
    );
    assert.deepEqual(value.roles, [
      { project: 'org/project', name: 'project', implicit: true },
      { project: 'org/lib', name: 'lib-role', implicit: false },
    ]);
    assert.equal(value.ansibleVersion, '9');
    assert.deepEqual(value.finalAttributes, ['vars']);
    assert.deepEqual(value.attributePositions.parent, { file: 'zuul.yaml', line: 3, column: 5 });
  });

  it('reads the script shorthand as a run step', () => {
    const { value } = parseItem(
      jobParser,
      yaml`
      - job:
          name: lint
          script: |
            set -e
            tox -e pep8
    `,
    );
    assert.deepEqual(value?.run, [
      {
        kind: 'script',
        body: 'set -e\ntox -e pep8\n',
        semaphores: [],
        cleanup: false,
        pos: { file: 'zuul.yaml', line: 3, column: 5 },
      },
    ]);
  });

  it('makes an untrusted job with secrets post-review and limited to its own project', () => {
    const { value } = parseItem(
      jobParser,
      '- job:\n    name: publish\n    secrets: [token]\n    allowed-projects: [org/lib]\n',
      { trusted: false, path: '.zuul.yaml' },
      view,
    );
    assert.equal(value?.postReview, true);
    assert.deepEqual(value?.allowedProjects, ['org/project']);
  });

  describe('implied branch matchers (Zuul job.branches)', () => {
    const implied = (source: object, pragma = '') => {
      const reporter = new Reporter([]);
      const parsed = emptyParsedConfig();
      parseConfigFile(
        `${pragma}- job:\n    name: unit\n`,
        testSource(source),
        reporter,
        view,
        new Set(['job']),
        parsed,
      );
      assert.deepEqual(reporter.errors, []);
      return parsed.jobs[0]!.branches;
    };
    it('gives a job in a branched untrusted project its own branch, matched exactly', () => {
      assert.deepEqual(implied({ trusted: false, branch: 'stable/1' }), [
        { regex: 'stable/1', negate: false, implied: true },
      ]);
    });
    it('gives none in a config-project', () => {
      assert.equal(implied({ trusted: true, project: 'org/config' }), undefined);
    });
    it('gives none in a single-branch untrusted project', () => {
      assert.equal(implied({ trusted: false, project: 'org/lib' }), undefined);
    });
    it('follows pragma implied-branch-matchers and implied-branches', () => {
      assert.equal(implied({ trusted: false }, '- pragma:\n    implied-branch-matchers: false\n'), undefined);
      assert.deepEqual(
        implied(
          { trusted: true, project: 'org/config' },
          '- pragma:\n    implied-branch-matchers: true\n    implied-branches: [stable/a, stable/b]\n',
        ),
        [
          { regex: 'stable/a', negate: false, implied: false },
          { regex: 'stable/b', negate: false, implied: false },
        ],
      );
    });
  });

  const bad: [string, string, string[], object?][] = [
    ['a missing name', '- job:\n    parent: base\n', ["zuul.yaml:2:5: job: missing required attribute 'name'"]],
    [
      'unknown attributes and wrong types together',
      '- job:\n    name: x\n    parnet: base\n    timeout: long\n    voting: maybe\n',
      [
        "zuul.yaml:3:5: job 'x': unknown attribute 'parnet'",
        "zuul.yaml:4:14: job 'x': 'timeout' must be an integer, not a string",
        "zuul.yaml:5:13: job 'x': 'voting' must be a boolean, not a string",
      ],
    ],
    [
      'a base job in an untrusted project',
      '- job:\n    name: x\n    parent: null\n',
      ["zuul.yaml:3:5: job 'x' is a base job (parent: null); base jobs may only be defined in a config-project"],
      { trusted: false },
    ],
    [
      'intermediate without abstract',
      '- job:\n    name: x\n    intermediate: true\n',
      ["zuul.yaml:3:5: job 'x' is intermediate and must also be abstract"],
    ],
    [
      'post-review unset',
      '- job:\n    name: x\n    post-review: false\n',
      ["zuul.yaml:3:5: job 'x' may not unset 'post-review' once set"],
    ],
    [
      'run and script together',
      '- job:\n    name: x\n    run: a.yaml\n    script: make\n',
      ["zuul.yaml:4:5: job 'x' sets both 'run' and 'script'; use one of them"],
    ],
    [
      'an invalid file regex',
      '- job:\n    name: x\n    files: ["^(doc"]\n',
      [
        "zuul.yaml:3:13: job 'x': 'files': invalid regular expression '^(doc': Invalid regular expression: /^(?:^(doc)/: Unterminated group",
      ],
    ],
    [
      'invalid and reserved variable names',
      '- job:\n    name: x\n    vars:\n      my-var: 1\n      zuul: {}\n',
      [
        "zuul.yaml:4:7: job 'x': 'vars': invalid Ansible variable name 'my-var'",
        "zuul.yaml:5:7: job 'x': 'vars': defining a variable named 'zuul' is not allowed",
      ],
    ],
    [
      "a timeout above the tenant's limit",
      '- job:\n    name: x\n    timeout: 9000\n',
      ["zuul.yaml:3:5: job 'x' has timeout 9000, above the tenant's max-job-timeout 7200"],
    ],
    [
      'a semaphore on both the job and a playbook',
      '- job:\n    name: x\n    semaphores: lock\n    run: {name: r.yaml, semaphores: lock}\n',
      ["zuul.yaml:3:5: job 'x' uses semaphore 'lock' both for the job and a playbook"],
    ],
    [
      'override control where it is not supported',
      '- job:\n    name: x\n    timeout: !override 10\n    branches: !inherit [master]\n',
      [
        "zuul.yaml:3:24: job 'x': 'timeout' does not accept the YAML tag '!override'",
        "zuul.yaml:4:24: job 'x': 'branches' does not accept the YAML tag '!inherit'",
      ],
    ],
    [
      'an unsupported attribute-control',
      '- job:\n    name: x\n    attribute-control:\n      timeout: {final: true}\n',
      ["zuul.yaml:4:7: job 'x': attribute-control does not support 'timeout'"],
    ],
    [
      'unknown required and allowed projects',
      '- job:\n    name: x\n    required-projects: [org/nope]\n    allowed-projects: org/gone\n',
      [
        "zuul.yaml:3:5: job 'x' requires unknown projects: org/nope",
        "zuul.yaml:4:5: job 'x' allows unknown projects: org/gone",
      ],
    ],
    [
      'an anonymous nodeset with a group naming a missing node',
      '- job:\n    name: x\n    nodeset:\n      nodes:\n        - {name: a, label: l}\n      groups:\n        - {name: g, nodes: [b]}\n',
      ["zuul.yaml:7:11: nodeset: group 'g' names node 'b', which is not in the nodeset"],
    ],
    [
      'a secret alias that is not a variable name',
      '- job:\n    name: x\n    secrets:\n      - {name: 1st, secret: s}\n',
      ["zuul.yaml:4:16: job 'x': 'secrets.name': invalid Ansible variable name '1st'"],
    ],
  ];
  for (const [what, text, expected, source] of bad) {
    it(`reports ${what}`, () => {
      const { value, errors } = parseItem(jobParser, text, source ?? {}, view);
      assert.equal(value, undefined);
      assert.deepEqual(errors, expected);
    });
  }
});
