// A tenant for the scheduler's tests and the end-to-end tests: a config-project with check and gate pipelines
// (Zuul's reference pipelines, reduced) and a base job, and untrusted projects sharing the `integrated` queue.

export const TEST_PIPELINES = `- pipeline:
    name: check
    manager: independent
    trigger:
      gerrit:
        - event: patchset-created
        - event: comment-added
          comment: (?i)^\\s*recheck
    success:
      gerrit:
        Verified: 1
    failure:
      gerrit:
        Verified: -1
- pipeline:
    name: gate
    manager: dependent
    require:
      gerrit:
        open: true
        current-patchset: true
        approval:
          - Workflow: 1
    trigger:
      gerrit:
        - event: comment-added
          approval:
            - Workflow: 1
    start:
      gerrit:
        Verified: 0
    success:
      gerrit:
        Verified: 2
        submit: true
    failure:
      gerrit:
        Verified: -2
- job:
    name: base
    parent: null
    run: playbooks/base.yaml
- job:
    name: test
`;

/** The in-repo `.zuul.yaml` of an untrusted project of the test tenant: `test` in check and gate, shared queue. */
export const TEST_PROJECT_CONFIG = `- project:
    queue: integrated
    check:
      jobs: [test]
    gate:
      jobs: [test]
`;

export function testTenantFile(projects: readonly string[], connection = 'gerrit'): string {
  return `- tenant:
    name: example
    source:
      ${connection}:
        config-projects:
          - config
        untrusted-projects:
${projects.map((p) => `          - ${p}`).join('\n')}
`;
}

/** The test pipelines with a base job that runs on one `local` node (for tests with the real Ansible executor). */
export const TEST_PIPELINES_LOCAL_NODE = TEST_PIPELINES.replace(
  '- job:\n    name: base\n    parent: null\n    run: playbooks/base.yaml\n',
  '- job:\n    name: base\n    parent: null\n    nodeset:\n      nodes:\n        - name: node\n          label: local\n    run: playbooks/base.yaml\n',
);

/** An untrusted project's `.zuul.yaml` with one job, `unit` (its playbook `playbooks/unit.yaml`), in check and gate. */
export const TEST_UNIT_PROJECT_CONFIG = `- job:
    name: unit
    run: playbooks/unit.yaml
- project:
    queue: integrated
    check:
      jobs: [unit]
    gate:
      jobs: [unit]
`;
