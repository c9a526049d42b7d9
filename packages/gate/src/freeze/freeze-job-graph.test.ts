// Freezing the OpenStack-style fixture tenant: the exact job lists for several changed-file sets, branches, pipelines.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadLayout, parseTenantConfig } from '../config/load-layout.js';
import { formatConfigError } from '../model/config-error.js';
import type { Layout } from '../model/layout.js';
import { openstackRepos, tenantFile } from './fixtures/openstack.js';
import { freezeJobGraph } from './freeze-job-graph.js';

let layout: Layout;
before(() => {
  const { tenants, errors } = parseTenantConfig(tenantFile);
  assert.deepEqual(errors, []);
  layout = loadLayout(tenants[0]!, openstackRepos(), { connections: ['gerrit', 'timer'] });
});

function freeze(project: string, pipeline: string, branch: string, files?: string[]) {
  const result = freezeJobGraph(layout, { project, pipeline, branch, files });
  assert.deepEqual(result.errors.map(formatConfigError), []);
  return result;
}
const names = (project: string, pipeline: string, branch: string, files?: string[]) =>
  freeze(project, pipeline, branch, files).graph.jobs.map((j) => j.name);

const TEMPLATE_CHECK = ['openstack-tox-pep8', 'openstack-tox-py310', 'openstack-tox-py311'];
const NOVA_CHECK = [
  'nova-tox-functional-py310',
  'nova-live-migration',
  'nova-next',
  'nova-ceph-multistore',
  'tempest-integrated-compute',
];

describe('freezeJobGraph on the OpenStack-style tenant', () => {
  it('loads the fixture tenant without a single error or warning', () => {
    assert.deepEqual(layout.errors.map(formatConfigError), []);
    assert.deepEqual([...layout.pipelines.keys()], ['check', 'gate', 'post', 'promote', 'periodic']);
  });

  const nova: [string, string[] | undefined, string[]][] = [
    ['a compute change', ['nova/compute/manager.py'], [...TEMPLATE_CHECK, ...NOVA_CHECK]],
    ['a documentation change', ['doc/source/index.rst'], ['openstack-tox-pep8', 'openstack-tox-docs']],
    ['a release note', ['releasenotes/notes/fix-1234.yaml'], ['openstack-tox-pep8', 'build-openstack-releasenotes']],
    [
      'a functional test change',
      ['nova/tests/functional/test_servers.py'],
      [...TEMPLATE_CHECK, 'nova-tox-functional-py310'],
    ],
    ['a policy change', ['nova/policies/servers.py'], [...TEMPLATE_CHECK, 'nova-tox-functional-py310']],
    ['an api-ref change', ['api-ref/source/servers.inc'], TEMPLATE_CHECK],
    [
      'a change to docs and code (irrelevant-files needs every file irrelevant)',
      ['doc/source/index.rst', 'nova/compute/manager.py'],
      [...TEMPLATE_CHECK, 'openstack-tox-docs', ...NOVA_CHECK],
    ],
    // match-on-config-updates: the jobs nova's own .zuul.yaml defines or lists ignore their file matchers; the
    // template jobs defined elsewhere still apply theirs.
    ['a change to .zuul.yaml only', ['.zuul.yaml'], [...TEMPLATE_CHECK, ...NOVA_CHECK]],
    [
      'a ref without files (file matchers ignored)',
      undefined,
      [...TEMPLATE_CHECK, 'openstack-tox-docs', 'build-openstack-releasenotes', ...NOVA_CHECK],
    ],
    [
      'only the commit message (Gerrit /COMMIT_MSG never counts)',
      ['/COMMIT_MSG'],
      [...TEMPLATE_CHECK, 'openstack-tox-docs', 'build-openstack-releasenotes', ...NOVA_CHECK],
    ],
    [
      'the commit message and a doc file',
      ['/COMMIT_MSG', 'doc/source/index.rst'],
      ['openstack-tox-pep8', 'openstack-tox-docs'],
    ],
  ];
  for (const [what, files, expected] of nova) {
    it(`runs the right nova check jobs on master for ${what}`, () => {
      assert.deepEqual(names('openstack/nova', 'check', 'master', files), expected);
    });
  }

  it("uses the stable branch's own job variants and project stanza", () => {
    assert.deepEqual(names('openstack/nova', 'check', 'stable/2023.1', ['nova/compute/manager.py']), [
      ...TEMPLATE_CHECK,
      'nova-tox-functional-py310',
      'tempest-integrated-compute',
    ]);
    assert.deepEqual(names('openstack/nova', 'check', 'stable/2023.1', ['releasenotes/notes/x.yaml']), [
      'openstack-tox-pep8',
      'build-openstack-releasenotes',
    ]);
  });

  it('freezes the gate, periodic and promote pipelines from templates and the project', () => {
    assert.deepEqual(names('openstack/nova', 'gate', 'master', ['nova/compute/manager.py']), [
      ...TEMPLATE_CHECK,
      'nova-tox-functional-py310',
      'nova-live-migration',
      'tempest-integrated-compute',
    ]);
    assert.deepEqual(names('openstack/nova', 'periodic', 'master'), ['openstack-tox-py310', 'openstack-tox-py311']);
    assert.deepEqual(names('openstack/nova', 'promote', 'master', ['doc/source/index.rst']), [
      'promote-openstack-tox-docs',
    ]);
    assert.equal(freeze('openstack/nova', 'post', 'master').participates, false);
  });

  it('freezes the other projects of the tenant', () => {
    assert.deepEqual(names('openstack/devstack', 'check', 'master', ['lib/nova']), ['devstack', 'devstack-multinode']);
    assert.deepEqual(names('openstack/devstack', 'check', 'master', ['doc/source/index.rst']), []);
    assert.deepEqual(names('openstack/tempest', 'check', 'master', ['tempest/api/compute/test_x.py']), [
      ...TEMPLATE_CHECK,
      'tempest-full-py3',
      'tempest-multinode-full-py3',
    ]);
    assert.deepEqual(names('openstack/project-config', 'check', 'master', ['zuul.d/jobs.yaml']), ['noop']);
  });

  it('builds nova-live-migration from the whole devstack/tempest hierarchy', () => {
    const job = freeze('openstack/nova', 'check', 'master', ['nova/compute/manager.py']).graph.jobs.find(
      (j) => j.name === 'nova-live-migration',
    )!;
    assert.deepEqual(job.parents, [
      'base',
      'devstack-base',
      'devstack-minimal',
      'devstack',
      'devstack-tempest',
      'tempest-full-py3',
      'tempest-multinode-full-py3',
      'nova-live-migration',
    ]);
    assert.equal(job.nodeset.name, 'openstack-two-node-jammy');
    assert.equal(job.timeout, 7200);
    assert.equal(job.postTimeout, 1800);
    assert.equal(job.attempts, 3);
    assert.deepEqual(
      job.preRun.map((p) => [p.body, p.project, p.nestingLevel]),
      [
        ['playbooks/base/pre.yaml', 'openstack/project-config', 0],
        ['playbooks/pre.yaml', 'openstack/devstack', 1],
      ],
    );
    assert.deepEqual(
      job.run.map((p) => [p.body, p.project]),
      [['playbooks/devstack-tempest.yaml', 'openstack/tempest']],
    );
    // Post-run playbooks nest: the child's first, the base job's last.
    assert.deepEqual(
      job.postRun.map((p) => p.body),
      [
        'playbooks/nova-live-migration/post-run.yaml',
        'playbooks/post-tempest.yaml',
        'playbooks/post.yaml',
        'playbooks/base/post.yaml',
        'playbooks/base/post-logs.yaml',
      ],
    );
    assert.deepEqual(
      job.requiredProjects.map((p) => p.name),
      ['openstack/devstack', 'openstack/nova', 'openstack/tempest'],
    );
    assert.deepEqual(job.vars.devstack_services, {
      base: false,
      dstat: false,
      etcd3: true,
      mysql: true,
      rabbit: true,
      'n-api': true,
      'n-cpu': true,
      'n-sch': true,
      tempest: true,
      'neutron-trunk': true,
    });
    assert.equal(job.vars.tox_envlist, 'all');
    assert.equal(
      job.vars.tempest_test_regex,
      '(^tempest\\.api\\.compute\\.admin\\.(test_live_migration|test_migration))',
    );
    assert.deepEqual(job.groupVars, { subnode: { devstack_services: { tempest: false } } });
    assert.equal(job.irrelevantFiles.length, 14);
  });

  it('applies the stable/2023.1 variant of a branchless tempest job on that branch only', () => {
    const stable = freeze('openstack/nova', 'check', 'stable/2023.1', ['nova/compute/manager.py']).graph.jobs.find(
      (j) => j.name === 'tempest-integrated-compute',
    )!;
    const master = freeze('openstack/nova', 'check', 'master', ['nova/compute/manager.py']).graph.jobs.find(
      (j) => j.name === 'tempest-integrated-compute',
    )!;
    assert.equal(stable.nodeset.name, 'openstack-single-node-focal');
    assert.equal(master.nodeset.name, 'openstack-single-node-jammy');
    assert.equal((stable.vars.devstack_localrc as Record<string, unknown>).USE_PYTHON3, true);
    assert.equal((master.vars.devstack_localrc as Record<string, unknown>).USE_PYTHON3, undefined);
    assert.deepEqual(master.vars.devstack_local_conf, {
      'test-config': {
        $TEMPEST_CONFIG: {
          compute: { min_compute_nodes: "{{ groups['compute'] | default(['controller']) | length }}" },
        },
      },
      'post-config': { $NOVA_CONF: { DEFAULT: { enabled_apis: 'metadata' } } },
    });
    // On master, nova's project-pipeline variant replaces tempest's irrelevant-files with nova's list.
    assert.ok(master.irrelevantFiles.some((m) => m.regex === '^nova/policies/.*$'));
    assert.ok(!stable.irrelevantFiles.some((m) => m.regex === '^nova/policies/.*$'));
  });

  it('applies project-pipeline overrides and keeps Jinja strings verbatim', () => {
    const py311 = freeze('openstack/nova', 'check', 'master', ['nova/compute/manager.py']).graph.jobs.find(
      (j) => j.name === 'openstack-tox-py311',
    )!;
    assert.equal(py311.voting, false);
    assert.deepEqual(py311.vars, {
      tox_envlist: 'py311',
      tox_environment: {},
      tox_constraints_file:
        '{{ ansible_user_dir }}/{{ zuul.projects["opendev.org/openstack/requirements"].src_dir }}/upper-constraints.txt',
      python_version: '3.11',
    });
    const gate = freeze('openstack/nova', 'gate', 'master', ['nova/compute/manager.py']).graph.jobs;
    assert.equal(gate.find((j) => j.name === 'openstack-tox-py311')!.voting, true);
  });

  it("runs nova-next's script shorthand and resolves its soft dependency", () => {
    const graph = freeze('openstack/nova', 'check', 'master', ['nova/compute/manager.py']).graph;
    const next = graph.jobs.find((j) => j.name === 'nova-next')!;
    assert.deepEqual(
      next.run.map((p) => [p.kind, p.body, p.project]),
      [['script', 'set -e\n./gate/post_test_hook.sh "{{ devstack_base_dir }}"\n', 'openstack/nova']],
    );
    assert.deepEqual(next.dependencies, [{ name: 'openstack-tox-pep8', soft: true }]);
    assert.equal(next.timeout, 9000);
    assert.deepEqual(graph.dependents['openstack-tox-pep8'], ['nova-next', 'nova-ceph-multistore']);
    // Without pep8 in the graph the soft dependency is dropped and the hard one is an error.
    const docsOnly = freeze('openstack/nova', 'check', 'master', ['doc/source/index.rst']).graph;
    assert.deepEqual(docsOnly.dependents, {});
  });

  it('hands the promote job its secret, encrypted, on an executor-only nodeset', () => {
    const [job] = freeze('openstack/nova', 'promote', 'master').graph.jobs;
    assert.deepEqual(job!.nodeset, { name: null, nodes: [], groups: [] });
    assert.deepEqual(job!.run[0]!.secrets, [
      { secret: 'afs-credentials', alias: 'afs', project: 'openstack/project-config' },
    ]);
    assert.equal(job!.run[0]!.trusted, true);
    assert.ok(layout.secrets.get('afs-credentials'));
  });
});
