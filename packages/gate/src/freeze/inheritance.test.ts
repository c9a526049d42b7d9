// Freezing semantics on small inline tenants: variants, inheritance, override control, final/protected/abstract.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { yaml } from '../config/test-helpers.js';
import { formatConfigError } from '../model/config-error.js';
import type { Layout } from '../model/layout.js';
import { BASE_CONFIG, inlineLayout, simpleLayout } from './fixtures/inline-tenant.js';
import { type FreezeRequest, freezeJobGraph } from './freeze-job-graph.js';

function frozen(layout: Layout, request: Partial<FreezeRequest> = {}) {
  assert.deepEqual(layout.errors.map(formatConfigError), []);
  return freezeJobGraph(layout, {
    project: 'org/project',
    pipeline: 'check',
    branch: 'master',
    files: ['src/a.py'],
    ...request,
  });
}
const job = (layout: Layout, name: string, request: Partial<FreezeRequest> = {}) => {
  const result = frozen(layout, request);
  assert.deepEqual(result.errors.map(formatConfigError), []);
  const found = result.graph.jobs.find((j) => j.name === name);
  assert.ok(found, `${name} not in ${result.graph.jobs.map((j) => j.name)}`);
  return found;
};
const errorsOf = (layout: Layout, request: Partial<FreezeRequest> = {}) =>
  frozen(layout, request).errors.map(formatConfigError);

describe('job variants and branches', () => {
  const twoBranches = (master: string, stable: string) =>
    inlineLayout({
      'org/config': { trusted: true, branches: { master: { 'zuul.yaml': BASE_CONFIG } } },
      'org/project': { branches: { master: { '.zuul.yaml': master }, 'stable/1': { '.zuul.yaml': stable } } },
    });
  const unit = (envlist: string) => yaml`
    - job:
        name: unit
        run: run.yaml
        vars: {envlist: ${envlist}}
    - project:
        check:
          jobs: [unit]
  `;

  it("uses the variant read on the item's branch (implied branch matchers of a branched project)", () => {
    const layout = twoBranches(unit('master'), unit('stable'));
    assert.deepEqual(job(layout, 'unit').vars, { envlist: 'master' });
    assert.deepEqual(job(layout, 'unit', { branch: 'stable/1' }).vars, { envlist: 'stable' });
  });

  it('applies every matching variant in order, explicit branch regexes included (negated too)', () => {
    // Defined in the config-project: no implied branch matchers, so the stanza serves every branch.
    const layout = simpleLayout(yaml`
      - job:
          name: unit
          run: run.yaml
          timeout: 100
          vars: {a: 1}
      - job:
          name: unit
          branches: ^stable/.*$
          timeout: 200
      - job:
          name: unit
          branches: {regex: ^stable/.*$, negate: true}
          vars: {b: 2}
      - project:
          name: org/project
          check:
            jobs: [unit]
    `);
    const master = job(layout, 'unit');
    assert.equal(master.timeout, 100);
    assert.deepEqual(master.vars, { a: 1, b: 2 });
    const stable = job(layout, 'unit', { branch: 'stable/9' });
    assert.equal(stable.timeout, 200);
    assert.deepEqual(stable.vars, { a: 1 });
  });

  it('does not run a job none of whose variants match, and reports why in debug', () => {
    const layout = simpleLayout(
      '',
      '- job:\n    name: unit\n    branches: stable/1\n    run: r.yaml\n- project:\n    check:\n      jobs: [unit]\n',
    );
    const result = frozen(layout);
    assert.deepEqual(result.graph.jobs, []);
    assert.ok(result.debug.some((d) => d.includes('No matching variants for unit')));
  });

  it("selects variants by a job's override-checkout when the defining project has that branch", () => {
    const layout = inlineLayout({
      'org/config': { trusted: true, branches: { master: { 'zuul.yaml': BASE_CONFIG } } },
      'org/lib': {
        branches: {
          master: { '.zuul.yaml': '- job:\n    name: lib-test\n    run: r.yaml\n    vars: {v: master}\n' },
          'stable/1': { '.zuul.yaml': '- job:\n    name: lib-test\n    run: r.yaml\n    vars: {v: stable}\n' },
        },
      },
      'org/project': {
        branches: {
          master: {
            '.zuul.yaml':
              '- project:\n    check:\n      jobs:\n        - lib-test:\n            override-checkout: stable/1\n',
          },
        },
      },
    });
    const frozenJob = job(layout, 'lib-test');
    assert.deepEqual(frozenJob.vars, { v: 'stable' });
    assert.equal(frozenJob.overrideCheckout, 'stable/1');
  });
});

describe('inheritance and override control', () => {
  const layout = simpleLayout(
    yaml`
      - job:
          name: parent
          parent: base
          pre-run: parent-pre.yaml
          run: parent-run.yaml
          post-run: parent-post.yaml
          files: ['^src/.*$']
          tags: [p]
          semaphores: [b-lock]
          allowed-projects: [org/project, org/config]
          required-projects: [org/config]
          vars:
            deep: {a: 1, b: {c: 2}}
            list: [1, 2]
      - semaphore: {name: a-lock}
      - semaphore: {name: b-lock}
    `,
    yaml`
      - job:
          name: child
          parent: parent
          pre-run: child-pre.yaml
          post-run: child-post.yaml
          files: !inherit ['^lib/.*$']
          tags: [c]
          semaphores: a-lock
          allowed-projects: [org/project]
          vars:
            deep: {b: {d: 3}}
            list: [3]
      - job:
          name: replaced
          parent: parent
          files: ['^docs/.*$']
          tags: !override [only]
          vars: !override {fresh: true}
      - project:
          vars: {deep: {project: true}, from_project: 1}
          check:
            jobs:
              - child
              - replaced:
                  vars: {from_pipeline: 2}
    `,
  );

  it('nests pre- and post-run playbooks around the inherited run playbook', () => {
    const child = job(layout, 'child');
    assert.deepEqual(
      child.preRun.map((p) => p.body),
      ['playbooks/base/pre.yaml', 'parent-pre.yaml', 'child-pre.yaml'],
    );
    assert.deepEqual(
      child.run.map((p) => p.body),
      ['parent-run.yaml'],
    );
    assert.deepEqual(
      child.postRun.map((p) => p.body),
      ['child-post.yaml', 'parent-post.yaml', 'playbooks/base/post.yaml'],
    );
    assert.deepEqual(
      child.inheritancePath.map((p) => p.split(' ')[0]),
      ['base', 'parent', 'child', 'child'],
    );
  });

  it('deep-merges vars (job over project), merges tags and semaphores, intersects allowed-projects', () => {
    const child = job(layout, 'child');
    assert.deepEqual(child.vars, { deep: { a: 1, b: { c: 2, d: 3 }, project: true }, list: [3], from_project: 1 });
    assert.deepEqual(child.tags, ['c', 'p']);
    assert.deepEqual(child.semaphores, [
      { name: 'a-lock', resourcesFirst: false },
      { name: 'b-lock', resourcesFirst: false },
    ]);
    assert.deepEqual(child.allowedProjects, ['org/project']);
    assert.deepEqual(
      child.requiredProjects.map((p) => p.name),
      ['org/config'],
    );
    assert.deepEqual(
      child.files.map((f) => f.regex),
      ['^lib/.*$', '^src/.*$'],
    );
  });

  it('replaces with !override, and files by default', () => {
    const replaced = job(layout, 'replaced', { files: ['docs/index.rst'] });
    assert.deepEqual(replaced.vars, { fresh: true, deep: { project: true }, from_project: 1, from_pipeline: 2 });
    assert.deepEqual(replaced.tags, ['only']);
    assert.deepEqual(
      replaced.files.map((f) => f.regex),
      ['^docs/.*$'],
    );
  });

  it('applies the file matchers of the frozen job', () => {
    assert.deepEqual(
      frozen(layout, { files: ['lib/x.py'] }).graph.jobs.map((j) => j.name),
      ['child'],
    );
    assert.deepEqual(
      frozen(layout, { files: ['docs/x.rst'] }).graph.jobs.map((j) => j.name),
      ['replaced'],
    );
    assert.deepEqual(
      frozen(layout, { files: ['README'] }).graph.jobs.map((j) => j.name),
      [],
    );
  });
});

describe('final, protected, abstract, attribute-control and post-review', () => {
  it('refuses a variant changing a final job when both match the branch (found at freeze time)', () => {
    const layout = simpleLayout(
      '',
      yaml`
        - job:
            name: sealed
            branches: ^m.*
            final: true
            run: r.yaml
        - job:
            name: sealed
            branches: ^.*ter$
            timeout: 10
        - project:
            check:
              jobs: [sealed]
      `,
    );
    assert.deepEqual(errorsOf(layout), [
      ".zuul.yaml:9:5: job 'sealed' is final; sealed (org/project@master .zuul.yaml:6:3) may not change 'timeout'",
    ]);
  });

  it("refuses another project's project-pipeline changing a protected job", () => {
    const layout = simpleLayout(
      '- job:\n    name: guarded\n    protected: true\n    run: r.yaml\n',
      '- project:\n    check:\n      jobs:\n        - guarded:\n            nodeset: {nodes: []}\n',
    );
    // Found when the layout is checked, and again (authoritatively) when the job is frozen.
    assert.deepEqual(layout.errors.map(formatConfigError), [
      ".zuul.yaml:4:11: job 'guarded' is protected; project 'org/project' may not change 'nodeset' in pipeline 'check'",
    ]);
    const result = freezeJobGraph(layout, { project: 'org/project', pipeline: 'check', branch: 'master' });
    assert.deepEqual(result.errors.map(formatConfigError), [
      ".zuul.yaml:5:13: job 'guarded' is protected by project 'org/config'; guarded (org/project@master .zuul.yaml:4:11) may not change 'nodeset'",
    ]);
  });

  it('refuses changing an attribute made final with attribute-control', () => {
    const layout = simpleLayout(
      '- job:\n    name: strict\n    run: r.yaml\n    vars: {a: 1}\n    attribute-control:\n      vars: {final: true}\n',
      '- job:\n    name: loose\n    parent: strict\n    vars: {a: 2}\n- project:\n    check:\n      jobs: [loose]\n',
    );
    assert.deepEqual(errorsOf(layout), [
      ".zuul.yaml:4:5: job 'strict' attribute 'vars' is final; loose (org/project@master .zuul.yaml:1:3) may not change it",
    ]);
  });

  const pending: [string, string, string, Partial<FreezeRequest>, string[]][] = [
    [
      'an abstract job run directly',
      '',
      '- job:\n    name: tmpl\n    abstract: true\n    run: r.yaml\n- project:\n    check:\n      jobs: [tmpl]\n',
      {},
      [".zuul.yaml:7:14: job 'tmpl' is abstract and may not be directly run"],
    ],
    [
      'a post-review job in a pre-review pipeline',
      '- job:\n    name: publish\n    post-review: true\n    run: r.yaml\n',
      '- project:\n    check:\n      jobs: [publish]\n',
      {},
      [".zuul.yaml:3:14: pre-review pipeline 'check' does not allow post-review job 'publish'"],
    ],
    [
      'a project outside allowed-projects',
      '',
      '- job:\n    name: mine\n    run: r.yaml\n    allowed-projects: [org/config]\n- project:\n    check:\n      jobs: [mine]\n',
      {},
      [".zuul.yaml:7:14: project 'org/project' is not allowed to run job 'mine'"],
    ],
    [
      'a job without a run playbook',
      '',
      '- job:\n    name: idle\n- project:\n    check:\n      jobs: [idle]\n',
      {},
      [".zuul.yaml:5:14: job 'idle' does not specify a run playbook"],
    ],
  ];
  for (const [what, config, project, request, expected] of pending) {
    it(`reports ${what}, but only if it would run`, () => {
      const layout = simpleLayout(config, project);
      assert.deepEqual(errorsOf(layout, request), expected);
    });
  }

  it('lets a post-review job run in gate, and a config-project attach a job despite allowed-projects', () => {
    const layout = simpleLayout(
      '- job:\n    name: publish\n    post-review: true\n    run: r.yaml\n    allowed-projects: [org/config]\n' +
        '- project:\n    name: org/project\n    gate:\n      jobs: [publish]\n',
    );
    assert.deepEqual(frozen(layout, { pipeline: 'gate' }).errors, []);
  });

  it('passes secrets to parent playbooks, making an untrusted parent post-review', () => {
    const layout = simpleLayout(
      '',
      yaml`
        - secret:
            name: token
            data: {key: value}
        - job:
            name: uploader
            run: upload.yaml
        - job:
            name: release
            parent: uploader
            secrets:
              - name: creds
                secret: token
                pass-to-parent: true
        - project:
            gate:
              jobs: [release]
      `,
    );
    const release = job(layout, 'release', { pipeline: 'gate' });
    assert.deepEqual(release.run[0]!.secrets, [{ secret: 'token', alias: 'creds', project: 'org/project' }]);
    assert.equal(release.postReview, true);
    assert.deepEqual(release.allowedProjects, ['org/project']);
  });
});

describe('dependencies', () => {
  const deps = simpleLayout(
    '',
    yaml`
      - job:
          name: build
          run: build.yaml
          files: ['^src/.*$']
      - job:
          name: test
          run: test.yaml
          irrelevant-files: ['^src/.*$']
          dependencies: [build]
      - job:
          name: report
          run: report.yaml
          dependencies:
            - name: lint
              soft: true
      - job:
          name: lint
          run: lint.yaml
      - project:
          check:
            jobs: [build, test, report]
    `,
  );

  it('forces a hard dependency that its file matchers would skip, and drops a soft one that does not run', () => {
    const result = frozen(deps, { files: ['README.rst'] });
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.graph.jobs.map((j) => [j.name, j.dependencies.map((d) => d.name)]),
      [
        ['build', []],
        ['test', ['build']],
        ['report', []],
      ],
    );
    assert.deepEqual(result.graph.dependents, { build: ['test'] });
  });

  it('removes a job whose dependants do not run either', () => {
    const result = frozen(deps, { files: ['src/a.py'] });
    assert.deepEqual(
      result.graph.jobs.map((j) => j.name),
      ['build', 'report'],
    );
  });

  it('reports a hard dependency on a job that does not run, and a cycle', () => {
    const layout = simpleLayout(
      '',
      '- job:\n    name: a\n    run: r.yaml\n    dependencies: [missing-here]\n- job:\n    name: missing-here\n    run: r.yaml\n' +
        '- project:\n    check:\n      jobs:\n        - a\n',
    );
    assert.deepEqual(errorsOf(layout), [
      ".zuul.yaml:11:11: job 'a' depends on 'missing-here', which does not run for this change",
    ]);
    const cyclic = simpleLayout(
      '',
      '- job:\n    name: a\n    run: r.yaml\n- job:\n    name: b\n    run: r.yaml\n' +
        '- project:\n    check:\n      jobs:\n        - a:\n            dependencies: [b]\n        - b:\n            dependencies: [a]\n',
    );
    assert.deepEqual(errorsOf(cyclic), ['.zuul.yaml:10:11: dependency cycle between jobs: a -> b -> a']);
  });
});

describe('match-on-config-updates', () => {
  const project = (timeout: number) =>
    `- job:\n    name: docs\n    run: r.yaml\n    files: ['^doc/.*$']\n    timeout: ${timeout}\n- project:\n    check:\n      jobs: [docs]\n`;

  it('runs a job whose configuration the change alters, compared with the layout before it', () => {
    const before = simpleLayout('', project(10));
    const after = simpleLayout('', project(20));
    const request = { files: ['src/a.py'], previousLayout: before };
    assert.deepEqual(
      frozen(after, request).graph.jobs.map((j) => j.name),
      ['docs'],
    );
    assert.deepEqual(
      frozen(before, request).graph.jobs.map((j) => j.name),
      [],
    );
  });

  it('without the earlier layout, counts a change to the file defining the job', () => {
    const layout = simpleLayout('', project(10));
    assert.deepEqual(
      frozen(layout, { files: ['.zuul.yaml'] }).graph.jobs.map((j) => j.name),
      ['docs'],
    );
    const off = simpleLayout('', project(10).replace('timeout: 10', 'timeout: 10\n    match-on-config-updates: false'));
    assert.deepEqual(
      frozen(off, { files: ['.zuul.yaml'] }).graph.jobs.map((j) => j.name),
      [],
    );
  });
});
