// A load-time benchmark: N generated projects' configuration → layout → a frozen job graph per project.
import { performance } from 'node:perf_hooks';
import { buildLayout } from '../config/build-layout.js';
import { parseTenantConfig } from '../config/load-layout.js';
import { loadTenantConfig, type TenantRepos } from '../config/load-tenant-config.js';
import { Reporter } from '../config/reporter.js';
import { freezeJobGraph } from './freeze-job-graph.js';

/** The figures of one run. Times are milliseconds of wall clock. */
export interface GateConfigLoadBench {
  readonly projects: number;
  readonly configFiles: number;
  readonly configBytes: number;
  readonly jobVariants: number;
  readonly frozenJobs: number;
  readonly errors: number;
  readonly parseMs: number;
  readonly layoutMs: number;
  readonly freezeMs: number;
  readonly totalMs: number;
  /** One line for `npm run bench -- gate`. */
  readonly summary: string;
}

const SHARED = `
- pipeline:
    name: check
    manager: independent
    trigger:
      gerrit:
        - event: patchset-created
    success:
      gerrit:
        Verified: 1
    failure:
      gerrit:
        Verified: -1
- pipeline:
    name: gate
    manager: dependent
    post-review: true
    trigger:
      gerrit:
        - event: comment-added
          approval:
            - Workflow: 1
    success:
      gerrit:
        Verified: 2
        submit: true
    failure:
      gerrit:
        Verified: -2
- nodeset:
    name: ubuntu-jammy
    nodes:
      - name: controller
        label: ubuntu-jammy
- nodeset:
    name: two-node
    nodes:
      - name: controller
        label: ubuntu-jammy
      - name: compute1
        label: ubuntu-jammy
    groups:
      - name: compute
        nodes: [controller, compute1]
- semaphore:
    name: cloud-quota
    max: 10
- job:
    name: base
    parent: null
    pre-run: playbooks/base/pre.yaml
    post-run: playbooks/base/post.yaml
    nodeset: ubuntu-jammy
    timeout: 1800
- job:
    name: tox
    parent: base
    abstract: true
    run: playbooks/tox/run.yaml
    vars:
      tox_envlist: venv
- job:
    name: tox-pep8
    parent: tox
    vars: {tox_envlist: pep8}
- job:
    name: tox-py311
    parent: tox
    irrelevant-files: &docs
      - ^doc/.*$
      - ^.*\\.rst$
      - ^releasenotes/.*$
    vars: {tox_envlist: py311}
- job:
    name: tox-docs
    parent: tox
    files: *docs
    vars: {tox_envlist: docs}
- job:
    name: integration
    parent: base
    abstract: true
    nodeset: two-node
    run: playbooks/integration.yaml
    semaphores: cloud-quota
    vars:
      services: {api: true, scheduler: true}
- project-template:
    name: python-jobs
    check:
      jobs: [tox-pep8, tox-py311, tox-docs]
    gate:
      jobs: [tox-pep8, tox-py311]
`;

function projectConfig(i: number): string {
  return `
- job:
    name: p${i}-functional
    parent: tox
    description: Functional tests of project ${i}.
    irrelevant-files: &irrelevant
      - ^doc/.*$
      - ^.*\\.rst$
    vars:
      tox_envlist: functional
      project_index: ${i}
- job:
    name: p${i}-integration
    parent: integration
    irrelevant-files: *irrelevant
    dependencies:
      - name: p${i}-functional
        soft: true
    vars:
      services: {p${i}: true, scheduler: false}
      script_args: "{{ zuul.project.src_dir }}/tools/run.sh"
- job:
    name: p${i}-integration
    branches: ^stable/.*$
    nodeset: ubuntu-jammy
- project:
    queue: shared-${i % 20}
    templates: [python-jobs]
    check:
      jobs:
        - p${i}-functional
        - p${i}-integration
        - tox-py311:
            voting: false
    gate:
      jobs:
        - p${i}-functional
        - p${i}-integration
`;
}

/**
 * Generates a tenant of `projects` projects (a tenth of them with a stable branch), then times: parsing the tenant
 * file and every configuration file, building and validating the layout, and freezing each project's check job
 * graph for a code change on master.
 */
export async function benchGateConfigLoad(projects = 1000): Promise<GateConfigLoadBench> {
  const names = Array.from({ length: projects }, (_, i) => `org/project-${i}`);
  const tenantText = `- tenant:\n    name: bench\n    source:\n      gerrit:\n        config-projects:\n          - org/config\n        untrusted-projects:\n${names.map((n) => `          - ${n}\n`).join('')}`;
  const repos: Record<string, TenantRepos[string]> = {
    'org/config': { branches: { master: { 'zuul.yaml': SHARED } } },
  };
  let configFiles = 1;
  let configBytes = SHARED.length;
  names.forEach((name, i) => {
    const text = projectConfig(i);
    const branches: Record<string, Record<string, string>> = { master: { '.zuul.yaml': text } };
    if (i % 10 === 0) branches['stable/2024.1'] = { '.zuul.yaml': text };
    configFiles += Object.keys(branches).length;
    configBytes += text.length * Object.keys(branches).length;
    repos[name] = { branches };
  });

  const t0 = performance.now();
  const { tenants, errors: tenantErrors } = parseTenantConfig(tenantText, 'main.yaml');
  const reporter = new Reporter([...tenantErrors]);
  const { parsed, view } = loadTenantConfig(tenants[0]!, repos, reporter);
  const t1 = performance.now();
  const layout = buildLayout(tenants[0]!, parsed, view, reporter);
  const t2 = performance.now();
  let frozenJobs = 0;
  let freezeErrors = 0;
  for (const project of names) {
    const result = freezeJobGraph(layout, { project, pipeline: 'check', branch: 'master', files: ['src/main.py'] });
    frozenJobs += result.graph.jobs.length;
    freezeErrors += result.errors.length;
  }
  const t3 = performance.now();
  let jobVariants = 0;
  for (const variants of layout.jobs.values()) jobVariants += variants.length;
  const errors = layout.errors.filter((e) => e.severity === 'error').length + freezeErrors;
  const ms = (x: number) => Math.round(x * 10) / 10;
  const figures = {
    projects,
    configFiles,
    configBytes,
    jobVariants,
    frozenJobs,
    errors,
    parseMs: ms(t1 - t0),
    layoutMs: ms(t2 - t1),
    freezeMs: ms(t3 - t2),
    totalMs: ms(t3 - t0),
  };
  const summary =
    `gate config: ${projects} projects, ${configFiles} files (${Math.round(configBytes / 1024)} KiB), ` +
    `${jobVariants} job variants → parse ${figures.parseMs} ms, layout ${figures.layoutMs} ms, ` +
    `freeze ${frozenJobs} jobs ${figures.freezeMs} ms, total ${figures.totalMs} ms, ${errors} errors`;
  return { ...figures, summary };
}
