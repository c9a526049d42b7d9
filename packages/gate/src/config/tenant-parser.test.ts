// Table-driven tests of the tenant file parser: Zuul's documented tenants, project options and groups, bad input.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatConfigError } from '../model/config-error.js';
import { parseTenantConfig } from './load-layout.js';
import { yaml } from './test-helpers.js';

const ALL = ['pipeline', 'job', 'semaphore', 'project', 'project-template', 'nodeset', 'secret', 'queue'];
const UNTRUSTED = ALL.filter((t) => t !== 'pipeline');

describe('parseTenantConfig', () => {
  it("reads the documentation's first tenant example", () => {
    const { tenants, errors } = parseTenantConfig(yaml`
      - tenant:
          name: my-tenant
          max-nodes-per-job: 5
          exclude-unprotected-branches: false
          source:
            gerrit:
              config-projects:
                - common-config
                - shared-jobs:
                    include: job
              untrusted-projects:
                - zuul/zuul-jobs:
                    shadow: common-config
                - project1
                - project2:
                    exclude-unprotected-branches: true
    `);
    assert.deepEqual(errors, []);
    const [tenant] = tenants;
    assert.equal(tenant?.name, 'my-tenant');
    assert.equal(tenant?.defaultParent, 'base');
    assert.equal(tenant?.maxJobTimeout, 10800);
    assert.deepEqual(
      tenant?.projects.map((p) => [p.name, p.trusted, [...p.include].sort(), p.shadow]),
      [
        ['common-config', true, [...ALL].sort(), []],
        ['shared-jobs', true, ['job'], []],
        ['zuul/zuul-jobs', false, [...UNTRUSTED].sort(), ['common-config']],
        ['project1', false, [...UNTRUSTED].sort(), []],
        ['project2', false, [...UNTRUSTED].sort(), []],
      ],
    );
    assert.deepEqual(tenant?.projects[0]?.pos, { file: 'main.yaml', line: 8, column: 13 });
  });

  it("reads the documentation's project group with exclude", () => {
    const { tenants, errors } = parseTenantConfig(yaml`
      - tenant:
          name: my-tenant
          admin-rules:
            - acl1
            - acl2
          source:
            gerrit:
              config-projects:
                - common-config
              untrusted-projects:
                - exclude:
                    - job
                    - semaphore
                    - project
                    - project-template
                    - nodeset
                    - secret
                  projects:
                    - project1
                    - project2:
                        exclude-unprotected-branches: true
    `);
    assert.deepEqual(errors, []);
    assert.deepEqual(
      tenants[0]?.projects.slice(1).map((p) => [p.name, [...p.include]]),
      [
        ['project1', ['queue']],
        ['project2', ['queue']],
      ],
    );
  });

  it('orders config-projects first across sources and keeps per-project options', () => {
    const { tenants, errors } = parseTenantConfig(yaml`
      - tenant:
          name: t
          default-parent: base-minimal
          max-job-timeout: -1
          source:
            github:
              untrusted-projects:
                - org/app:
                    load-branch: main
                    implied-branch-matchers: true
                    extra-config-paths: [zuul-extra.d/]
                    exclude-branches: ['^feature/.*']
            gerrit:
              config-projects:
                - org/config:
                    load-branch: main
    `);
    assert.deepEqual(errors, []);
    const [tenant] = tenants;
    assert.equal(tenant?.defaultParent, 'base-minimal');
    assert.equal(tenant?.maxJobTimeout, -1);
    assert.deepEqual(
      tenant?.projects.map((p) => [p.name, p.connection, p.loadBranch]),
      [
        ['org/config', 'gerrit', 'main'],
        ['org/app', 'github', 'main'],
      ],
    );
    assert.equal(tenant?.projects[1]?.impliedBranchMatchers, true);
    assert.deepEqual(tenant?.projects[1]?.extraConfigPaths, ['zuul-extra.d/']);
    assert.deepEqual(tenant?.projects[1]?.excludeBranches, [{ regex: '^feature/.*', negate: false }]);
  });

  const bad: [string, string, string[]][] = [
    [
      'a tenant without source',
      '- tenant:\n    name: t\n',
      ["main.yaml:2:5: tenant 't': missing required attribute 'source'"],
    ],
    [
      'an unknown tenant attribute and item type',
      '- tenant:\n    name: t\n    source: {}\n    colour: blue\n- tenent:\n    name: u\n',
      [
        "main.yaml:4:5: tenant 't': unknown attribute 'colour'",
        "main.yaml:5:3: warning: tenant configuration item 'tenent' is not supported by nubo's gate and was ignored",
      ],
    ],
    [
      'an unknown include item and project option',
      '- tenant:\n    name: t\n    source:\n      gerrit:\n        untrusted-projects:\n          - p:\n              include: [jobs]\n              shadows: q\n',
      [
        "main.yaml:7:25: tenant 't': 'p.include' must be one of pipeline, job, semaphore, project, project-template, nodeset, secret, queue, not 'jobs'",
        "main.yaml:8:15: tenant 't': unknown attribute 'p.shadows'",
      ],
    ],
    [
      'a project listed twice and a default root as extra config path',
      '- tenant:\n    name: t\n    source:\n      gerrit:\n        config-projects: [a]\n        untrusted-projects:\n          - a\n          - b: {extra-config-paths: [zuul.d/]}\n',
      [
        "main.yaml:8:13: tenant 't': extra-config-paths may not name the default configuration 'zuul.d/'",
        "main.yaml:7:13: tenant 't': project 'a' is listed twice",
      ],
    ],
    [
      'a tenant defined twice',
      '- tenant: {name: t, source: {}}\n- tenant: {name: t, source: {}}\n',
      ["main.yaml:2:3: tenant 't' is defined twice"],
    ],
  ];
  for (const [what, text, expected] of bad) {
    it(`reports ${what}`, () => {
      assert.deepEqual(parseTenantConfig(text).errors.map(formatConfigError), expected);
    });
  }
});
