// Tests of layout validation: parents, final/protected/intermediate, cycles, and references to missing objects.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inlineLayout, simpleLayout } from '../freeze/fixtures/inline-tenant.js';
import { formatConfigError } from '../model/config-error.js';
import type { Layout } from '../model/layout.js';
import { yaml } from './test-helpers.js';

const errorsOf = (layout: Layout) => layout.errors.map(formatConfigError);

describe('validateLayout', () => {
  const cases: [string, string, string, string[]][] = [
    [
      'an unknown parent',
      '',
      yaml`
        - job:
            name: x
            parent: y
      `,
      [".zuul.yaml:3:5: job 'x' has unknown parent 'y'"],
    ],
    [
      'a final parent',
      '- job:\n    name: sealed\n    parent: base\n    final: true\n',
      '- job:\n    name: child\n    parent: sealed\n',
      [".zuul.yaml:3:5: job 'child' may not inherit from final job 'sealed'"],
    ],
    [
      'a protected parent of another project',
      '- job:\n    name: guarded\n    parent: base\n    protected: true\n',
      '- job:\n    name: child\n    parent: guarded\n',
      [".zuul.yaml:3:5: job 'child' may not inherit from protected job 'guarded' of project 'org/config'"],
    ],
    [
      'an intermediate parent with a concrete child',
      '- job:\n    name: mid\n    parent: base\n    abstract: true\n    intermediate: true\n',
      '- job:\n    name: child\n    parent: mid\n',
      [".zuul.yaml:3:5: job 'child' inherits from intermediate job 'mid' and must be abstract"],
    ],
    [
      'an inheritance cycle',
      '',
      '- job:\n    name: a\n    parent: b\n- job:\n    name: b\n    parent: c\n- job:\n    name: c\n    parent: a\n',
      [".zuul.yaml:3:5: job 'a' has an inheritance cycle: a -> b -> c -> a"],
    ],
    [
      'a dependency cycle among job definitions',
      '',
      '- job:\n    name: a\n    dependencies: [b]\n- job:\n    name: b\n    dependencies:\n      - name: a\n        soft: true\n',
      [".zuul.yaml:3:5: job 'a' has a dependency cycle: a -> b -> a"],
    ],
    [
      'missing nodeset, semaphore, secret and dependency',
      '',
      yaml`
        - job:
            name: x
            nodeset: big
            semaphores: [lock]
            secrets: [token]
            dependencies: [nope]
            run: {name: run.yaml, semaphores: pb-lock}
      `,
      [
        ".zuul.yaml:3:5: job 'x' uses unknown nodeset 'big'",
        ".zuul.yaml:4:18: job 'x' uses unknown semaphore 'lock'",
        ".zuul.yaml:7:10: job 'x' uses unknown semaphore 'pb-lock'",
        ".zuul.yaml:5:15: job 'x' uses unknown secret 'token'",
        ".zuul.yaml:6:20: job 'x' depends on unknown job 'nope'",
      ],
    ],
    [
      'a secret of another project',
      '- secret:\n    name: token\n    data: {a: b}\n',
      '- job:\n    name: x\n    secrets: [token]\n',
      [
        ".zuul.yaml:3:15: job 'x' uses secret 'token' of project 'org/config'; a secret is only for jobs of its own project",
      ],
    ],
    [
      'a nodeset larger than max-nodes-per-job',
      '',
      `- job:\n    name: x\n    nodeset:\n      nodes:\n${[1, 2, 3, 4, 5, 6].map((i) => `        - {name: n${i}, label: l}\n`).join('')}`,
      [".zuul.yaml:3:5: job 'x' requests 6 nodes, more than the tenant's max-nodes-per-job 5"],
    ],
    [
      'a project running an unknown job, using an unknown template, naming an unknown pipeline',
      '',
      '- project:\n    templates: [nope]\n    check:\n      jobs: [ghost]\n    chek:\n      jobs: []\n',
      [
        ".zuul.yaml:1:3: project 'org/project' uses unknown project-template 'nope'",
        ".zuul.yaml:4:14: project 'org/project' runs unknown job 'ghost' in pipeline 'check'",
        ".zuul.yaml:5:5: warning: project 'org/project' names unknown pipeline 'chek'",
      ],
    ],
    [
      'a project-pipeline changing how a final job runs',
      '- job:\n    name: sealed\n    final: true\n    run: run.yaml\n',
      '- project:\n    check:\n      jobs:\n        - sealed:\n            voting: false\n        - sealed:\n            timeout: 60\n',
      [".zuul.yaml:6:11: job 'sealed' is final; project 'org/project' may not change 'timeout' in pipeline 'check'"],
    ],
    [
      'a variant changing a final job',
      '',
      '- job:\n    name: sealed\n    final: true\n    run: run.yaml\n- job:\n    name: sealed\n    nodeset: {nodes: []}\n    voting: false\n',
      [".zuul.yaml:5:3: job 'sealed' is final; a variant may not change 'nodeset'"],
    ],
  ];
  for (const [what, config, project, expected] of cases) {
    it(`reports ${what}`, () => {
      assert.deepEqual(errorsOf(simpleLayout(config, project)), expected);
    });
  }

  it("reports the missing tenant default-parent, in the brief's format", () => {
    const layout = inlineLayout({
      'org/config': { trusted: true, branches: { master: { 'zuul.yaml': '- job:\n    name: lonely\n' } } },
    });
    assert.deepEqual(errorsOf(layout), [
      "zuul.yaml:1:3: job 'lonely' has unknown parent 'base' (the tenant default-parent)",
    ]);
  });

  it('accepts a protected parent within its own project', () => {
    const layout = simpleLayout(
      '',
      '- job:\n    name: guarded\n    protected: true\n- job:\n    name: child\n    parent: guarded\n',
    );
    assert.deepEqual(errorsOf(layout), []);
  });
});
